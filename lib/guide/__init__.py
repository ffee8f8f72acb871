"""The conversation guide for when home practice was not done.

Owns: loading data/guide.json and checking it against the schema (schema.py), the clinic's
adapted wording and the guide in use (wording.py), stepping through a path (flow.py), the
actions the guide can take (actions.py), the path it opens on (paths.py) and the record of every
guide run (runs.py); the
nouns are in model.py. Callers use `from lib import guide; guide.load_guide(...)`.
"""

from lib.guide.actions import (
    ACTIONS,
    ActionResult,
    GuideAction,
    GuideTask,
    belief_rationale,
    draft_doctor_letter,
    latest_reasons,
    list_family_tasks,
    perform_action,
)
from lib.guide.flow import advance, step_number
from lib.guide.model import (
    END,
    MAX_NOTE,
    PATH_IDS,
    SHIPPED_FILE,
    ActionInfo,
    Advance,
    Choice,
    Guide,
    GuideError,
    GuidePath,
    Step,
)
from lib.guide.paths import TASK_CHANGE, path_for_family
from lib.guide.runs import GuideRun, list_guide_runs, record_guide_run
from lib.guide.schema import check_guide, load_shipped_data
from lib.guide.wording import (
    apply_wording,
    guide_version,
    list_wording_overrides,
    load_guide,
    preview_wording,
    reset_wording,
    save_wording,
    wording_fields,
    wording_sections,
)
from lib.wording import WordingField
from lib.words import STAGES

__all__ = [
    "ACTIONS",
    "END",
    "MAX_NOTE",
    "PATH_IDS",
    "SHIPPED_FILE",
    "STAGES",
    "TASK_CHANGE",
    "ActionInfo",
    "ActionResult",
    "Advance",
    "Choice",
    "Guide",
    "GuideAction",
    "GuideError",
    "GuidePath",
    "GuideRun",
    "Step",
    "WordingField",
    "advance",
    "apply_wording",
    "belief_rationale",
    "check_guide",
    "draft_doctor_letter",
    "guide_version",
    "latest_reasons",
    "GuideTask",
    "list_family_tasks",
    "list_guide_runs",
    "list_wording_overrides",
    "load_guide",
    "load_shipped_data",
    "perform_action",
    "preview_wording",
    "record_guide_run",
    "reset_wording",
    "path_for_family",
    "save_wording",
    "step_number",
    "wording_fields",
    "wording_sections",
]
