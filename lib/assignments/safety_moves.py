"""What migration 018 moved: the safety lines taken out of a task's "what to do", shown to its therapist.

Migration 018 gave safety lines a field of their own and moved the sentences that were safety lines
into it, with one `move_safety_lines` audit row per task that changed. The family's therapist sees
those tasks on the family page until someone who may see the family says they have checked them:
that check is an audit row of its own (`check_safety_lines`, naming the moves it covers) and raises
the family's version, so a check made from a notice another therapist has already cleared is
refused as "changed a moment ago".
"""

from dataclasses import dataclass

from lib import audit, versions
from lib.access import require_family
from lib.assignments.safety import safety_lines
from lib.db import rows, transaction
from lib.errors import NotFound


@dataclass(frozen=True)
class SafetyMove:
    """One task whose safety lines moved: what moved, and what the task says today."""

    move_id: int  # the audit row of the move
    assignment_id: int
    title: str
    status: str
    moved: str  # the sentences that left "what to do", one per line
    instructions: str  # "what to do" as it reads now
    safety: str  # the safety field as it reads now

    @property
    def moved_lines(self):
        """Return the moved sentences, one per item."""
        return safety_lines(self.moved)

    @property
    def safety_now(self):
        """Return the task's safety lines today, one per item."""
        return safety_lines(self.safety)


# The moves of a family's open tasks (active or paused: what still reaches the family) that no
# check of that family has covered yet. A closed task prints no more; a task re-issued from it
# took the moved text with it.
_UNCHECKED_SQL = """
    SELECT m.id AS move_id, a.id AS assignment_id, a.title, a.status,
           coalesce(json_extract_string(m.detail, '$.moved'), '') AS moved,
           a.instructions, a.safety
    FROM audit_log m JOIN assignments a ON a.id = m.entity_id
    WHERE m.action = 'move_safety_lines' AND m.entity = 'assignment'
      AND m.family_id = $family AND a.family_id = $family AND a.status IN ('active', 'paused')
      AND NOT EXISTS (
          SELECT 1 FROM audit_log c
          WHERE c.action = 'check_safety_lines' AND c.entity = 'family' AND c.family_id = $family
            AND list_contains(CAST(json_extract(c.detail, '$.moves') AS BIGINT[]), m.id)
      )
    ORDER BY a.title, a.id
"""


def moved_safety_lines(cur, actor, family_id):
    """Return the family's tasks whose safety lines moved to their own field and nobody has checked yet."""
    require_family(cur, actor, family_id)
    return rows(cur, SafetyMove, _UNCHECKED_SQL, {"family": family_id})


def check_moved_safety_lines(cur, actor, family_id, move_ids, expected_version):
    """Record that the therapist checked these moves (audited, the family's version raised); return their count."""
    require_family(cur, actor, family_id)
    with transaction(cur):
        open_moves = {m.move_id: m for m in moved_safety_lines(cur, actor, family_id)}
        checked = sorted(int(i) for i in move_ids if int(i) in open_moves)
        if not checked:
            raise NotFound("These tasks were already checked.")
        versions.bump(cur, "families", family_id, expected=expected_version, what="This family")
        audit.record(
            cur,
            actor,
            "check_safety_lines",
            "family",
            family_id,
            moves=checked,
            tasks=sorted({open_moves[i].assignment_id for i in checked}),
        )
    return len(checked)
