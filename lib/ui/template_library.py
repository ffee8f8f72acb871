"""The task template library screen's reads."""

from lib.assignments import templates
from lib.ui.database import cursor


def load(actor, discipline, include_retired=False):
    """Return the library's templates of `discipline` (every discipline when None)."""
    with cursor() as cur:
        return templates.list_templates(cur, actor, discipline, include_retired=include_retired)
