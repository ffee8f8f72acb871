"""The demo clinic's invented people and the practice patterns they follow."""

import json
from datetime import time
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


# When each template's routine usually happens in the demo's families: phone reminders ring then.
ROUTINE_TIMES = {
    "while getting dressed in the morning": time(7, 15),
    "while brushing teeth": time(7, 30),
    "on the walk to school": time(8, 15),
    "when getting home from school": time(15, 45),
    "on the way home from school": time(15, 30),
    "on days another caregiver does pick-up": time(15, 15),
    "at snack time": time(16, 0),
    "after the after-school snack": time(16, 15),
    "after homework": time(16, 45),
    "when hanging up or sorting the washing": time(17, 0),
    "when writing the shopping list": time(17, 15),
    "before TV time": time(17, 30),
    "while waiting for dinner": time(17, 30),
    "while dinner is cooking": time(17, 30),
    "at tidy-up time before dinner": time(17, 45),
    "while setting the table": time(17, 50),
    "at dinner": time(18, 0),
    "after dinner": time(18, 30),
    "on the way to bath time": time(18, 45),
    "at bath time": time(19, 0),
    "after bath": time(19, 15),
    "on the way up to bed": time(19, 30),
    "on the way to bed": time(19, 30),
    "at bedtime story": time(19, 30),
    "before bed": time(19, 45),
    "at bedtime": time(20, 0),
    "at lights out": time(20, 30),
}
# a task set without a routine: the family still named a time that suits them
UNANCHORED_TIMES = (time(16, 30), time(17, 0), time(18, 15))


def routine_time(anchor, assignment_id):
    """Return the demo's usual time for a task's routine (a suiting time when it has none)."""
    return ROUTINE_TIMES.get(anchor) or UNANCHORED_TIMES[assignment_id % len(UNANCHORED_TIMES)]


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
