"""Build a synthetic demo clinic, deterministically, in bulk.

    python -m lib.demo --db PATH --families N --weeks W --seed S [--today YYYY-MM-DD]

Every name is invented. Practice follows the patterns a clinic sees: steady, fading,
recovering, chronic non-completion and families who stopped altogether.

clinic   build_demo: the whole clinic in one transaction
data     the invented therapists, names and relations, and the practice patterns
builder  makes every table's rows in memory and inserts them in bulk
"""

import argparse
from datetime import date
from pathlib import Path

from lib import db


def main(argv=None):
    """Run the command line: build a demo clinic into --db (or skip with --if-missing).

    `make run` calls it with --if-missing on every start: the builder (pandas, numpy, argon2)
    is imported only when a clinic is built."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=str(db.db_path()))
    parser.add_argument("--families", type=int, default=40)
    parser.add_argument("--weeks", type=int, default=26)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--today", type=date.fromisoformat, default=None)
    parser.add_argument("--if-missing", action="store_true", help="do nothing when the file exists")
    args = parser.parse_args(argv)
    if args.if_missing and Path(args.db).exists():
        return
    from lib.demo.clinic import build_demo  # noqa: PLC0415

    con = db.connect(args.db, memory_limit="4GB")  # the whole clinic commits in one transaction
    counts = build_demo(con, args.families, args.weeks, args.seed, args.today)
    con.execute("CHECKPOINT")
    con.close()
    print("Demo clinic written to", args.db, counts)
