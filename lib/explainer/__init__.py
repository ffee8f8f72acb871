"""The intake explainer: its data and variants (schema.py, content.py), the clinic's wording
(wording.py) and the teach-back records with what the family agreed (runs.py).

Callers use `from lib import explainer; explainer.explainer_steps(...)`.
"""

from lib.explainer.content import (
    Step,
    age_band,
    agreement_line,
    choose_variant,
    expectation,
    explainer_steps,
    fill,
    rationale_text,
    teach_back,
    the_word,
    variant_by_id,
    variant_caption,
)
from lib.explainer.runs import (
    Agreement,
    ExplainerRun,
    agreed,
    agreed_at_intake,
    families_without_explainer,
    family_practice_word,
    family_profile,
    family_variant,
    last_explainer_run,
    record_explainer_run,
    suggested_expectation,
    task_defaults,
)
from lib.explainer.schema import OVERCLAIMS, ExplainerError, check_explainer, load_shipped, read_shipped
from lib.explainer.wording import (
    explainer_data,
    list_wording_overrides,
    preview_wording,
    reset_wording,
    save_wording,
    wording_sections,
)

__all__ = [
    "OVERCLAIMS",
    "Agreement",
    "ExplainerError",
    "ExplainerRun",
    "Step",
    "age_band",
    "variant_caption",
    "agreed",
    "agreed_at_intake",
    "agreement_line",
    "check_explainer",
    "choose_variant",
    "expectation",
    "explainer_data",
    "explainer_steps",
    "families_without_explainer",
    "family_practice_word",
    "family_profile",
    "family_variant",
    "fill",
    "last_explainer_run",
    "list_wording_overrides",
    "load_shipped",
    "preview_wording",
    "rationale_text",
    "read_shipped",
    "record_explainer_run",
    "reset_wording",
    "save_wording",
    "suggested_expectation",
    "task_defaults",
    "teach_back",
    "the_word",
    "variant_by_id",
    "wording_sections",
]
