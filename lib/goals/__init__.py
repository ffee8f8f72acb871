"""A family's goals and the progress beside the practice (goal attainment scaling, DOMAIN.md).

scales    the five-level scale and the suggested wording per discipline (data/goal_scales.json)
records   goals, the tasks that serve them, and the dated ratings of where the child is
"""

from lib.goals.records import (
    EVIDENCE,
    STATUSES,
    Goal,
    Rating,
    correct_rating,
    create_goal,
    get_goal,
    list_goals,
    list_ratings,
    rate_goal,
    set_task_goal,
    update_goal,
)
from lib.goals.scales import LEVEL_NAMES, LEVELS, Suggestion, check_scale, level_label, suggestions_for

__all__ = [
    "EVIDENCE",
    "LEVELS",
    "LEVEL_NAMES",
    "STATUSES",
    "Goal",
    "Rating",
    "Suggestion",
    "check_scale",
    "correct_rating",
    "create_goal",
    "get_goal",
    "level_label",
    "list_goals",
    "list_ratings",
    "rate_goal",
    "set_task_goal",
    "suggestions_for",
    "update_goal",
]
