"""The guide's nouns: its paths, steps, choices and actions as frozen values, and its limits."""

from dataclasses import dataclass
from pathlib import Path

from lib.errors import InvalidInput, NotFound

SHIPPED_FILE = Path(__file__).resolve().parents[2] / "data" / "guide.json"
PATH_IDS = ("initial", "chronic", "reengage", "task_change")
MAX_NOTE = 2000
END = "end"


class GuideError(InvalidInput):
    """The guide data breaks the schema; `field` names the place, e.g. paths.initial.steps[2].prompt."""


@dataclass(frozen=True)
class Choice:
    id: str
    label: str
    help: str = ""
    next: str | None = None
    action: str | None = None
    outcome: str | None = None


@dataclass(frozen=True)
class Step:
    id: str
    kind: str
    title: str
    prompt: str
    examples: tuple[str, ...]
    choices: tuple[Choice, ...]
    next: str | None
    family_text: str = (
        ""  # the one line shown on the family screen; title, prompt, examples are the therapist's
    )


@dataclass(frozen=True)
class GuidePath:
    id: str
    title: str
    summary: str
    start: str
    steps: tuple[Step, ...]

    def step(self, step_id):
        """Return the step with this id."""
        for step in self.steps:
            if step.id == step_id:
                return step
        raise NotFound(f"The guide has no step '{step_id}' on this path.")


@dataclass(frozen=True)
class ActionInfo:
    id: str
    label: str
    help: str


@dataclass(frozen=True)
class Guide:
    version: str
    stage_paths: dict
    reasons: dict  # id -> label, in the order shown
    outcomes: dict  # id -> label
    actions: dict  # id -> ActionInfo
    rationale: tuple[str, ...]
    letter_draft: str
    paths: dict  # id -> GuidePath
    family_reasons: dict = None  # id -> neutral label shown on the family screen
    reason_barriers: dict = None  # id -> lib.assignments.barriers id (None for 'other')

    def path_for_stage(self, stage):
        """Return the path id that fits a family's stage (initial when the stage is unknown)."""
        return self.stage_paths.get(stage, "initial")


@dataclass(frozen=True)
class Advance:
    """Where a choice leads: the next step id (None at the end) and an outcome it presets."""

    step: str | None
    outcome: str | None = None
