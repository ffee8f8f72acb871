"""A family's goals and the progress beside the practice (goal attainment scaling, DOMAIN.md).

scales    the five-level scale and the suggested wording per discipline (data/goal_scales.json)
records   goals, the tasks that serve them, and the dated ratings of where the child is
progress  per goal, the days practised each week beside the ratings; the caseload's column and flags
achieved  the goals reached and the tasks learned, with the day: the family screen, the skills page
outcomes  the lead's clinic-wide view: goals reaching 0 by weeks of steady practice and discipline
"""

from lib.goals.achieved import CELEBRATE_DAYS, Achievement, achievements, celebrations
from lib.goals.outcomes import goal_outcomes
from lib.goals.progress import GoalProgress, family_progress, goal_figures, goal_weeks, stalled_goals
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
    set_goal_tasks,
    set_task_goal,
    update_goal,
)
from lib.goals.scales import LEVEL_NAMES, LEVELS, Suggestion, check_scale, level_label, suggestions_for

__all__ = [
    "CELEBRATE_DAYS",
    "Achievement",
    "achievements",
    "celebrations",
    "EVIDENCE",
    "LEVELS",
    "LEVEL_NAMES",
    "STATUSES",
    "Goal",
    "GoalProgress",
    "Rating",
    "Suggestion",
    "check_scale",
    "correct_rating",
    "create_goal",
    "family_progress",
    "get_goal",
    "goal_figures",
    "goal_outcomes",
    "goal_weeks",
    "level_label",
    "list_goals",
    "list_ratings",
    "rate_goal",
    "set_goal_tasks",
    "set_task_goal",
    "stalled_goals",
    "suggestions_for",
    "update_goal",
]
