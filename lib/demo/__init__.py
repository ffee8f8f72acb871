"""Build a synthetic demo clinic, deterministically, in bulk.

    python -m lib.demo --db PATH --families N --weeks W --seed S [--today YYYY-MM-DD]

Every name is invented. Practice follows the patterns a clinic sees: steady, fading,
recovering, chronic non-completion and families who stopped altogether.

data     the invented therapists, names and relations, and the practice patterns
builder  makes every table's rows in memory and inserts them in bulk
"""

import argparse
from datetime import date
from pathlib import Path

from lib import audit, clock, db, templates, week_summary
from lib.demo.builder import Builder
from lib.demo.data import DEMO_PASSWORD, THERAPISTS, load_templates
from lib.settings import init_settings

__all__ = ["DEMO_PASSWORD", "THERAPISTS", "build_demo", "load_templates", "main"]


def build_demo(con, families=40, weeks=26, seed=7, today=None):
    """Fill an empty database with a demo clinic; return row counts per table."""
    today = today or clock.today()
    with con.cursor() as cur:
        if cur.execute("SELECT count(*) FROM users").fetchone()[0]:
            raise ValueError("The database already has accounts; the demo needs an empty one.")
        with db.transaction(cur):
            init_settings(cur, clinic_name="Riverside Children's Therapy", is_demo=True)
            Builder(cur, families, weeks, seed, today).build()
            week_summary.ensure(cur, today)  # summarised once here, not on the first page
            templates.seed_templates(cur)
            audit.record(cur, None, "create", "demo", None, families=families, weeks=weeks, seed=seed)
        tables = ["users", "families", "sessions", "assignments", "ticks", "skip_days"]
        return {t: cur.execute("SELECT count(*) FROM " + t).fetchone()[0] for t in tables}  # noqa: S608


def main(argv=None):
    """Run the command line: build a demo clinic into --db (or skip with --if-missing)."""
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
    con = db.connect(args.db, memory_limit="4GB")  # the whole clinic commits in one transaction
    counts = build_demo(con, args.families, args.weeks, args.seed, args.today)
    con.execute("CHECKPOINT")
    con.close()
    print("Demo clinic written to", args.db, counts)
