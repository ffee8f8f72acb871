"""Tasks past their review date with no review since: the caseload flags them (the reminders go on)."""

import pandas as pd

from lib import clock
from lib.access import VISIBLE_FAMILIES_SQL, scope
from lib.assignments.records import STATE_TODAY_SQL
from lib.words import date_text

FLAG = "review overdue"

# Tasks running on the day (a pause planned ahead still runs) whose review date has passed
# without a homework review on or after it,
# in the families the actor may see; every value is a parameter.
_OVERDUE_SQL = (
    """
    SELECT a.family_id, a.title, a.review_date
    FROM assignments a
    WHERE """  # noqa: S608
    + STATE_TODAY_SQL
    + """ = 'active' AND a.review_date < $as_of
      AND NOT EXISTS (SELECT 1 FROM homework_reviews r
                      WHERE r.assignment_id = a.id AND r.reviewed_on >= a.review_date)
      AND a.family_id IN ("""
    + VISIBLE_FAMILIES_SQL
    + ") ORDER BY a.family_id, a.review_date, a.id"
)


def overdue_reviews(cur, actor, family_ids=None, as_of=None):
    """Return a DataFrame (family_id, flag, why): one row per active task whose review is overdue."""
    as_of = as_of or clock.today()
    params = {"as_of": as_of, "today": as_of, **scope(actor, family_ids)}
    rows = cur.execute(_OVERDUE_SQL, params).fetchall()
    return pd.DataFrame(
        [
            (family_id, FLAG, f'Review of "{title}" was due on {date_text(due)}.')
            for family_id, title, due in rows
        ],
        columns=["family_id", "flag", "why"],
    )
