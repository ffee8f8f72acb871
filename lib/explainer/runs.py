"""The intake explainer's records: the teach-back with what the family agreed, and who lacks one."""

from dataclasses import dataclass
from datetime import date

from lib import audit, clock, db
from lib.access import VISIBLE_FAMILIES_SQL, require_family, scope
from lib.assignments.quality import LONG_MINUTES
from lib.assignments.records import STATE_TODAY_SQL
from lib.db import transaction
from lib.errors import InvalidInput, NotFound
from lib.explainer.content import age_band, choose_variant, expectation
from lib.settings import get_setting

MAX_REVISIT = 500
MAX_SAID = 200  # the goal, who helps and when: a sentence in the family's words


@dataclass(frozen=True)
class ExplainerRun:
    """A recorded walk-through with its teach-back result and what the family agreed."""

    id: int
    family_id: int
    therapist_id: int
    therapist_name: str
    run_on: date
    minutes_per_day: int | None
    days_per_week: int | None
    understood: bool
    revisit: str
    goal: str = ""
    who_helps: str = ""
    practice_when: str = ""
    variant: str = ""


@dataclass(frozen=True)
class Agreement:
    """What a family agreed at teach-back, as the first tasks' form and the handout use it."""

    goal: str
    minutes_per_day: int
    days_per_week: int
    who_helps: str
    practice_when: str


def family_practice_word(cur, actor, family_id):
    """Return the family's own word for homework, else the clinic's."""
    require_family(cur, actor, family_id)
    row = cur.execute("SELECT practice_word FROM families WHERE id = ?", [family_id]).fetchone()
    if row is None:
        raise NotFound("No such family.")
    return (row[0] or "").strip() or get_setting(cur, "practice_word")


def family_profile(cur, actor, family_id, today=None):
    """Return (active disciplines, age band) of a family: what chooses its explainer variant."""
    require_family(cur, actor, family_id)
    born = cur.execute("SELECT date_of_birth FROM families WHERE id = ?", [family_id]).fetchone()
    if born is None:
        raise NotFound("No such family.")
    disciplines = [
        r[0]
        for r in cur.execute(
            "SELECT DISTINCT discipline FROM family_therapists WHERE family_id = ? AND active ORDER BY 1",
            [family_id],
        ).fetchall()
    ]
    return disciplines, age_band(born[0], today or clock.today())


def family_variant(cur, actor, family_id, data=None, today=None):
    """Return the one explainer variant for a family (one, however many disciplines see it)."""
    disciplines, band = family_profile(cur, actor, family_id, today)
    return choose_variant(disciplines, band, data)


def suggested_expectation(cur, actor, family_id, difficulty="usual"):
    """Return (minutes_per_day, days_per_week) to start from: the last agreement, else by age and difficulty."""
    last = last_explainer_run(cur, actor, family_id)
    if last and last.minutes_per_day and last.days_per_week:
        return last.minutes_per_day, last.days_per_week
    return expectation(family_profile(cur, actor, family_id)[1], difficulty)


def _said(text, field, label):
    text = " ".join(str(text or "").split())
    if len(text) > MAX_SAID:
        raise InvalidInput(f"Keep {label} to {MAX_SAID} characters.", field=field)
    return text


def _check_run(minutes_per_day, days_per_week, understood, revisit):
    try:
        minutes_per_day, days_per_week = int(minutes_per_day), int(days_per_week)
    except (TypeError, ValueError, OverflowError):
        raise InvalidInput(
            "Give the minutes a day and days a week as whole numbers.", field="minutes_per_day"
        ) from None
    if not 1 <= minutes_per_day <= 240:
        raise InvalidInput("Give between 1 and 240 minutes a day.", field="minutes_per_day")
    if not 1 <= days_per_week <= 7:
        raise InvalidInput("Give between 1 and 7 days a week.", field="days_per_week")
    revisit = (revisit or "").strip()
    if len(revisit) > MAX_REVISIT:
        raise InvalidInput(f"Keep the note to {MAX_REVISIT} characters.", field="revisit")
    if not understood and not revisit:
        raise InvalidInput("Tick 'understood', or note what to go over again next time.", field="revisit")
    return minutes_per_day, days_per_week, revisit


def record_explainer_run(
    cur,
    actor,
    family_id,
    minutes_per_day,
    days_per_week,
    understood,
    revisit="",
    run_on=None,
    goal="",
    who_helps="",
    practice_when="",
    variant="",
):
    """Record the explainer's teach-back with what the family agreed (goal, minutes, days, who, when); return the id."""
    require_family(cur, actor, family_id)
    minutes_per_day, days_per_week, revisit = _check_run(minutes_per_day, days_per_week, understood, revisit)
    said = {
        "goal": _said(goal, "goal", "the goal"),
        "who_helps": _said(who_helps, "who_helps", "who helps"),
        "practice_when": _said(practice_when, "practice_when", "when it happens"),
    }
    run_on = run_on or clock.today()
    with transaction(cur):
        run_id = cur.execute(
            "INSERT INTO explainer_runs (family_id, therapist_id, run_on, minutes_per_day, days_per_week,"
            " understood, revisit, goal, who_helps, practice_when, variant)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            [
                family_id,
                actor.id,
                run_on,
                minutes_per_day,
                days_per_week,
                bool(understood),
                revisit,
                *said.values(),
                variant,
            ],
        ).fetchone()[0]
        audit.record(
            cur,
            actor,
            "create",
            "explainer_run",
            run_id,
            family_id=family_id,
            minutes_per_day=minutes_per_day,
            days_per_week=days_per_week,
            understood=bool(understood),
            variant=variant,
            **said,
        )
    return run_id


def last_explainer_run(cur, actor, family_id):
    """Return the family's most recent explainer run, or None."""
    require_family(cur, actor, family_id)
    return db.row(
        cur,
        ExplainerRun,
        "SELECT r.id, r.family_id, r.therapist_id, coalesce(u.display_name, '') AS therapist_name, r.run_on,"
        " r.minutes_per_day, r.days_per_week, r.understood, r.revisit, coalesce(r.goal, '') AS goal,"
        " coalesce(r.who_helps, '') AS who_helps, coalesce(r.practice_when, '') AS practice_when,"
        " coalesce(r.variant, '') AS variant"
        " FROM explainer_runs r LEFT JOIN users u ON u.id = r.therapist_id"
        " WHERE r.family_id = ? ORDER BY r.run_on DESC, r.id DESC LIMIT 1",
        [family_id],
    )


def agreed(cur, actor, family_id):
    """Return the family's Agreement from its latest teach-back, or None before one."""
    run = last_explainer_run(cur, actor, family_id)
    if run is None or not run.minutes_per_day:
        return None
    return Agreement(run.goal, run.minutes_per_day, run.days_per_week, run.who_helps, run.practice_when)


def agreed_at_intake(cur, actor, family_id):
    """Return (minutes a day, days a week) from the family's latest intake explainer, or None."""
    run = last_explainer_run(cur, actor, family_id)
    return (run.minutes_per_day, run.days_per_week) if run else None


def task_defaults(cur, actor, family_id):
    """Return the new-task form's starting values from the family's agreement, or {} before one.

    Minutes: what is left of the agreed minutes a day after the active tasks (if any), at most a
    short practice (lib.assignments.quality's LONG_MINUTES);
    days a week and the routine as agreed; helpers: the caregivers the family named.
    """
    found = agreed(cur, actor, family_id)
    if found is None:
        return {}
    used, helpers = cur.execute(
        "SELECT (SELECT coalesce(sum(a.minutes), 0) FROM assignments a WHERE a.family_id = $f AND "  # noqa: S608
        + STATE_TODAY_SQL
        + " = 'active'),"
        " (SELECT list(id ORDER BY id) FROM caregivers WHERE family_id = $f AND active"
        "   AND $said <> '' AND contains(lower($said), lower(name)))",
        {"f": family_id, "said": found.who_helps, "today": clock.today()},
    ).fetchone()
    left = found.minutes_per_day - int(used)
    return {
        # none left: the form's own default (its advice warns); never more than a short practice
        **({"minutes": min(left, LONG_MINUTES)} if left >= 1 else {}),
        "days_per_week": found.days_per_week,
        "routine_anchor": found.practice_when,
        "supporter_ids": list(helpers or []),
    }


def families_without_explainer(cur, actor, family_ids=None):
    """Return the set of visible active or paused families with no recorded explainer run.

    family_ids narrows the answer to those families (e.g. one caseload page); one query for all.
    """
    rows = cur.execute(
        "SELECT f.id FROM families f"
        " WHERE f.status IN ('active', 'paused')"
        "   AND f.id IN (" + VISIBLE_FAMILIES_SQL + ")"
        "   AND NOT EXISTS (SELECT 1 FROM explainer_runs r WHERE r.family_id = f.id)",
        scope(actor, family_ids),
    ).fetchall()
    return {row[0] for row in rows}
