"""Test-only: `python -m tests.e2e.moved_clock run lib/web.py ...` is `streamlit run`, on a clock a test moves on.

The server's lib.clock.now() is the pinned clock plus the seconds written in the file that
HOME_PRACTICE_CLOCK_SHIFT names: a test writes a larger number there and, for the app, that
much time has passed (an hour of idling in a second). The app's own code has no switch for it.
"""

import os
import sys
from datetime import timedelta
from pathlib import Path

from lib import clock

SHIFT = "HOME_PRACTICE_CLOCK_SHIFT"
_pinned_now = clock.now


def moved_now():
    """Return the pinned clock's time plus the shift the test has written."""
    try:
        seconds = float(Path(os.environ[SHIFT]).read_text())
    except (KeyError, OSError, ValueError):
        seconds = 0.0
    return _pinned_now() + timedelta(seconds=seconds)


def move_on(path, minutes):
    """Let `minutes` more pass on the server's clock (the shift file at path)."""
    before = float(path.read_text() or 0) if path.exists() else 0.0
    path.write_text(str(before + minutes * 60))


if __name__ == "__main__":
    clock.now = moved_now  # every caller asks clock.now() at call time: the whole app follows
    from streamlit.web.cli import main

    sys.argv[0] = "streamlit"
    main()
