import pytest

from lib import db
from lib.accounts import auth
from lib.assignments import templates
from lib.assignments.safety import age_in_years
from lib.demo.clinic import build_demo
from tests.conftest import TODAY


def _fingerprint(path):
    con = db.connect(path)
    row = con.execute(
        "SELECT count(*), sum(hash(assignment_id, practice_date, minutes, evidence)) FROM ticks"
    ).fetchone()
    names = con.execute("SELECT list(display_name ORDER BY id) FROM families").fetchone()[0]
    con.close()
    return row, names


def _build(path, seed):
    con = db.connect(path)
    build_demo(con, families=12, weeks=10, seed=seed, today=TODAY)
    con.close()


def test_the_same_seed_builds_the_same_clinic(tmp_path):
    _build(tmp_path / "a.duckdb", 3)
    _build(tmp_path / "b.duckdb", 3)
    assert _fingerprint(tmp_path / "a.duckdb") == _fingerprint(tmp_path / "b.duckdb")


def test_another_seed_builds_another_clinic(tmp_path):
    _build(tmp_path / "a.duckdb", 3)
    _build(tmp_path / "b.duckdb", 4)
    assert _fingerprint(tmp_path / "a.duckdb") != _fingerprint(tmp_path / "b.duckdb")


def test_the_demo_has_therapists_of_several_disciplines_and_a_lead(demo_cur):
    disciplines = {
        r[0] for r in demo_cur.execute("SELECT discipline FROM users WHERE role = 'therapist'").fetchall()
    }
    assert {"OT", "PT", "SLP", "psychology"} <= disciplines
    assert auth.login(demo_cur, "lead", "demo").is_lead


def test_the_demo_has_steady_and_non_completing_families(demo_cur):
    rates = demo_cur.execute(
        "SELECT sum(n) / sum(expected) FROM ("
        "  SELECT a.family_id, (SELECT count(*) FROM ticks t WHERE t.assignment_id = a.id) AS n,"
        "         date_diff('day', a.start_date, coalesce(a.end_date, DATE '2026-11-25')) * a.days_per_week / 7 AS expected"
        "  FROM assignments a) GROUP BY family_id HAVING sum(expected) > 20"
    ).fetchall()
    rates = [r[0] for r in rates if r[0] is not None]
    assert max(rates) > 0.7 and min(rates) < 0.25


def test_the_demo_has_weekly_fortnightly_and_long_gaps_and_skip_days(demo_cur):
    gaps = demo_cur.execute(
        "SELECT DISTINCT date_diff('day', lag(starts_at) OVER (PARTITION BY family_id, therapist_id ORDER BY starts_at), starts_at)"
        " FROM sessions"
    ).fetchall()
    gaps = {g[0] for g in gaps}
    assert {7, 14, 28} <= gaps
    reasons = {r[0] for r in demo_cur.execute("SELECT DISTINCT reason FROM skip_days").fetchall()}
    assert reasons == {"illness", "holiday"}


def test_no_tick_falls_on_a_skip_day_or_in_the_future(demo_cur):
    on_skip = demo_cur.execute(
        "SELECT count(*) FROM ticks t JOIN skip_days s ON s.family_id = t.family_id AND s.day = t.practice_date"
    ).fetchone()[0]
    assert on_skip == 0
    assert demo_cur.execute("SELECT max(practice_date) FROM ticks").fetchone()[0] < TODAY


def test_the_demo_refuses_a_database_that_has_accounts(demo_db):
    con = db.connect(demo_db)
    with pytest.raises(ValueError):
        build_demo(con, families=2, weeks=2, seed=1, today=TODAY)
    con.close()


def test_no_family_has_the_same_task_twice_at_once(demo_cur):
    doubles = demo_cur.execute(
        "SELECT family_id, title FROM assignments WHERE status IN ('active', 'paused')"
        " GROUP BY ALL HAVING count(*) > 1"
    ).fetchall()
    assert doubles == []


def test_the_demo_has_chronic_families_each_after_a_tried_first_line_run(demo_cur):
    from lib.figures.caseload import last_complete_week, stages
    from tests.factories import make_lead

    table = stages(demo_cur, make_lead(demo_cur), None, last_complete_week(TODAY))
    chronic = table.loc[table["stage"] == "chronic", "family_id"].tolist()
    assert len(chronic) >= 2
    tried = {
        r[0]
        for r in demo_cur.execute(
            "SELECT family_id FROM guide_runs WHERE path = 'initial' AND len(actions) > 0 AND run_on <= ?",
            [TODAY],
        ).fetchall()
    }
    assert set(chronic) <= tried


def test_the_demo_also_has_low_families_not_yet_addressed_with_the_guide(demo_cur):
    from lib.figures.caseload import last_complete_week, stages
    from tests.factories import make_lead

    table = stages(demo_cur, make_lead(demo_cur), None, last_complete_week(TODAY))
    waiting = table[(table["stage"] == "initial") & table["why"].str.contains("not yet addressed")]
    assert len(waiting) >= 2


def test_no_demo_task_is_outside_its_template_s_ages_or_much_longer_than_its_minutes(demo_cur):
    shipped = {t["title"]: t for t in templates.load_shipped()}
    tasks = demo_cur.execute(
        "SELECT a.title, a.minutes, a.start_date, f.date_of_birth FROM assignments a"
        " JOIN families f ON f.id = a.family_id"
    ).fetchall()
    assert len(tasks) > 40
    for title, minutes, start, born in tasks:
        template, age = shipped[title], age_in_years(born, start)
        assert template["age_min"] <= age <= template["age_max"], (title, age)
        assert minutes <= template["minutes"] + 5, (title, minutes)


def test_demo_caregivers_have_invented_contact_details_and_most_agreed_to_contact(demo_cur):
    emails, phones, agreed, total, valid_ways = demo_cur.execute(
        "SELECT count(*) FILTER (email LIKE '%@example.org'), count(*) FILTER (phone LIKE '07700 900___'),"
        " count(*) FILTER (contact_consent AND contact_consent_on IS NOT NULL), count(*),"
        " count(*) FILTER ((reminder_way <> 'email' OR email IS NOT NULL) AND (reminder_way <> 'text' OR phone IS NOT NULL))"
        " FROM caregivers"
    ).fetchone()
    assert emails == demo_cur.execute("SELECT count(email) FROM caregivers").fetchone()[0] > total / 2
    assert phones == demo_cur.execute("SELECT count(phone) FROM caregivers").fetchone()[0] > total / 2
    assert total / 2 < agreed < total and valid_ways == total
