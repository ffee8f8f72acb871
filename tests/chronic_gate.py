"""Test helper: record the best practice chronic needs (explainer given, checklist complete)."""

from lib.assignments.barriers import BARRIER_IDS


def best_practice(cur, family_id, therapist_id, task_id, day):
    """Record an intake explainer and a complete barrier checklist for one task."""
    cur.execute(
        "INSERT INTO explainer_runs (family_id, therapist_id, run_on, understood) VALUES (?, ?, ?, TRUE)",
        [family_id, therapist_id, day],
    )
    for barrier in BARRIER_IDS:
        cur.execute(
            "INSERT INTO barrier_answers (assignment_id, barrier, answer) VALUES (?, ?, 'ok')",
            [task_id, barrier],
        )
