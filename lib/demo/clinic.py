"""Fill an empty database with the demo clinic (lib.demo's command line calls this)."""

from lib import audit, clock, db
from lib.assignments import templates
from lib.demo.builder import Builder
from lib.figures import week_summary
from lib.settings import init_settings


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
