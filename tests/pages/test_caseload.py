"""The weekly caseload page through AppTest."""

import json
from datetime import timedelta
from pathlib import Path

from streamlit.testing.v1 import AppTest

from lib import db
from lib.figures import caseload
from lib.goals import outcomes
from lib.ui.caseload_view import CHARTS_OPEN, GOALS_OPEN
from lib.words import date_text
from tests.factories import tried_initial_path
from tests.pages.apptest import sign_in, unfold
from tests.pages.test_session_mode import _query

ROOT = Path(__file__).resolve().parents[2]


def _page(path, username="lead"):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    sign_in(at, _query(path, "SELECT id FROM users WHERE username = ?", [username])[0][0])
    return at.run()


def test_the_page_shows_the_summary_and_every_family_riskiest_first(demo_db):
    tried_initial_path(demo_db)  # chronic needs the initial path tried first
    at = _page(demo_db)
    assert at.title[0].value == "Weekly caseload review"
    assert [m.label for m in at.metric][:3] == ["Families", "Median completion", "On track"]
    table = at.dataframe[0].value
    assert len(table) == int(at.metric[0].value)
    assert list(table["stage_label"])[0].startswith("chronic")


def test_the_clinic_charts_are_drawn_when_their_expander_is_opened(demo_db):
    at = _page(demo_db)
    assert not at.get("plotly_chart")  # the table shows first; the charts wait until asked for
    unfold(at, CHARTS_OPEN)
    assert not at.exception
    distribution, trend = (json.loads(chart.proto.spec) for chart in at.get("plotly_chart"))
    bars = distribution["data"][0]
    assert dict(zip(bars["x"], bars["y"], strict=True))["On track"] == int(
        at.metric[2].value
    )  # the same view
    assert len(trend["data"]) >= 2  # the median and the share on track, week by week


def test_filtering_by_stage_keeps_only_that_stage(demo_db):
    tried_initial_path(demo_db)
    at = _page(demo_db)
    at.multiselect(key="filter_stage").set_value(["chronic"]).run()
    stages = set(at.dataframe[0].value["stage_label"])
    assert stages and all(s.startswith("chronic") for s in stages)


def test_filtering_by_flag_finds_the_long_gaps(demo_db):
    at = _page(demo_db)
    at.multiselect(key="filter_flag").set_value(["gap too long"]).run()
    flags = at.dataframe[0].value["flags_label"]
    assert len(flags) and all("gap too long" in f for f in flags)


def test_an_earlier_week_can_be_chosen(demo_db):
    at = _page(demo_db)
    week = caseload.last_complete_week()
    at.date_input(key="caseload_week").set_value(week - timedelta(days=12)).run()
    assert date_text(week - timedelta(days=14), long=True) in at.caption[0].value


def test_a_therapist_sees_only_their_families(demo_db):
    at = _page(demo_db, "maya.ot")
    mine = _query(
        demo_db,
        "SELECT count(DISTINCT family_id) FROM family_therapists ft JOIN users u ON u.id = ft.therapist_id"
        " JOIN families f ON f.id = ft.family_id WHERE u.username = 'maya.ot' AND f.status <> 'discharged'",
    )[0][0]
    assert len(at.dataframe[0].value) == mine
    assert not at.segmented_control  # no whole-clinic switch for a therapist


def test_the_figures_change_after_a_write(demo_db):
    at = _page(demo_db)
    before = at.metric[0].value
    con = db.connect(demo_db)
    con.execute(
        "UPDATE families SET status = 'discharged' WHERE id = (SELECT min(id) FROM families WHERE status = 'active')"
    )
    con.execute("INSERT INTO audit_log (action, entity) VALUES ('update', 'family')")
    con.close()
    at.run()
    assert int(at.metric[0].value) == int(before) - 1


def test_this_week_so_far_can_be_reviewed(demo_db):
    from lib import clock

    at = _page(demo_db)
    at.date_input(key="caseload_week").set_value(clock.today()).run()
    assert at.caption[0].value.startswith("This week so far")
    assert len(at.dataframe[0].value) == int(at.metric[0].value)


def test_the_caseload_worked_out_at_server_start_is_the_one_every_lead_sees(demo_db, monkeypatch):
    from lib.accounts import auth
    from lib.ui import caseload_view

    con = db.connect(demo_db)
    lead = auth.first_active_lead(con.cursor())
    con.close()
    caseload_view.warm_up(lead)  # what lib.web starts beside the server

    def not_again(*args, **kwargs):
        raise AssertionError("worked out again")

    monkeypatch.setattr(caseload, "overview", not_again)
    at = _page(demo_db)
    assert not at.exception and len(at.dataframe[0].value) == int(at.metric[0].value)
    # the weeks a review compares were worked out too, and a therapist's caseload is cut from them
    at.date_input(key="caseload_week").set_value(caseload.last_complete_week() - timedelta(weeks=7)).run()
    assert not at.exception and at.caption[0].value.startswith("Week of")
    therapist = _page(
        demo_db, _query(demo_db, "SELECT min(username) FROM users WHERE role = 'therapist'")[0][0]
    )
    assert not therapist.exception and 0 < len(therapist.dataframe[0].value) < len(at.dataframe[0].value)


def test_the_lead_sees_goals_reached_by_practice_and_discipline_without_names(demo_db, monkeypatch):
    worked_out = []
    real = outcomes.goal_outcomes
    monkeypatch.setattr(outcomes, "goal_outcomes", lambda *a, **k: worked_out.append(1) or real(*a, **k))
    at = _page(demo_db)
    assert not at.exception
    assert "Goals reached and practice, across the clinic" in [e.label for e in at.expander]
    assert worked_out == []  # not on every caseload run: the whole clinic's goals, when opened
    unfold(at, GOALS_OPEN)
    assert worked_out
    by_practice, by_discipline = (d.value for d in at.dataframe[-2:])  # drawn last, in the expander
    assert list(by_practice["group"]) == ["0 weeks", "1–3 weeks", "4–7 weeks", "8–11 weeks", "12+ weeks"]
    rated_twice = _query(
        demo_db,
        "SELECT count(*) FROM (SELECT goal_id FROM goal_ratings GROUP BY goal_id HAVING count(*) >= 2)",
    )[0][0]
    assert by_practice["goals"].sum() == by_discipline["goals"].sum() == rated_twice > 0
    assert "not proof" in " ".join(i.value for i in at.info)
    names = {r[0] for r in _query(demo_db, "SELECT display_name FROM families")}
    assert not names & set(by_discipline["group"]) and not names & set(by_practice["group"])


def test_a_therapist_does_not_see_the_clinic_s_goal_outcomes(demo_db):
    at = _page(demo_db, "maya.ot")
    assert "Goals reached and practice, across the clinic" not in [e.label for e in at.expander]


def test_the_family_page_takes_the_weeks_figures_from_the_kept_caseload_kept_up_to_date(demo_db, monkeypatch):
    from lib import clock, ticks
    from lib.accounts import auth
    from lib.figures import week_figures
    from lib.ui import caseload_view

    con = db.connect(demo_db)
    cur = con.cursor()
    lead = auth.first_active_lead(cur)
    week = caseload.last_complete_week() + timedelta(weeks=1)  # this week so far: the page opens on it
    caseload_view.warm_up(lead)
    # a family with a daily task running all that week, and a day of it not ticked
    task, family, day = cur.execute(
        "SELECT a.id, a.family_id, min(d.day) FROM assignments a JOIN families f ON f.id = a.family_id,"
        " (SELECT unnest(generate_series(?::DATE, ?::DATE, INTERVAL 1 DAY))::DATE AS day) d"
        " WHERE f.status = 'active' AND a.status = 'active' AND a.weekdays IS NULL AND a.days_per_week = 7"
        " AND a.start_date < ? AND NOT EXISTS (SELECT 1 FROM ticks t WHERE t.assignment_id = a.id"
        " AND t.practice_date = d.day) AND NOT EXISTS (SELECT 1 FROM skip_days s WHERE s.family_id = a.family_id"
        " AND s.day = d.day) GROUP BY ALL ORDER BY a.family_id LIMIT 1",
        [week, clock.today() - timedelta(days=1), week],
    ).fetchone()

    def not_alone(*args, **kwargs):
        raise AssertionError("worked out alone")

    monkeypatch.setattr(week_figures, "family_week", not_alone)
    ticked = lambda: next(m for m in family_page.metric if m.label == "Completion").delta  # noqa: E731
    family_page = _page(demo_db)
    family_page.switch_page("pages/family.py").run()
    family_page.query_params["family"] = str(family)
    family_page.run()
    assert not family_page.exception
    before = ticked()
    ticks.record_tick(cur, lead, task, day)  # a tick since: that family's row is worked out again
    family_page.run()
    assert not family_page.exception
    done, planned = (int(n) for n in before.split(" days")[0].split(" of "))
    assert ticked() == f"{done + 1} of {planned} days"
    con.close()
