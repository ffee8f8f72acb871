"""CSV for spreadsheets without formula injection: a cell that a spreadsheet would run is made text.

A cell starting with = + - @ (or a tab or carriage return, which some spreadsheets skip before
reading a formula) gets a leading single quote, so Excel, LibreOffice and Sheets show it as typed.
"""

import pandas as pd

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """Return value made harmless for a spreadsheet (only text that starts like a formula changes)."""
    if isinstance(value, str) and value.startswith(TRIGGERS):
        return "'" + value
    return value


def safe_frame(frame):
    """Return a copy of the frame with every text cell made harmless (numbers stay numbers)."""
    out = frame.copy()
    for column in out.columns:
        if not pd.api.types.is_numeric_dtype(out[column]) and not pd.api.types.is_bool_dtype(out[column]):
            out[column] = out[column].map(safe_cell)
    out.columns = [safe_cell(str(c)) for c in out.columns]
    return out


def to_csv_bytes(frame):
    """Return the frame as UTF-8 CSV bytes with formula cells neutralised."""
    return safe_frame(frame).to_csv(index=False).encode("utf-8")
