"""The append-only audit trail: one row for every write, in the write's transaction."""

import json


def record(cur, actor, action, entity, entity_id=None, **detail):
    """Append one audit row for a write made by actor (None for the system)."""
    cur.execute(
        "INSERT INTO audit_log (user_id, action, entity, entity_id, detail) VALUES (?, ?, ?, ?, ?)",
        [getattr(actor, "id", None), action, entity, entity_id, json.dumps(detail, default=str)],
    )


def list_entries(cur, entity=None, entity_id=None, limit=200):
    """Return the newest audit rows, optionally for one entity."""
    return cur.execute(
        "SELECT logged_at, user_id, action, entity, entity_id, detail FROM audit_log"
        " WHERE ($entity IS NULL OR entity = $entity) AND ($eid IS NULL OR entity_id = $eid)"
        " ORDER BY id DESC LIMIT $limit",
        {"entity": entity, "eid": entity_id, "limit": limit},
    ).fetchall()


def data_version(cur):
    """Return a number that changes with every write (every write is audited)."""
    return cur.execute("SELECT coalesce(max(id), 0) FROM audit_log").fetchone()[0]
