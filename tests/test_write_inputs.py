"""Every write the UI calls, fed the kinds of values the UI sends: saved as entered, or a clear refusal.

For each write function, Hypothesis sends text (empty, blank, long, unicode, control characters,
newlines, formula-like), whole numbers (negative, huge), floats, dates (far past and future) and
None. The call either saves what was entered (read back after its documented cleaning: strip)
or raises one of the project's DomainError subclasses with a message. Anything else (ValueError,
DuckDB's ConversionException or InvalidInputException, TypeError) fails the test.
"""

from collections import Counter
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lib import assignments, explainer, families, sessions, ticks, versions
from lib import settings as clinic_settings
from lib.assignments import templates
from lib.errors import DomainError
from lib.guide import record_guide_run
from tests.factories import make_assignment, make_caregiver, make_family, make_user

CALLS = Counter()
EXAMPLES = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

texts = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        ["", "   ", "\n", "a\nb", "\x00", "tab\there", "=1+1", "Zoë 😀 ñ 中文", "x" * 5000, "\u202e"]
    ),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=100, max_size=300),
)
maybe_texts = st.one_of(st.none(), texts)
ints = st.one_of(st.integers(-5, 300), st.integers(), st.sampled_from([0, -1, 2**31, 2**63, -(2**63)]))
numbers = st.one_of(ints, st.floats(allow_nan=True, allow_infinity=True), st.none())
dates = st.one_of(st.dates(), st.sampled_from([date(1, 1, 1), date(9999, 12, 31), date(2026, 11, 25)]))
maybe_dates = st.one_of(st.none(), dates)
datetimes = st.one_of(st.datetimes(), st.none(), dates)
bools = st.one_of(st.booleans(), st.none())


def attempt(name, call, check=None):
    """Run one write; pass when it saved (and reads back) or refused with a message."""
    CALLS[name] += 1
    try:
        result = call()
    except DomainError as exc:
        assert str(exc).strip(), f"{name} refused without a message"
        return None
    if check:
        check(result)
    return result


@pytest.fixture
def world(cur):
    lead = make_user(cur, "lead", role="lead", discipline=None)
    therapist = make_user(cur)
    family_id = make_family(cur, "Sam K.", therapist)
    carer = make_caregiver(cur, family_id)
    task = make_assignment(cur, family_id, therapist, start=date(2026, 9, 1))
    return cur, lead, therapist, family_id, carer, task


def _clean(text):
    return (text or "").strip()


@EXAMPLES
@given(name=texts, intake=maybe_dates, born=maybe_dates, notes=maybe_texts, word=maybe_texts, carer=texts)
def test_creating_and_updating_a_family(world, name, intake, born, notes, word, carer):
    cur, _, therapist, family_id, *_ = world

    def saved(new_id):
        family = families.get_family(cur, therapist, new_id)
        assert (family.display_name, family.notes) == (_clean(name), _clean(notes))
        assert family.intake_date == intake and family.date_of_birth == born

    attempt(
        "families.create_family",
        lambda: families.create_family(
            cur, therapist, name, intake, born, notes, word, [(carer, "mother", True)]
        ),
        saved,
    )
    attempt(
        "families.update_family",
        lambda: families.update_family(
            cur, therapist, family_id, name, intake, born, notes, word, expected_version=versions.ANY
        ),
        lambda _: saved(family_id),
    )


@EXAMPLES
@given(name=texts, relation=st.one_of(st.sampled_from(families.RELATIONS), texts), runs=bools)
def test_adding_and_changing_a_caregiver(world, name, relation, runs):
    cur, _, therapist, family_id, carer, _ = world

    def saved(carer_id):
        row = cur.execute("SELECT name, relation FROM caregivers WHERE id = ?", [carer_id]).fetchone()
        assert row == (_clean(name), relation)

    attempt(
        "families.add_caregiver",
        lambda: families.add_caregiver(cur, therapist, family_id, name, relation, runs),
        saved,
    )
    attempt(
        "families.update_caregiver",
        lambda: families.update_caregiver(
            cur, therapist, carer, name, relation, runs, expected_version=versions.ANY
        ),
        lambda _: saved(carer),
    )


@EXAMPLES
@given(
    starts=datetimes,
    duration=numbers,
    note=maybe_texts,
    therapist_id=st.one_of(st.just(2), ints),
    discipline=st.one_of(st.sampled_from(["OT", "PT"]), texts),
)
def test_booking_a_session(world, starts, duration, note, therapist_id, discipline):
    cur, _, therapist, family_id, *_ = world
    attempt(
        "sessions.book_sessions",
        lambda: sessions.book_sessions(
            cur, therapist, family_id, therapist_id, discipline, starts, duration, 3, duration_min=45
        ),
    )
    attempt(
        "sessions.book_session",
        lambda: sessions.book_session(
            cur, therapist, family_id, therapist_id, discipline, starts, duration_min=duration, note=note
        ),
    )


@EXAMPLES
@given(
    day=dates,
    minutes=numbers,
    carer=st.one_of(st.none(), st.just(1), ints),
    how=st.one_of(st.none(), st.sampled_from(list(ticks.HOW_IT_WENT)), texts),
    distress=bools,
    evidence=st.one_of(st.sampled_from(list(ticks.EVIDENCE)), texts, st.none()),
)
def test_ticking_and_changing_a_tick(world, day, minutes, carer, how, distress, evidence):
    cur, _, therapist, _, _, task = world
    details = {
        "minutes": minutes,
        "caregiver_id": carer,
        "how_it_went": how,
        "distress": distress,
        "evidence": evidence,
    }

    try:
        before = ticks.get_tick(cur, therapist, task, day)
    except DomainError:
        before = None

    def saved(result):
        row = ticks.get_tick(cur, therapist, task, day)
        if result is False:  # record_tick on a day an earlier example ticked: left exactly as it was
            assert row == before
        else:
            assert row is not None and row.evidence == evidence and row.how_it_went == how

    attempt("ticks.record_tick", lambda: ticks.record_tick(cur, therapist, task, day, **details), saved)
    attempt(
        "ticks.update_tick",
        lambda: ticks.update_tick(cur, therapist, task, day, **details, expected_version=versions.ANY),
        saved,
    )


@EXAMPLES
@given(
    first=dates,
    last=maybe_dates,
    reason=st.one_of(st.sampled_from(list(ticks.SKIP_REASONS)), texts),
    task=st.one_of(st.none(), st.just(1), ints),
)
def test_marking_skip_days(world, first, last, reason, task):
    cur, _, therapist, family_id, *_ = world
    attempt(
        "ticks.add_skip_days",
        lambda: ticks.add_skip_days(cur, therapist, family_id, first, last, reason, task),
    )


task_values = st.fixed_dictionaries(
    {
        "title": texts,
        "instructions": maybe_texts,
        "discipline": st.one_of(st.just("OT"), texts),
        "who": st.one_of(st.sampled_from(["child", "parent", "both"]), texts),
        "minutes": numbers,
        "days_per_week": numbers,
        "weekdays": st.one_of(st.none(), st.lists(ints, max_size=8)),
        "start_date": maybe_dates,
        "end_date": maybe_dates,
        "review_date": maybe_dates,
        "routine_anchor": maybe_texts,
        "routine_time": st.one_of(st.none(), st.times()),
        "reward_ticks": numbers,
        "supporter_ids": st.one_of(st.none(), st.lists(ints, max_size=3)),
    }
)


@EXAMPLES
@given(values=task_values)
def test_setting_and_revising_a_task(world, values):
    cur, _, therapist, family_id, _, task = world

    def saved(new_id):
        got = assignments.get_assignment(cur, therapist, new_id)
        assert got.title == _clean(values["title"]) and got.minutes == values["minutes"]

    attempt(
        "assignments.create_assignment",
        lambda: assignments.create_assignment(cur, therapist, family_id, values),
        saved,
    )
    changes = {k: values[k] for k in ("title", "instructions", "minutes", "days_per_week", "who")}
    attempt(
        "assignments.revise_assignment",
        lambda: assignments.revise_assignment(cur, therapist, task, changes, expected_version=versions.ANY),
    )


@EXAMPLES
@given(
    values=st.fixed_dictionaries(
        {
            "discipline": st.one_of(st.just("OT"), texts),
            "area": maybe_texts,
            "title": texts,
            "instructions": texts,
            "who": st.one_of(st.just("child"), texts),
            "minutes": numbers,
            "days_per_week": numbers,
            "routine_anchor": maybe_texts,
            "materials": maybe_texts,
            "reward_plan": maybe_texts,
        }
    )
)
def test_saving_a_template(world, values):
    cur, lead, *_ = world

    def saved(template_id):
        assert templates.get_template(cur, lead, template_id).title == _clean(values["title"])

    template_id = attempt(
        "templates.create_template", lambda: templates.create_template(cur, lead, values), saved
    )
    if template_id:
        attempt(
            "templates.update_template",
            lambda: templates.update_template(cur, lead, template_id, values, expected_version=versions.ANY),
        )


@EXAMPLES
@given(name=st.sampled_from(sorted(clinic_settings.DEFAULTS)), value=st.one_of(texts, numbers, bools, dates))
def test_changing_a_clinic_setting(world, name, value):
    cur, lead, *_ = world

    def saved(current):
        assert current[name] == clinic_settings.validate(name, value)

    attempt(
        "settings.update_settings", lambda: clinic_settings.update_settings(cur, lead, {name: value}), saved
    )


@EXAMPLES
@given(minutes=numbers, days=numbers, understood=bools, revisit=maybe_texts)
def test_recording_the_explainer(world, minutes, days, understood, revisit):
    cur, _, therapist, family_id, *_ = world
    attempt(
        "explainer.record_explainer_run",
        lambda: explainer.record_explainer_run(cur, therapist, family_id, minutes, days, understood, revisit),
    )


@EXAMPLES
@given(
    path=st.one_of(st.sampled_from(["initial", "chronic"]), texts),
    stage=st.one_of(st.sampled_from(["initial", "chronic"]), texts),
    steps=st.lists(texts, max_size=3),
    reasons=st.lists(texts, max_size=3),
    outcome=st.one_of(st.just("not_now"), texts),
    note=maybe_texts,
    session_id=st.one_of(st.none(), ints),
)
def test_recording_a_guide_run(world, path, stage, steps, reasons, outcome, note, session_id):
    cur, _, therapist, family_id, *_ = world
    attempt(
        "guide.record_guide_run",
        lambda: record_guide_run(
            cur, therapist, family_id, path, stage, steps, reasons, (), outcome, note, session_id=session_id
        ),
    )


def test_zz_report_the_calls_tried():
    print(f"\nwrite inputs tried: {sum(CALLS.values())} calls over {len(CALLS)} write functions")
    assert sum(CALLS.values()) > 0 or not CALLS  # run alone, this file's count is printed above


def test_problems_gathers_every_fields_problem_and_raises_them_together():
    from lib.errors import InvalidInput
    from lib.inputs import Problems

    problems = Problems()
    for field in ("title", "minutes", "title"):
        with problems.check():
            raise InvalidInput(f"{field} is wrong.", field=field)
    with pytest.raises(InvalidInput) as raised:
        problems.raise_any()
    assert raised.value.problems == {"title": "title is wrong.", "minutes": "minutes is wrong."}
    assert raised.value.field == "title" and "2 things to fix" in str(raised.value)


def test_one_problem_is_raised_as_it_was_and_none_raises_nothing():
    from lib.errors import InvalidInput, LoginFailed
    from lib.inputs import Problems

    Problems().raise_any()
    problems = Problems()
    problems.add(LoginFailed("Wrong code.", field="setup_code"))
    with pytest.raises(LoginFailed):
        problems.raise_any()
    with pytest.raises(InvalidInput), Problems().check():  # no field: not about an input, raised at once
        raise InvalidInput("Unknown fields.")
