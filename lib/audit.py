"""The append-only audit trail: one row for every write, export and download, in the write's transaction.

Nothing in the app updates or deletes audit rows; the clinic lead reads them (`list_entries`)
on the audit page and can export them.
"""

import json
from datetime import date, datetime, time, timedelta

from lib.access import VISIBLE_FAMILIES_SQL, require_family, require_lead, scope

ACTIONS_SHOWN = 5000  # the most rows a CSV of the audit page holds
PAGE_ROWS = 100  # the rows the audit page shows at once

# The family an audit row is about: the family itself, its task (a tick, a review, its barrier
# answers) or session, or a record whose detail names it; NULL when none can be said. Worked
# out when the row is written (`record`) and kept in audit_log.family_id (migration 015).
FAMILY_OF_ROW_SQL = """
    CASE
        WHEN a.entity = 'family' THEN a.entity_id
        WHEN a.entity IN ('assignment', 'tick', 'barrier_answers')
            THEN (SELECT s.family_id FROM assignments s WHERE s.id = a.entity_id)
        WHEN a.entity = 'session' THEN (SELECT s.family_id FROM sessions s WHERE s.id = a.entity_id)
        ELSE TRY_CAST(json_extract_string(a.detail, '$.family_id') AS BIGINT)
    END
"""

# The first day a write about ticks or skip days touches (NULL for any other write): figures
# judged on an earlier day cannot change with it (a figure is a function of family and week).
# Kept in audit_log.first_day.
DAY_OF_ROW_SQL = """
    CASE
        WHEN a.action IN ('tick', 'untick', 'unskip') OR (a.action = 'update' AND a.entity = 'tick')
            THEN TRY_CAST(json_extract_string(a.detail, '$.day') AS DATE)
        WHEN a.action = 'skip' THEN TRY_CAST(json_extract_string(a.detail, '$.first') AS DATE)
    END
"""

# One statement: the row, its family (read in the write's own transaction, so a task created in
# it is found) and its first day, by the rules above applied to the values written.
_RECORD_SQL = " ".join(
    (
        """INSERT INTO audit_log (user_id, action, entity, entity_id, detail, family_id, first_day)
        SELECT a.user_id, a.action, a.entity, a.entity_id, a.detail,""",
        FAMILY_OF_ROW_SQL,
        ",",
        DAY_OF_ROW_SQL,
        """FROM (SELECT CAST($user AS INTEGER) AS user_id, CAST($action AS VARCHAR) AS action,
                   CAST($entity AS VARCHAR) AS entity, CAST($entity_id AS BIGINT) AS entity_id,
                   CAST($detail AS JSON) AS detail) a""",
    )
)


def record(cur, actor, action, entity, entity_id=None, **detail):
    """Append one audit row for a write made by actor (None for the system), with its family and day."""
    cur.execute(
        _RECORD_SQL,
        {
            "user": getattr(actor, "id", None),
            "action": action,
            "entity": entity,
            "entity_id": entity_id,
            "detail": json.dumps(detail, default=str),
        },
    )


def record_change(cur, actor, entity, entity_id, old, new, **detail):
    """Append an "update" row holding the changed fields' values before and after."""
    changed = [k for k in new if old.get(k) != new[k]]
    record(
        cur,
        actor,
        "update",
        entity,
        entity_id,
        before={k: old.get(k) for k in changed},
        after={k: new[k] for k in changed},
        **detail,
    )


def record_download(cur, actor, what, family_id=None, **detail):
    """Append a "download" row: who took which file (and of which family) out of the app."""
    if family_id is not None:
        require_family(cur, actor, family_id)
    record(
        cur,
        actor,
        "download",
        "family" if family_id is not None else "clinic",
        family_id,
        what=what,
        **detail,
    )


def list_entries(cur, entity=None, entity_id=None, limit=200):
    """Return the newest audit rows, optionally for one entity."""
    return cur.execute(
        "SELECT logged_at, user_id, action, entity, entity_id, detail FROM audit_log"
        " WHERE ($entity IS NULL OR entity = $entity) AND ($eid IS NULL OR entity_id = $eid)"
        " ORDER BY id DESC LIMIT $limit",
        {"entity": entity, "eid": entity_id, "limit": limit},
    ).fetchall()


# The family of a row as the audit page reads it: the one kept with the row (FAMILY_OF_ROW_SQL, at
# write time), else what the row itself says (imported rows carry it in their detail). No lookup
# of other tables per row: the page stays fast on a log of millions of rows.
KEPT_FAMILY_SQL = """
    CASE
        WHEN a.family_id IS NOT NULL THEN a.family_id
        WHEN a.entity = 'family' THEN a.entity_id
        ELSE TRY_CAST(json_extract_string(a.detail, '$.family_id') AS BIGINT)
    END
"""

_MATCHING_SQL = " ".join(
    (
        "SELECT a.*,",
        KEPT_FAMILY_SQL,
        """AS row_family FROM audit_log a
    WHERE ($user IS NULL OR a.user_id = $user) AND ($action IS NULL OR a.action = $action)
      AND ($first IS NULL OR a.logged_at >= $first) AND ($after IS NULL OR a.logged_at < $after)""",
    )
)

# who did it, the family (named only when the reader may see it) and the account acted on: joined
# for the page's rows only, after the newest `limit` matching rows are picked
_SEARCH_SQL = " ".join(
    (
        "WITH picked AS (SELECT * FROM (",
        _MATCHING_SQL,
        """) m WHERE ($family IS NULL OR m.row_family = $family)
            ORDER BY m.id DESC LIMIT $limit OFFSET $offset
        )
        SELECT p.id, p.logged_at, p.user_id, u.username, u.display_name AS who, p.action, p.entity,
               p.entity_id, p.row_family AS family_id,
               CASE WHEN p.row_family IN (""",
        VISIBLE_FAMILIES_SQL,
        """) THEN f.display_name END AS family,
               t.display_name AS user_name, p.detail
        FROM picked p
        LEFT JOIN users u ON u.id = p.user_id
        LEFT JOIN users t ON p.entity = 'user' AND t.id = p.entity_id
        LEFT JOIN families f ON f.id = p.row_family
        ORDER BY p.id DESC""",
    )
)

_COUNT_SQL = " ".join(
    ("SELECT count(*) FROM (", _MATCHING_SQL, ") m WHERE ($family IS NULL OR m.row_family = $family)")
)


def _filters(user_id, family_id, action, start, end):
    return {
        "user": user_id,
        "family": family_id,
        "action": action,
        "first": datetime.combine(start, time()) if isinstance(start, date) else None,
        "after": datetime.combine(end + timedelta(days=1), time()) if isinstance(end, date) else None,
    }


def search(
    cur, actor, user_id=None, family_id=None, action=None, start=None, end=None, limit=ACTIONS_SHOWN, offset=0
):
    """Return the audit rows matching the filters, newest first, as a DataFrame (clinic lead only).

    Columns: id, logged_at, user_id, username, who (their name), action, entity, entity_id,
    family_id, family (its name, when actor may see it), user_name (the account acted on), detail.
    offset skips that many of the newest rows (a page further back).
    """
    require_lead(actor)
    params = {**_filters(user_id, family_id, action, start, end), **scope(actor)}
    return cur.execute(_SEARCH_SQL, {**params, "limit": int(limit), "offset": int(offset)}).df()


def count_matching(cur, actor, user_id=None, family_id=None, action=None, start=None, end=None):
    """Return how many audit rows match the filters (clinic lead only)."""
    require_lead(actor)
    return cur.execute(_COUNT_SQL, _filters(user_id, family_id, action, start, end)).fetchone()[0]


def list_actions(cur, actor):
    """Return the distinct actions found in the audit log, for the page's filter (clinic lead only)."""
    require_lead(actor)
    return [r[0] for r in cur.execute("SELECT DISTINCT action FROM audit_log ORDER BY action").fetchall()]
