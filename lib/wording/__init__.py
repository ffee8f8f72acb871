"""Shipped content (the guide, the intake explainer): its schema check and the clinic's adapted wording.

Owns checking a content file against its JSON schema in data/ (schema.py) and the wording
mechanism (fields.py): a content's adaptable texts ("slots"), putting the clinic's {field: text}
wording into a copy of the shipped data, and tidying a lead's changes. The guide
(lib.guide.wording) and the explainer (lib.explainer.wording) each name their slots and keep
their rows in the table guide_wording. Callers use `from lib import wording`.
"""

from lib.wording.fields import EXPLAINER_PREFIX, WordingField, apply_wording, clean_changes, wording_fields

__all__ = ["EXPLAINER_PREFIX", "WordingField", "apply_wording", "clean_changes", "wording_fields"]
