"""The caseload: the families an actor looks after, with what needs attention."""

from datetime import date


def caseload(cur, actor, today=None, mine_only=False, statuses=("active", "paused")):
    """Return one row per visible family: therapists, last tick, last and next session."""
    today = today or date.today()
    return cur.execute(
        """
        WITH visible AS (
            SELECT f.* FROM families f
            WHERE list_contains($statuses, f.status)
              AND (($lead AND NOT $mine) OR EXISTS (SELECT 1 FROM family_therapists ft
                   WHERE ft.family_id = f.id AND ft.therapist_id = $me))
        )
        SELECT v.id AS family_id, v.display_name AS family, v.status,
               (SELECT string_agg(u.display_name || ' (' || ft.discipline || ')', ', '
                                  ORDER BY ft.discipline)
                  FROM family_therapists ft JOIN users u ON u.id = ft.therapist_id
                 WHERE ft.family_id = v.id AND ft.active) AS therapists,
               (SELECT max(t.practice_date) FROM ticks t WHERE t.family_id = v.id) AS last_tick,
               (SELECT max(s.starts_at)::DATE FROM sessions s WHERE s.family_id = v.id
                  AND s.status = 'attended' AND s.starts_at::DATE <= $today) AS last_session,
               (SELECT min(s.starts_at)::DATE FROM sessions s WHERE s.family_id = v.id
                  AND s.status = 'booked' AND s.starts_at::DATE >= $today) AS next_session
        FROM visible v
        ORDER BY lower(v.display_name), v.id
        """,
        {
            "statuses": list(statuses),
            "lead": actor.is_lead,
            "mine": mine_only,
            "me": actor.id,
            "today": today,
        },
    ).df()
