"""Which path the guide opens on, from the family's figures: its stage, and its goals beside practice.

When a goal's practice is steady and its progress stalls (lib.goals.progress), the conversation is
about the task (easier, different, or another goal), never about effort: the guide opens its
task_change path. A family that stopped ticking (stalled, dropped) is got back in touch with first.
"""

from lib.goals.progress import stalled_goals

TASK_CHANGE = "task_change"
REENGAGE_FIRST = ("stalled", "dropped")


def path_for_family(cur, actor, family_id, guide, stage, today=None):
    """Return the path id to open for a family: task_change when a goal stalls under steady practice."""
    if stage not in REENGAGE_FIRST and stalled_goals(cur, actor, family_id, today):
        return TASK_CHANGE
    return guide.path_for_stage(stage)
