"""Properties over many generated cases: two implementations agree, and invariants hold.

Examples needing a database share one DuckDB connection per module and undo each example's
rows by rolling its transaction back, so hypothesis can run many of them quickly.
"""

import re
from contextlib import contextmanager
from datetime import datetime, timedelta

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from lib import assignments, db, guide, sessions, words
from lib.assignments import quality
from lib.figures import adherence, scores
from lib.text import WORD_JOINER, md_escape
from tests.factories import MONDAY, add_version, make_assignment, make_family, make_user, skip, tick

FEW = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


DRAFT = {
    "title": "Task",
    "discipline": "OT",
    "who": "child",
    "start_date": MONDAY,
    "minutes": 5,
    "days_per_week": 7,
    "routine_anchor": "after tea",
    "family_chose": True,
    "practised_in_session": True,
}


class _Undo(Exception):
    pass


@contextmanager
def rolled_back(cur):
    """Run the block in a transaction that is always undone (the tables reset between examples)."""
    try:
        with db.transaction(cur):
            yield cur
            raise _Undo
    except _Undo:
        pass


@pytest.fixture(scope="module")
def shared_cur(tmp_path_factory):
    connection = db.connect(tmp_path_factory.mktemp("properties") / "properties.duckdb")
    with connection.cursor() as cursor:
        yield cursor
    connection.close()


# --- quality rules: Python on a draft vs SQL on the saved task -------------------------

WORDS = [
    "Blow",
    "bubbles",
    "cup",
    "Sit",
    "tall",
    "bilateral",
    "midline",
    "oral",
    "motor",
    "prone",
    "3",
    "it's",
]
NON_ASCII = ["é", "naïve", "Ñ"]
SEPARATORS = [" ", " ", ". ", "! ", "\n", "", "-", ", "]


def instructions(words):
    pairs = st.tuples(st.sampled_from(words), st.sampled_from(SEPARATORS))
    return st.lists(pairs, max_size=40).map(lambda parts: "".join(word + sep for word, sep in parts))


def drafts(words=WORDS):
    return st.fixed_dictionaries(
        {
            "title": st.just("Task"),
            "discipline": st.just("OT"),
            "who": st.just("child"),
            "start_date": st.just(MONDAY),
            "minutes": st.integers(1, 240),
            "days_per_week": st.integers(1, 7),
            "weekdays": st.none() | st.lists(st.integers(0, 6), min_size=1, max_size=7),
            "routine_anchor": st.sampled_from(["", " ", "after tea", "\t"]),
            "materials": st.sampled_from(["", " ", "a cup"]),
            "has_materials": st.sampled_from([None, True, False]),
            "practised_in_session": st.booleans(),
            "family_chose": st.booleans(),
            "instructions": instructions(words),
        }
    )


def _sql_and_python_flags(cur, draft, daily_limit):
    ot = make_user(cur)
    family = make_family(cur, therapist=ot)
    task = assignments.create_assignment(cur, ot, family, draft)
    sql = quality.quality_flags_sql(cur, ot, [family], daily_limit=daily_limit)
    found = sorted(sql[sql.assignment_id.isna() | (sql.assignment_id == task)].flag)
    return found, sorted(a.flag for a in quality.check_assignment(draft, daily_limit=daily_limit))


@FEW
@given(draft=drafts(), daily_limit=st.integers(1, 300))
def test_the_sql_quality_rules_agree_with_the_python_rules_on_any_draft(shared_cur, draft, daily_limit):
    with rolled_back(shared_cur) as cur:
        found, expected = _sql_and_python_flags(cur, draft, daily_limit)
        assert found == expected


@FEW
@given(draft=drafts(WORDS + NON_ASCII), daily_limit=st.integers(1, 300))
@example(draft={**DRAFT, "instructions": "Cross the émidline."}, daily_limit=300)
def test_the_sql_quality_rules_agree_with_the_python_rules_on_non_english_letters(
    shared_cur, draft, daily_limit
):
    with rolled_back(shared_cur) as cur:
        found, expected = _sql_and_python_flags(cur, draft, daily_limit)
        assert found == expected


# --- habit strength: the bulk SQL closed form vs the day-by-day Python -----------------

AS_OF = MONDAY + timedelta(days=60)


@st.composite
def practice(draw):
    weekdays = draw(st.none() | st.lists(st.integers(0, 6), min_size=1, max_size=7, unique=True))
    return {
        "start": AS_OF - timedelta(days=draw(st.integers(0, 90))),
        "days_per_week": len(weekdays) if weekdays else draw(st.integers(1, 7)),
        "weekdays": sorted(weekdays) if weekdays else None,
        "ticked": draw(st.sets(st.integers(0, 90), max_size=60)),
        "skipped": draw(st.sets(st.integers(0, 90), max_size=10)),
        "pause": draw(st.none() | st.tuples(st.integers(0, 90), st.integers(1, 30))),
    }


def _seed_practice(cur, plan):
    ot = make_user(cur)
    family = make_family(cur, therapist=ot)
    task = make_assignment(
        cur, family, ot, start=plan["start"], days_per_week=plan["days_per_week"], weekdays=plan["weekdays"]
    )
    tick(cur, task, *(AS_OF - timedelta(days=d) for d in sorted(plan["ticked"])))
    skip(cur, family, *(AS_OF - timedelta(days=d) for d in sorted(plan["skipped"])))
    if plan["pause"]:
        ago, length = plan["pause"]
        add_version(cur, task, AS_OF - timedelta(days=ago), "paused", ot)
        add_version(cur, task, AS_OF - timedelta(days=ago - length), "resumed", ot)
    return ot, family, task


@FEW
@given(plan=practice())
def test_the_bulk_sql_habit_strength_agrees_with_the_python_reference(shared_cur, plan):
    with rolled_back(shared_cur) as cur:
        ot, family, task = _seed_practice(cur, plan)
        bulk = scores.habit_strengths(cur, ot, [family], AS_OF)
        series = scores.habit_strength_series(cur, ot, task, AS_OF)
        assert bulk["habit_strength"].iloc[0] == pytest.approx(series["score"].iloc[-1], abs=1e-9)
        assert 0 <= bulk["habit_strength"].iloc[0] <= 1


# --- completion: bounded, and a period is the sum of its weeks -------------------------


@FEW
@given(plan=practice(), weeks=st.integers(1, 12), as_of_ago=st.integers(-10, 60))
def test_completion_is_a_share_and_a_period_is_the_sum_of_its_weeks(shared_cur, plan, weeks, as_of_ago):
    as_of = AS_OF - timedelta(days=as_of_ago)
    first = words.week_start(AS_OF) - timedelta(weeks=weeks - 1)
    last_day = first + timedelta(weeks=weeks, days=-1)
    with rolled_back(shared_cur) as cur:
        ot, family, _ = _seed_practice(cur, plan)
        tasks = adherence.weekly_completion(cur, ot, [family], first, last_day, as_of)
        assert tasks["completion"].dropna().between(0, 1).all()
        weekly = adherence.family_weekly(cur, ot, [family], first, last_day, as_of)
        assert (weekly["ticked_days"] <= weekly["planned_days"]).all()
        assert weekly["completion"].dropna().between(0, 1).all()
        period = adherence.period_adherence(cur, ot, [family], first, last_day, as_of)
        if weekly.empty:
            assert period.empty
        else:
            row = period.iloc[0]
            assert (row.planned_days, row.ticked_days) == (
                weekly["planned_days"].sum(),
                weekly["ticked_days"].sum(),
            )


# --- md_escape: what a user typed is shown as typed ------------------------------------

MARKDOWN_TEXT = st.text(alphabet=st.characters(codec="utf-8", categories=["L", "N", "P", "S", "Zs"]))
PUNCTUATION = re.escape("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def _unescape(text):
    """Undo CommonMark backslash escapes (a backslash before ASCII punctuation) and the link breakers."""
    return re.sub(r"\\([" + PUNCTUATION + r"])", r"\1", text).replace(WORD_JOINER, "")


def _unescaped(text, chars):
    """Return the characters of `chars` in text that no backslash escapes (a lone backslash too)."""
    found, i = [], 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text) and re.match("[" + PUNCTUATION + "]", text[i + 1]):
            i += 2
            continue
        if text[i] in chars:
            found.append(text[i])
        i += 1
    return found


@settings(max_examples=200, deadline=None)
@given(text=MARKDOWN_TEXT)
def test_md_escape_leaves_no_markdown_syntax_active_and_reads_back_as_typed(text):
    escaped = md_escape(text)
    assert _unescape(escaped) == text
    assert _unescaped(escaped, "\\`*_{}[]()#+-.!|<>~$:&") == []


@pytest.mark.parametrize("text", ["&copy;", "&#169;", "&amp;", "a &lt;b&gt;"])
def test_md_escape_shows_character_references_as_typed(text):
    assert not re.search(r"(?<!\\)&(#\d+|#x[0-9a-f]+|[a-z]+);", md_escape(text), re.IGNORECASE)


# --- the clinic's wording: what is written is what is read back ------------------------

SHIPPED = guide.load_shipped_data()
FIELDS = {f.field: f for f in guide.wording_fields(SHIPPED)}
WORDING = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]) | st.just("\n"))


def test_the_shipped_wording_reads_back_unchanged():
    same = guide.apply_wording(SHIPPED, {f: w.text for f, w in FIELDS.items()})
    assert same == SHIPPED


@settings(max_examples=40, deadline=None)
@given(overrides=st.dictionaries(st.sampled_from(sorted(FIELDS)), WORDING, max_size=8))
def test_applied_wording_is_read_back_and_applying_it_again_changes_nothing(overrides):
    changed = guide.apply_wording(SHIPPED, overrides)
    read = {f.field: f.text for f in guide.wording_fields(changed)}
    for field, text in overrides.items():
        if FIELDS[field].lines:
            assert read[field] == "\n".join(line.strip() for line in text.splitlines() if line.strip())
        else:
            assert read[field] == text
    assert guide.apply_wording(changed, read) == changed


# --- session schedules: count x blocks sessions, evenly spaced -------------------------


@settings(max_examples=40, deadline=None)
@given(
    every=st.integers(1, 28),
    count=st.integers(1, 12),
    blocks=st.integers(1, 4),
    break_days=st.integers(0, 60),
)
def test_a_schedule_has_count_times_blocks_sessions_spaced_as_asked(every, count, blocks, break_days):
    first = datetime(2026, 11, 30, 16, 0)
    starts = sessions.schedule(first, every, count, blocks, break_days)
    assert len(starts) == count * blocks and starts[0] == first
    gaps = [b - a for a, b in zip(starts, starts[1:], strict=False)]
    for i, gap in enumerate(gaps, 1):
        expected = every + (break_days if i % count == 0 else 0)
        assert gap == timedelta(days=expected)
    assert {s.time() for s in starts} == {first.time()}
