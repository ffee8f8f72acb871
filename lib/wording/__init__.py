"""The clinic's adapted wording of shipped content, shared by the guide and the intake explainer.

Owns the mechanism (fields.py): a content's adaptable texts ("slots"), putting the clinic's
{field: text} wording into a copy of the shipped data, and tidying a lead's changes. The guide
(lib.guide.wording) and the explainer (lib.explainer.wording) each name their slots and keep
their rows in the table guide_wording. Callers use `from lib import wording`.
"""

from lib.wording.fields import EXPLAINER_PREFIX, WordingField, apply_wording, clean_changes, wording_fields

__all__ = ["EXPLAINER_PREFIX", "WordingField", "apply_wording", "clean_changes", "wording_fields"]
