"""Sheet-reading benchmark: the app's own marked sheets, marked by hand (simulated) and photographed.

    .venv/bin/python -m tests.bench_sheets [--sheets 30] [--seed 1]

Builds a small clinic in memory (families with 1-6 tasks, daily, set-weekday and "any N days"
schedules), prints fridge sheets (one week and a fortnight, A4 and US Letter) and star charts,
renders each PDF (pypdfium2), draws ticks, crosses, stars, stickers, scribbles and coloured stars
in random boxes (tests/sheet_photos.py), then photographs it at each distortion level (mild,
moderate, hard: perspective up to 10/20/30 degrees, turned up to 5/15/30 degrees, blur, uneven
light, shadows, JPEG quality 85/60/40, 3/2/1 megapixels) and reads it with lib.sheet_scan.

Per level it prints: sheets read (markers and code found), boxes right (state as drawn: a
scribbled-out box is right when asked), share asked (read unclear), confident wrong (read ticked
or empty, and wrong), and time per sheet (reading only: decode, find, straighten, read, compare).
It asserts nothing.
"""

import argparse
import statistics
import time
from datetime import date

import numpy as np

from lib import db, printables
from lib.errors import DomainError
from lib.sheet_scan import load_printed_sheet, print_marked_sheet, read_sheet
from tests.factories import make_assignment, make_family, make_user
from tests.sheet_photos import LEVELS, MARK_STATE, sheet_photo

TODAY = date(2026, 11, 25)
# what a family draws in a box (shares); scribbled-out boxes are rare on real sheets
BOX_MARKS = {None: 0.42, "tick": 0.3, "cross": 0.12, "star": 0.08, "sticker": 0.07, "scribble": 0.01}
STAR_MARKS = {None: 0.3, "colour": 0.5, "tick": 0.1, "sticker": 0.1}
SCHEDULES = ({"weekdays": None}, {"weekdays": [0, 2, 4]}, {"days_per_week": 4}, {"weekdays": [1, 3, 5, 6]})


def clinic(seed):
    """Return (cursor, therapist, [(pdf, PrintedSheet)]) for a varied set of printed sheets."""
    rng = np.random.default_rng(seed)
    con = db.connect(":memory:")
    cur = con.cursor()
    therapist = make_user(cur)
    # a fixed clinic key: the same codes, so the same photos, on every run
    cur.execute(
        "INSERT INTO sheet_secret (id, value) VALUES (1, ?)",
        [bytes(rng.integers(0, 256, 32, dtype=np.uint8))],
    )
    sheets = []
    for n in range(8):
        family = make_family(cur, f"Family {n}", therapist=therapist)
        for t in range(1 + n % 6):
            schedule = SCHEDULES[int(rng.integers(len(SCHEDULES)))]
            make_assignment(
                cur,
                family,
                therapist,
                f"Task {t} of family {n}",
                start=date(2026, 11, 2),
                reward_ticks=5,
                **schedule,
            )
        sheet = printables.load_family_sheet(cur, therapist, family, TODAY)
        for kind, weeks, paper in (("fridge", 1, "A4"), ("fridge", 2, "US Letter"), ("stars", 1, "A4")):
            if kind == "stars" and n % 2:
                continue
            pdf = print_marked_sheet(cur, therapist, kind, sheet, date(2026, 11, 9), weeks, paper)
            sheet_id = cur.execute("SELECT max(id) FROM printed_sheets").fetchone()[0]
            sheets.append((pdf, load_printed_sheet(cur, sheet_id)))
    return cur, therapist, sheets


def _marks(boxes, rng):
    marks = {}
    for i, box in enumerate(boxes):
        if box.page != 1:
            continue
        table = STAR_MARKS if box.shape == "star" else BOX_MARKS
        marks[i] = list(table)[rng.choice(len(table), p=list(table.values()))]
    return marks


def run_level(cur, therapist, sheets, level, count, seed):
    """Photograph and read `count` sheets at a level; return the level's figures."""
    rng = np.random.default_rng(seed)
    boxes = right = asked = wrong = read = 0
    seconds, missed = [], {}
    for k in range(count):
        pdf, printed = sheets[k % len(sheets)]
        marks = _marks(printed.boxes, rng)
        photo = sheet_photo(pdf, printed.boxes, marks, level, seed=int(rng.integers(1 << 30)))
        start = time.perf_counter()
        try:
            reading = read_sheet(cur, therapist, photo, printed.family_id, today=TODAY)
        except DomainError as exc:
            seconds.append(time.perf_counter() - start)
            why = ("not read", "corners" if "corner squares" in str(exc) else "code", type(exc).__name__)
            missed[why] = missed.get(why, 0) + 1
            continue
        seconds.append(time.perf_counter() - start)
        read += 1
        for box in reading.boxes:
            truth = MARK_STATE[marks.get(box.index)]
            boxes += 1
            right += box.state == truth
            asked += box.state == "unclear"
            wrong += box.state != "unclear" and box.state != truth
            if box.state != truth:
                what = (marks.get(box.index) or "empty", box.shape, box.state)
                missed[what] = missed.get(what, 0) + 1
    return {
        "level": level,
        "sheets": count,
        "read": read,
        "boxes": boxes,
        "right": right / max(boxes, 1),
        "asked": asked / max(boxes, 1),
        "wrong": wrong / max(boxes, 1),
        "median_s": statistics.median(seconds),
        "max_s": max(seconds),
        "missed": missed,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sheets", type=int, default=30, help="photos per distortion level")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--detail", action="store_true", help="list the boxes not read as drawn")
    args = parser.parse_args()
    cur, therapist, sheets = clinic(args.seed)
    print(f"{len(sheets)} printed sheets; {args.sheets} photos per level")
    print(
        f"{'level':<9} {'sheets read':>12} {'boxes':>6} {'right':>8} {'asked':>7} {'conf. wrong':>12} {'s/sheet':>8} {'max s':>6}"
    )
    for n, level in enumerate(LEVELS):
        r = run_level(cur, therapist, sheets, level, args.sheets, args.seed * 100 + n)
        print(
            f"{level:<9} {r['read']:>5}/{r['sheets']:<6} {r['boxes']:>6} {r['right']:>8.2%} {r['asked']:>7.2%}"
            f" {r['wrong']:>12.2%} {r['median_s']:>8.2f} {r['max_s']:>6.2f}"
        )
        if args.detail:
            for (mark, shape, state), n in sorted(r["missed"].items(), key=lambda kv: -kv[1]):
                if mark == "not read":
                    print(f"          {n:>4} x sheet not read: {shape} not found ({state})")
                else:
                    print(f"          {n:>4} x {mark} in a {shape} read as {state}")


if __name__ == "__main__":
    main()
