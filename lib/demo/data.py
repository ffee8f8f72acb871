"""The demo clinic's invented people and the practice patterns they follow."""

import json
from pathlib import Path

import numpy as np

DEMO_PASSWORD = "demo"
TEMPLATES_FILE = Path(__file__).resolve().parents[2] / "data" / "templates.json"

THERAPISTS = [
    # username, display name, discipline
    ("maya.ot", "Maya Okafor", "OT"),
    ("leo.ot", "Leo Brandt", "OT"),
    ("priya.pt", "Priya Raman", "PT"),
    ("sofia.slp", "Sofia Lindqvist", "SLP"),
    ("tom.slp", "Tom Achebe", "SLP"),
    ("hana.psych", "Hana Sato", "psychology"),
]
FIRST_NAMES = (
    "Ava Ben Chloe Dev Ella Finn Grace Hugo Isla Jack Kai Lena Milo Nora Omar Pia Quinn Rosa"
    " Sam Tara Uma Vik Willa Xavi Yara Zane Amir Bea Cole Dina Eli Fern Gus Hope Ivo Jade"
    " Kofi Lila Max Nia Otto Pearl Rafi Suki Theo Una Wren Zoe Arlo Cleo"
).split()
CAREGIVER_NAMES = ["Alex", "Jo", "Sam", "Chris", "Robin", "Kim", "Lee", "Pat", "Noor", "Ari", "Dana", "Mel"]
RELATIONS = ["mother", "father", "grandparent", "babysitter", "older sibling", "teacher"]
PATTERNS = ["steady", "fading", "recovering", "chronic", "dropped"]
PATTERN_WEIGHTS = [0.42, 0.18, 0.14, 0.16, 0.10]
REASONS = ["forgot", "no_time", "avoided", "boring", "didnt_understand", "no_materials"]


def load_templates():
    """Return the shipped templates as a list of dicts."""
    return json.loads(TEMPLATES_FILE.read_text())["templates"]


def practice_chance(pattern, progress, dropped_at):
    """Chance of practising on a scheduled day, by pattern and progress (0..1 through the span)."""
    if pattern == "steady":
        return np.full_like(progress, 0.95)
    if pattern == "fading":
        return 0.95 - 0.85 * progress
    if pattern == "recovering":
        return np.where(progress < 0.5, 0.25, 0.3 + 0.7 * (progress - 0.5) * 2).clip(0, 0.97)
    if pattern == "chronic":
        return np.full_like(progress, 0.1)
    return np.where(progress < dropped_at, 0.75, 0.0)  # dropped
