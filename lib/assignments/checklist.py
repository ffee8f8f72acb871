"""The barrier checklist of a task: its answers, and the open tasks caseload-wide still missing some."""

from lib import audit
from lib.access import VISIBLE_FAMILIES_SQL, require_family, scope
from lib.assignments.barriers import ANSWERS, BARRIER_IDS
from lib.assignments.records import get_assignment
from lib.db import transaction
from lib.errors import InvalidInput
from lib.inputs import Problems

# Open tasks whose checklist is unfinished, in the families the actor may see.
# The visibility rule joins as a constant subquery; every value is a parameter.
_INCOMPLETE_SQL = (
    """
    WITH done AS (
        SELECT assignment_id, count(*) AS n FROM barrier_answers
        WHERE list_contains($barriers, barrier)
          AND (answer = 'ok' OR (answer = 'risk' AND trim(plan) <> ''))
        GROUP BY assignment_id
    )
    SELECT a.family_id, a.id AS assignment_id, a.title, len($barriers) - coalesce(d.n, 0) AS missing
    FROM assignments a LEFT JOIN done d ON d.assignment_id = a.id
    WHERE a.status IN ('active', 'paused') AND coalesce(d.n, 0) < len($barriers)
      AND a.family_id IN ("""  # noqa: S608
    + VISIBLE_FAMILIES_SQL
    + ") ORDER BY a.family_id, a.id"
)


def barrier_field(barrier_id):
    """Return the field name a barrier's problem is reported under ("barrier:materials": a task has a
    "materials" field of its own)."""
    return f"barrier:{barrier_id}"


def clean_answers(answers):
    """Return {barrier: (answer, plan)} checked, or raise InvalidInput naming every barrier with a problem."""
    problems = Problems()
    clean = {}
    for barrier_id, (answer, plan) in (answers or {}).items():
        with problems.check():
            if barrier_id not in BARRIER_IDS:
                raise InvalidInput(f"Unknown barrier: {barrier_id}", field="barriers")
            if answer not in ANSWERS:
                raise InvalidInput(
                    "Answer each barrier with fine, a risk, or not asked.", field=barrier_field(barrier_id)
                )
            if len(plan or "") > 300:
                raise InvalidInput("Keep the plan under 300 characters.", field=barrier_field(barrier_id))
            clean[barrier_id] = (answer, plan or "")
    problems.raise_any()
    return clean


def write_answers(cur, assignment_id, answers):
    """Replace a task's answers with cleaned ones (inside the caller's transaction)."""
    cur.execute("DELETE FROM barrier_answers WHERE assignment_id = ?", [assignment_id])
    for barrier_id in BARRIER_IDS:
        answer, plan = answers.get(barrier_id, ("not_asked", ""))
        cur.execute(
            "INSERT INTO barrier_answers (assignment_id, barrier, answer, plan) VALUES (?, ?, ?, ?)",
            [assignment_id, barrier_id, answer, (plan or "").strip()],
        )


def save_answers(cur, actor, assignment_id, clean):
    """Write cleaned answers and audit them (inside the caller's transaction)."""
    write_answers(cur, assignment_id, clean)
    audit.record(
        cur, actor, "update", "barrier_answers", assignment_id, answers={k: v[0] for k, v in clean.items()}
    )


def get_barrier_answers(cur, actor, assignment_id):
    """Return {barrier: (answer, plan)} for a task (unanswered barriers are absent)."""
    get_assignment(cur, actor, assignment_id)
    found = cur.execute(
        "SELECT barrier, answer, plan FROM barrier_answers WHERE assignment_id = ?", [assignment_id]
    ).fetchall()
    return {barrier: (answer, plan) for barrier, answer, plan in found}


def family_barrier_answers(cur, actor, family_id):
    """Return {task id: {barrier: (answer, plan)}} for every task of a family, in one read."""
    require_family(cur, actor, family_id)
    found = cur.execute(
        "SELECT b.assignment_id, b.barrier, b.answer, b.plan FROM barrier_answers b"
        " JOIN assignments a ON a.id = b.assignment_id WHERE a.family_id = ?",
        [family_id],
    ).fetchall()
    answers = {}
    for assignment_id, barrier, answer, plan in found:
        answers.setdefault(assignment_id, {})[barrier] = (answer, plan)
    return answers


def set_barrier_answers(cur, actor, assignment_id, answers):
    """Save the barrier checklist of a task: {barrier: (answer ok/risk/not_asked, plan)}."""
    get_assignment(cur, actor, assignment_id)
    clean = clean_answers(answers)
    with transaction(cur):
        save_answers(cur, actor, assignment_id, clean)


def checklist_incomplete_families(cur, actor, family_ids=None):
    """Return a DataFrame (family_id, assignment_id, title, missing) of open tasks whose barrier
    checklist has an unanswered barrier or a risk without a plan, for many families at once."""
    params = {"barriers": list(BARRIER_IDS), **scope(actor, family_ids)}
    return cur.execute(_INCOMPLETE_SQL, params).df()
