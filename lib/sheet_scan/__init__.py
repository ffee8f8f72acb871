"""Reading a photographed fridge sheet or star chart back into ticks.

codes     the code printed on a sheet: its id, page and the clinic's check (HMAC)
registry  printing a marked sheet registers what each box stands for
images    an upload (JPEG, PNG, HEIC, PDF) into pixels
locate    corner markers, the code, and a straightened page
measure   each box measured on its own printed outline: ink, faint strokes, spill, blur
boxes     the rules that read a measure: ticked, empty or unclear, with a confidence
reading   read_sheet: a Reading compared with the ticks already saved (nothing written)
save      save_reading: the confirmed ticks and the photo in one transaction; the photos kept
`python -m lib.sheet_scan IMAGE --db PATH` prints a reading as JSON.
"""

from lib.sheet_scan.boxes import EMPTY, STATES, TICKED, UNCLEAR
from lib.sheet_scan.codes import NotOurSheet
from lib.sheet_scan.locate import SheetNotFound
from lib.sheet_scan.reading import CAUSE_WORDS, BoxResult, Reading, WrongFamily, read_sheet
from lib.sheet_scan.registry import KIND_WORDS, PrintedSheet, load_printed_sheet, print_marked_sheet

__all__ = [
    "CAUSE_WORDS",
    "EMPTY",
    "KIND_WORDS",
    "STATES",
    "TICKED",
    "UNCLEAR",
    "BoxResult",
    "NotOurSheet",
    "PrintedSheet",
    "Reading",
    "SheetNotFound",
    "WrongFamily",
    "load_printed_sheet",
    "print_marked_sheet",
    "read_sheet",
]
