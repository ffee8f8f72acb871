"""Who may see which family: the one rule every read and write asks.

A user may see a family when they are the clinic lead, or when they are linked to it through
an active row of family_therapists. In session mode (one family on screen) that narrows to
the session's family, for the lead too. Nothing else in lib/ restates this rule: single
family checks call `require_family`, many-family queries join `VISIBLE_FAMILIES_SQL` with
the parameters from `scope`.
"""

from lib.errors import NotAllowed, NotFound, NotYourFamily

# The families $scope_me is linked to through an active row of family_therapists: a
# therapist's caseload, and the lead's "only my families" filter.
LINKED_FAMILIES_SQL = """
    SELECT ft.family_id FROM family_therapists ft WHERE ft.therapist_id = $scope_me AND ft.active
"""

# The families the acting user may see, as a subquery of family ids. Its parameters come
# from scope(): $scope_ids (NULL for all), $scope_lead, $scope_me.
VISIBLE_FAMILIES_SQL = (
    """
    SELECT f.id FROM families f
    WHERE ($scope_ids IS NULL OR list_contains($scope_ids, f.id))
      AND ($scope_lead OR f.id IN ("""
    + LINKED_FAMILIES_SQL
    + """))
"""
)


def is_lead(actor):
    """Return True when actor holds the clinic lead's role (whether or not in a session)."""
    return actor is not None and actor.role == "lead"


def scope(actor, family_ids=None):
    """Return the parameters of VISIBLE_FAMILIES_SQL for actor, narrowed to family_ids if given.

    In session mode the ids are clamped to the session's family.
    """
    ids = None if family_ids is None else [int(f) for f in family_ids]
    if actor is not None and actor.in_session:
        ids = [
            f for f in (ids if ids is not None else [actor.session_family_id]) if f == actor.session_family_id
        ]
    return {
        "scope_ids": ids,
        "scope_lead": is_lead(actor),
        "scope_me": getattr(actor, "id", None) if actor is not None else -1,
    }


def seen_as(actor):
    """Return a key equal for two actors exactly when they may see the same families.

    Every lead sees the clinic; anyone else their own linked families; in a session, one."""
    if actor is None:
        return None
    if actor.in_session:
        return ("session", actor.id, actor.session_family_id)
    return ("lead",) if is_lead(actor) else ("linked", actor.id)


def visible_family_ids(cur, actor, family_ids=None):
    """Return the sorted ids of the families actor may see (within family_ids when given)."""
    if actor is None:
        return []
    rows = cur.execute(VISIBLE_FAMILIES_SQL + " ORDER BY f.id", scope(actor, family_ids)).fetchall()
    return [r[0] for r in rows]


def is_linked(cur, user_id, family_id):
    """Return True when the user has an active link to the family (the lead's role aside)."""
    return bool(
        cur.execute(
            "SELECT count(*) FROM (" + LINKED_FAMILIES_SQL + ") l WHERE l.family_id = $family",
            {"scope_me": user_id, "family": family_id},
        ).fetchone()[0]
    )


def may_see_family(cur, actor, family_id):
    """Return True when actor may read and change this family's records."""
    if actor is None or family_id is None:
        return False
    try:
        family_id = int(family_id)
    except (TypeError, ValueError):
        return False
    return bool(visible_family_ids(cur, actor, [family_id]))


def require_family(cur, actor, family_id):
    """Raise unless actor may see this family: NotFound for the lead when it does not exist."""
    if may_see_family(cur, actor, family_id):
        return
    if is_lead(actor) and not (actor.in_session and family_id != actor.session_family_id):
        raise NotFound("There is no such family.")
    raise NotYourFamily(family_id)


def require_lead(actor):
    """Raise NotAllowed unless actor is the clinic lead (and not in session mode)."""
    if actor is None or not actor.is_lead:
        raise NotAllowed("Only the clinic lead can do this.")


def require_whole_caseload(actor):
    """Raise NotAllowed while a session with one family is on screen (lists show others)."""
    if actor is None:
        raise NotAllowed("Please log in first.")
    if actor.in_session:
        raise NotAllowed("Session mode shows only the family in the session. End the session first.")
