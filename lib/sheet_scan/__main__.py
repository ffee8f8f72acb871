"""Read a photo of a marked sheet and print what it shows as JSON (nothing is saved).

    python -m lib.sheet_scan IMAGE --db PATH

Prints the sheet id and page, and per box the task id, date, state and confidence. Runs as
the clinic's first lead (every family). Exit status 1 with {"error": ...} when the photo
cannot be read.
"""

import argparse
import json
import sys
from pathlib import Path

from lib import db
from lib.errors import DomainError
from lib.models import Actor
from lib.sheet_scan.reading import read_sheet


def _lead(cur):
    found = db.row(
        cur,
        Actor,
        "SELECT id, username, display_name, role, discipline FROM users"
        " WHERE role = 'lead' AND active ORDER BY id LIMIT 1",
    )
    if found is None:
        raise DomainError("This database has no clinic lead yet: finish the first-run setup.")
    return found


def reading_json(reading):
    """Return a Reading as plain JSON data."""
    return {
        "sheet_id": reading.sheet_id,
        "page": reading.page,
        "family_id": reading.family_id,
        "kind": reading.kind,
        "boxes": [
            {
                "box": b.index,
                "task_id": b.assignment_id,
                "date": b.practice_date.isoformat() if b.practice_date else None,
                "state": b.state,
                "confidence": b.confidence,
                "already_ticked": b.saved_evidence is not None,
            }
            for b in reading.boxes
        ],
        "messages": list(reading.messages),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m lib.sheet_scan", description=__doc__.splitlines()[0])
    parser.add_argument("image", type=Path, help="a JPEG, PNG or HEIC photo, or a PDF scan")
    parser.add_argument("--db", type=Path, default=None, help="the database file (default: HOME_PRACTICE_DB)")
    args = parser.parse_args(argv)
    con = db.connect(args.db)
    try:
        with con.cursor() as cur:
            out = reading_json(read_sheet(cur, _lead(cur), args.image.read_bytes()))
    except (DomainError, OSError) as exc:
        print(json.dumps({"error": str(exc)}))
        return 1
    finally:
        con.close()
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
