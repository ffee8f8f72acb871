"""Sheet-reading benchmark: the app's own marked sheets, marked by hand (simulated) and photographed.

    .venv/bin/python -m tests.bench_sheets [--sheets 30] [--per-condition 10] [--only curved,glare] [--seed 1]

Builds a small clinic in memory (families with 1-6 tasks, daily, set-weekday and "any N days"
schedules), prints fridge sheets (one week and a fortnight, A4 and US Letter) and star charts,
renders each PDF (pypdfium2), draws ticks, crosses, stars, stickers, scribbles and coloured stars
in random boxes (tests/sheet_photos.py), then photographs it at each distortion level (mild,
moderate, hard: perspective up to 10/20/30 degrees, turned up to 5/15/30 degrees, blur, uneven
light, shadows, JPEG quality 85/60/40, 3/2/1 megapixels) and reads it with lib.sheet_scan.

Per level it prints: sheets read (markers and code found), boxes right (state as drawn: a
scribbled-out or crossed-out box is right when asked), share asked (read unclear), confident wrong
(read ticked or empty, and wrong), and time per sheet (reading only: decode, find, straighten,
read, compare). Then the same per condition of a family's photo (tests/sheet_photos.CONDITIONS:
curved, creased, sleeve glare, photocopy, dim, motion blur, defocus, 12 MP, chat app) and of the
marks (pencil, stickers, coloured-in boxes, crossed-out ticks, a neighbour's ink), each alone and
in COMBINATIONS of 2-4, all conditions together, the figures per mark, and a calibration table
(how often a box answered with a given confidence is right). `--only a,b` runs the conditions and
combinations made of those only (the photos are the same as in a full run). `--mix blacked` runs
each photo condition alone, and the combinations made of photo conditions only (4 of the 13), with
a mix held apart from the family's (HELD_APART: boxes blacked out in pen, dark disc stickers,
crossed-out ticks); `--mix zigzag` the same with the pen blacked out as a hand does it (over a
side, bowing out, short of a corner); use either with `--sheets 0` (the levels draw pen marks).
It asserts nothing.
"""

import argparse
import statistics
import time
import zlib
from datetime import date

import numpy as np

from lib import db, printables
from lib.errors import DomainError
from lib.sheet_scan import load_printed_sheet, print_marked_sheet, read_sheet
from tests.factories import make_assignment, make_family, make_user
from tests.sheet_photos import CONDITIONS, LEVELS, MARK_STATE, sheet_photo, with_neighbours

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


# the realistic family mix: mostly pen, some pencil, stickers, coloured boxes, overflowing marks
FAMILY_MARKS = {
    None: 0.4,
    "tick": 0.19,
    "cross": 0.08,
    "star": 0.05,
    "pencil": 0.05,
    "disc_light": 0.03,
    "disc_dark": 0.03,
    "star_light": 0.03,
    "star_dark": 0.03,
    "filled": 0.04,
    "crossed": 0.02,
    "neighbour": 0.04,
    "scribble": 0.01,
}
# conditions about how the family marked: each replaces the mix of marks
MARK_MIXES = {
    "pencil": {None: 0.45, "pencil": 0.45, "tick": 0.1},
    "stickers": {None: 0.4, "disc_light": 0.15, "disc_dark": 0.15, "star_light": 0.15, "star_dark": 0.15},
    "coloured": {None: 0.45, "filled": 0.45, "tick": 0.1},
    "crossed": {None: 0.4, "tick": 0.35, "crossed": 0.25},
    "neighbour": {None: 0.25, "neighbour": 0.35, "tick": 0.4},
}
STAR_MIXES = {
    "stickers": {None: 0.3, "disc_light": 0.2, "disc_dark": 0.15, "star_light": 0.2, "star_dark": 0.15},
    "pencil": {None: 0.4, "pencil": 0.5, "colour": 0.1},
}
# a mix held apart from the family's (--mix): boxes blacked out in pen, beside what looks most like
# them (dark disc stickers, ticks crossed out), under every photo condition
HELD_APART = {
    "blacked": {None: 0.2, "scribble": 0.4, "disc_dark": 0.25, "crossed": 0.15},
    # blacked out by a hand: over a side, bowing out, short of a corner (the scribble above is tidy)
    "zigzag": {None: 0.2, "zigzag": 0.4, "disc_dark": 0.25, "crossed": 0.15},
}
COMBINATIONS = (
    ("curved", "12mp"),
    ("glare", "stickers"),
    ("photocopy", "stickers"),
    ("dim", "pencil"),
    ("motion", "chat"),
    ("defocus", "12mp"),
    ("crossed", "12mp"),  # a sharp photo: the zigzag's lines stay apart, not blacked out
    ("curved", "crease", "chat"),
    ("glare", "curved", "neighbour"),
    ("photocopy", "coloured", "crease"),
    ("dim", "crossed", "chat"),
    ("curved", "dim", "pencil", "12mp"),
    ("glare", "photocopy", "stickers", "chat"),
)


def _marks(boxes, rng, conditions=(), mix=None):
    mixes = [c for c in conditions if c in MARK_MIXES]
    if mix:
        box_table = HELD_APART[mix]
    else:
        box_table = MARK_MIXES[mixes[0]] if mixes else (FAMILY_MARKS if conditions else BOX_MARKS)
    star_table = STAR_MIXES.get(mixes[0], STAR_MARKS) if mixes else STAR_MARKS
    marks = {}
    for i, box in enumerate(boxes):
        if box.page != 1:
            continue
        table = star_table if box.shape == "star" else box_table
        mark = list(table)[rng.choice(len(table), p=list(table.values()))]
        if box.shape == "star" and mark in ("neighbour", "crossed", "filled", "scribble"):
            mark = "tick"
        marks[i] = mark
    # a neighbour's ink is the overlong tick of the box to its left: that box is ticked ("flourish")
    return with_neighbours(boxes, marks)


def _tally():
    return {"boxes": 0, "right": 0, "asked": 0, "wrong": 0}


def run_level(cur, therapist, sheets, level, count, seed, conditions=(), pool=None, mix=None):
    """Photograph and read `count` sheets at a level with conditions; return the figures.

    pool (optional): {"marks": {mark: tally}, "confidence": [(confidence, right)]} to add every box to.
    mix (optional): a HELD_APART mix of marks in place of the family's."""
    rng = np.random.default_rng(seed)
    boxes = right = asked = wrong = read = 0
    seconds, missed = [], {}
    photo_conditions = tuple(c for c in conditions if c not in MARK_MIXES)
    for k in range(count):
        pdf, printed = sheets[k % len(sheets)]
        marks = _marks(printed.boxes, rng, conditions, mix)
        photo = sheet_photo(
            pdf, printed.boxes, marks, level, seed=int(rng.integers(1 << 30)), conditions=photo_conditions
        )
        start = time.perf_counter()
        try:
            reading = read_sheet(cur, therapist, photo, printed.family_id, today=TODAY)
        except DomainError as exc:
            seconds.append(time.perf_counter() - start)
            why = (
                "not read",
                "corners" if "find the sheet's corner squares" in str(exc) else "code",
                type(exc).__name__,
            )
            missed[why] = missed.get(why, 0) + 1
            continue
        seconds.append(time.perf_counter() - start)
        read += 1
        for box in reading.boxes:
            mark = marks.get(box.index)
            truth = MARK_STATE[mark]
            boxes += 1
            right += box.state == truth
            asked += box.state == "unclear"
            wrong += box.state != "unclear" and box.state != truth
            if pool is not None:
                tally = pool["marks"].setdefault(mark or "empty", _tally())
                tally["boxes"] += 1
                tally["right"] += box.state == truth
                tally["asked"] += box.state == "unclear"
                tally["wrong"] += box.state != "unclear" and box.state != truth
                if box.state != "unclear":
                    pool["confidence"].append((box.confidence, box.state == truth))
            if box.state != truth:
                what = (mark or "empty", box.shape, box.state)
                missed[what] = missed.get(what, 0) + 1
    return {
        "level": "+".join(conditions) or level,
        "sheets": count,
        "read": read,
        "boxes": boxes,
        "right": right / max(boxes, 1),
        "asked": asked / max(boxes, 1),
        "wrong": wrong / max(boxes, 1),
        "wrong_n": wrong,
        "right_n": right,
        "asked_n": asked,
        "median_s": statistics.median(seconds),
        "max_s": max(seconds),
        "seconds": seconds,
        "missed": missed,
    }


HEAD = f"{'':<34} {'sheets read':>12} {'boxes':>6} {'right':>8} {'asked':>7} {'conf. wrong':>12} {'s/sheet':>8} {'max s':>6}"


def _row(r, detail):
    print(
        f"{r['level']:<34} {r['read']:>5}/{r['sheets']:<6} {r['boxes']:>6} {r['right']:>8.2%} {r['asked']:>7.2%}"
        f" {r['wrong']:>12.2%} {r['median_s']:>8.2f} {r['max_s']:>6.2f}"
    )
    if detail:
        for (mark, shape, state), n in sorted(r["missed"].items(), key=lambda kv: -kv[1])[:6]:
            if mark == "not read":
                print(f"          {n:>4} x sheet not read: {shape} not found ({state})")
            else:
                print(f"          {n:>4} x {mark} in a {shape} read as {state}")


def _stable(conditions):
    """Return a number for a set of conditions that stays the same whichever others run (--only)."""
    return zlib.crc32("+".join(conditions).encode()) % 997


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sheets", type=int, default=30, help="photos per distortion level")
    parser.add_argument("--per-condition", type=int, default=10, help="photos per condition or combination")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only", default="", help="comma-separated conditions to run (default: all)")
    parser.add_argument("--detail", action="store_true", help="list the boxes not read as drawn")
    parser.add_argument(
        "--mix", choices=sorted(HELD_APART), help="the photo conditions with this mix of marks"
    )
    args = parser.parse_args()
    cur, therapist, sheets = clinic(args.seed)
    print(f"{len(sheets)} printed sheets; {args.sheets} photos per level, {args.per_condition} per condition")
    print("Distortion levels (pen marks)")
    print(HEAD)
    for n, level in enumerate(LEVELS if args.sheets else ()):
        _row(run_level(cur, therapist, sheets, level, args.sheets, args.seed * 100 + n), args.detail)
    pool = {"marks": {}, "confidence": []}
    runs = [(c,) for c in (*CONDITIONS, *MARK_MIXES)] + list(COMBINATIONS)
    if args.mix:  # (the mix replaces the marks conditions, and the combinations with one)
        runs = [r for r in runs if not set(r) & set(MARK_MIXES)]
    if args.only:
        wanted = set(args.only.split(","))
        runs = [r for r in runs if set(r) <= wanted]
    marks = (
        f"the {args.mix} mix of marks"
        if args.mix
        else "a family's mix of marks unless the condition is about marks"
    )
    print(f"\nConditions at 'moderate' ({marks})")
    print(HEAD)
    results = []
    for conditions in runs:
        r = run_level(
            cur,
            therapist,
            sheets,
            "moderate",
            args.per_condition,
            args.seed * 1000 + _stable(conditions),
            conditions,
            pool,
            args.mix,
        )
        results.append(r)
        _row(r, args.detail)
    if not results:
        return
    boxes = sum(r["boxes"] for r in results)
    seconds = [s for r in results for s in r["seconds"]]
    print(
        f"{'all conditions':<34} {sum(r['read'] for r in results):>5}/{sum(r['sheets'] for r in results):<6}"
        f" {boxes:>6} {sum(r['right_n'] for r in results) / boxes:>8.2%}"
        f" {sum(r['asked_n'] for r in results) / boxes:>7.2%} {sum(r['wrong_n'] for r in results) / boxes:>12.2%}"
        f" {statistics.median(seconds):>8.2f} {max(seconds):>6.2f}"
    )
    print(f"worst single condition, confident wrong: {max(r['wrong'] for r in results):.2%}")
    print(f"\n{'mark':<12} {'boxes':>6} {'right':>8} {'asked':>7} {'conf. wrong':>12}")
    for mark, t in sorted(pool["marks"].items(), key=lambda kv: -kv[1]["boxes"]):
        n = max(t["boxes"], 1)
        print(
            f"{mark:<12} {t['boxes']:>6} {t['right'] / n:>8.2%} {t['asked'] / n:>7.2%} {t['wrong'] / n:>12.2%}"
        )
    print(f"\n{'confidence':<12} {'boxes answered':>15} {'right':>8}")
    for low, high in ((0.95, 1.01), (0.8, 0.95), (0.6, 0.8), (0.0, 0.6)):
        inside = [ok for c, ok in pool["confidence"] if low <= c < high]
        label = f">= {low:.2f}" if high > 1 else f"{low:.2f}-{high:.2f}"
        print(f"{label:<12} {len(inside):>15} {sum(inside) / max(len(inside), 1):>8.2%}")


if __name__ == "__main__":
    main()
