"""Assignments (home practice tasks), one job per module; the names callers use live here.

records      the Assignment value object and the reads of a family's tasks and history
validation   the fields a task may hold, checked before anything is written
lifecycle    create, revise (with its checklist, in one unit), pause, resume, complete,
             retire, re-issue, delete, cross note
checklist    the barrier checklist of a task, and the caseload-wide query of unfinished ones
family_view  plain-words cards of what a family sees
reviews_due  tasks past their review date with no review since (a caseload flag)
safety_moves the tasks whose safety lines migration 018 moved, until their therapist checks them
"""

from lib.assignments.checklist import (
    checklist_incomplete_families,
    family_barrier_answers,
    get_barrier_answers,
    set_barrier_answers,
)
from lib.assignments.family_view import (
    TaskCard,
    family_cards,
)
from lib.assignments.lifecycle import (
    complete_assignment,
    create_assignment,
    delete_assignment,
    pause_assignment,
    reissue_assignment,
    resume_assignment,
    retire_assignment,
    revise_assignment,
    save_task_changes,
    set_cross_note,
)
from lib.assignments.records import (
    EDITABLE,
    KINDS,
    OPEN,
    STATE_TODAY_SQL,
    STATUSES,
    Assignment,
    StaleAssignment,
    Version,
    family_daily_minutes,
    get_assignment,
    list_assignments,
    list_versions,
)
from lib.assignments.reviews_due import overdue_reviews
from lib.assignments.safety_moves import SafetyMove, check_moved_safety_lines, moved_safety_lines
from lib.assignments.validation import default_people, validate_assignment

__all__ = [
    "EDITABLE",
    "KINDS",
    "OPEN",
    "STATE_TODAY_SQL",
    "STATUSES",
    "Assignment",
    "SafetyMove",
    "StaleAssignment",
    "TaskCard",
    "Version",
    "check_moved_safety_lines",
    "checklist_incomplete_families",
    "complete_assignment",
    "create_assignment",
    "default_people",
    "delete_assignment",
    "family_cards",
    "family_daily_minutes",
    "get_assignment",
    "family_barrier_answers",
    "get_barrier_answers",
    "list_assignments",
    "list_versions",
    "moved_safety_lines",
    "overdue_reviews",
    "pause_assignment",
    "reissue_assignment",
    "resume_assignment",
    "retire_assignment",
    "revise_assignment",
    "save_task_changes",
    "set_barrier_answers",
    "set_cross_note",
    "validate_assignment",
]
