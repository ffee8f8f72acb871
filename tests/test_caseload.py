import io
from datetime import date, timedelta

import pandas as pd
import pytest
from pypdf import PdfReader

from lib import db
from lib.errors import NotAllowed, NotYourFamily
from lib.figures import adherence, caseload, caseload_pdf
from tests.chronic_gate import best_practice
from tests.conftest import TODAY
from tests.factories import (
    MONDAY,
    days,
    make_assignment,
    make_family,
    make_lead,
    make_user,
    session_actor,
    tick,
)

WEEK = MONDAY + timedelta(weeks=6)  # the week judged in these tests
LATER = WEEK + timedelta(weeks=4)  # "today" in these tests: the judged weeks are over


@pytest.fixture
def maya(cur):
    return make_user(cur, "maya")


def weeks_of_ticks(cur, task, per_week, weeks, first=MONDAY):
    """Tick the first `per_week` days of each of `weeks` weeks from first."""
    for w in range(weeks):
        tick(cur, task, *days(first + timedelta(weeks=w), per_week))


def stage_of(cur, actor, family, week=WEEK):
    return caseload.stages(cur, actor, [family], week, today=LATER).iloc[0]


def test_a_family_practising_every_day_has_no_stage(cur, maya):
    family = make_family(cur, therapist=maya)
    task = make_assignment(cur, family, maya, start=MONDAY)
    weeks_of_ticks(cur, task, 7, 7)
    assert stage_of(cur, maya, family).stage == "none"


def test_one_low_week_is_the_initial_stage(cur, maya):
    family = make_family(cur, therapist=maya)
    task = make_assignment(cur, family, maya, start=MONDAY)
    weeks_of_ticks(cur, task, 7, 6)
    weeks_of_ticks(cur, task, 3, 1, first=WEEK)
    row = stage_of(cur, maya, family)
    assert (row.stage, row.weeks_below) == ("initial", 1)
    assert row.why == "Below 80% for 1 week; not yet addressed with the guide"


def test_seven_low_weeks_without_the_guide_stay_initial_not_yet_addressed(cur, maya):
    family = make_family(cur, therapist=maya)
    task = make_assignment(cur, family, maya, start=MONDAY)
    weeks_of_ticks(cur, task, 2, 7)
    row = stage_of(cur, maya, family)
    assert row.stage == "initial" and "not yet addressed" in row.why


def test_four_low_weeks_are_chronic_only_after_first_line_actions(cur, maya):
    family = make_family(cur, therapist=maya)
    task = make_assignment(cur, family, maya, start=WEEK - timedelta(weeks=5))
    weeks_of_ticks(cur, task, 2, 6, first=WEEK - timedelta(weeks=5))
    best_practice(cur, family, maya.id, task, MONDAY)
    assert stage_of(cur, maya, family).stage == "initial"
    cur.execute(
        "INSERT INTO guide_runs (family_id, therapist_id, run_on, stage, path, actions)"
        " VALUES (?, ?, ?, 'initial', 'initial', ['reissue'])",
        [family, maya.id, WEEK - timedelta(weeks=4)],
    )
    row = stage_of(cur, maya, family)
    assert row.stage == "chronic" and "since the plan was changed in this episode" in row.why


def test_a_recent_not_done_review_makes_an_otherwise_fine_family_initial(cur, maya):
    family = make_family(cur, therapist=maya)
    task = make_assignment(cur, family, maya, start=MONDAY)
    weeks_of_ticks(cur, task, 7, 7)
    cur.execute(
        "INSERT INTO homework_reviews (family_id, assignment_id, reviewed_on, outcome, therapist_id)"
        " VALUES (?, ?, ?, 'not_done', ?)",
        [family, task, WEEK + timedelta(days=1), maya.id],
    )
    assert (
        stage_of(cur, maya, family).why
        == "Last review of Blow bubbles: not done; not yet addressed with the guide"
    )


def test_no_tick_for_two_weeks_is_stalled_and_three_is_dropped(cur, maya):
    family = make_family(cur, therapist=maya)
    task = make_assignment(cur, family, maya, start=MONDAY)
    tick(cur, task, WEEK + timedelta(days=6) - timedelta(days=15))
    assert stage_of(cur, maya, family).signal == "stalled"
    assert stage_of(cur, maya, family, WEEK + timedelta(weeks=1)).signal == "dropped"


def test_family_stage_names_the_signal_unless_chronic(cur, maya):
    family = make_family(cur, therapist=maya)
    make_assignment(cur, family, maya, start=TODAY - timedelta(days=30))
    assert caseload.family_stage(cur, maya, family, TODAY).name == "dropped"


def test_family_stage_refuses_another_therapists_family(cur, maya):
    family = make_family(cur, therapist=make_user(cur, "leo"))
    with pytest.raises(NotYourFamily):
        caseload.family_stage(cur, maya, family, TODAY)


def test_the_overview_flags_a_long_gap_and_a_missing_booking(cur, maya):
    far, unbooked = make_family(cur, "Far", therapist=maya), make_family(cur, "Unbooked", therapist=maya)
    for family in (far, unbooked):
        make_assignment(cur, family, maya, start=MONDAY)
        cur.execute(
            "INSERT INTO sessions (family_id, therapist_id, discipline, starts_at, status)"
            " VALUES (?, ?, 'OT', ?, 'attended')",
            [family, maya.id, WEEK],
        )
    cur.execute(
        "INSERT INTO sessions (family_id, therapist_id, discipline, starts_at, status)"
        " VALUES (?, ?, 'OT', ?, 'booked')",
        [far, maya.id, WEEK + timedelta(days=30)],
    )
    table = caseload.overview(cur, maya, WEEK, today=LATER).table.set_index("family")
    assert (
        "gap too long" in table.loc["Far", "flags"] and "no session booked" not in table.loc["Far", "flags"]
    )
    assert "30 days" in table.loc["Far", "flag_why"]
    assert "no session booked" in table.loc["Unbooked", "flags"]


def test_the_overview_flags_checklist_quality_load_and_explainer(cur, maya):
    family = make_family(cur, "Busy", therapist=maya)
    make_assignment(cur, family, maya, start=MONDAY, minutes=25)  # long, no anchor, no checklist answered
    table = caseload.overview(cur, maya, WEEK, today=LATER).table.set_index("family")
    found = table.loc["Busy", "flags"]
    assert {
        "checklist incomplete",
        "task breaks a rule",
        "too many minutes a day",
        "no intake explainer",
    } <= set(found)


def test_the_overview_reads_each_record_flag_and_the_pauses_once(cur, maya, monkeypatch):
    """Stages and flags need the same checklist, quality, explainer and pause reads: made once."""
    from lib import assignments, explainer
    from lib.assignments import checklist, quality
    from lib.figures import stages

    family = make_family(cur, "Busy", therapist=maya)
    make_assignment(cur, family, maya, start=MONDAY, minutes=25)
    calls = []
    for module, name in (
        (quality, "quality_flags_sql"),
        (caseload, "quality_flags_sql"),
        (checklist, "checklist_incomplete_families"),
        (assignments, "checklist_incomplete_families"),
        (explainer, "families_without_explainer"),
        (caseload, "families_without_explainer"),
        (stages, "paused_practice"),
    ):
        real = getattr(module, name)
        monkeypatch.setattr(
            module, name, lambda *a, _real=real, _name=name, **k: calls.append(_name) or _real(*a, **k)
        )
    table = caseload.overview(cur, maya, WEEK, today=LATER).table.set_index("family")
    assert sorted(calls) == sorted(
        [
            "quality_flags_sql",
            "checklist_incomplete_families",
            "families_without_explainer",
            "paused_practice",
        ]
    )
    assert table.loc["Busy", "stage"] and "no intake explainer" in table.loc["Busy", "flags"]


def test_the_no_task_flag_uses_the_clinics_word_for_practice(cur, maya):
    cur.execute("INSERT INTO clinic_settings (key, value) VALUES ('practice_word', 'Activity of the week')")
    make_family(cur, "Idle", therapist=maya)
    row = caseload.overview(cur, maya, WEEK, today=LATER).table.set_index("family").loc["Idle"]
    assert "no activity of the week set" in row["flags"]
    assert "No activity of the week task is running." in row["flag_why"] and "homework" not in row["flag_why"]


def test_the_caseload_opens_on_last_week_when_anything_was_planned_then(cur, maya):
    family = make_family(cur, therapist=maya)
    make_assignment(cur, family, maya, start=MONDAY)
    assert caseload.opening_week(cur, maya, today=LATER) == caseload.last_complete_week(LATER)


def test_a_new_clinics_caseload_opens_on_this_week_so_far(cur, maya):
    family = make_family(cur, therapist=maya)
    make_assignment(cur, family, maya, start=LATER)  # the first task, set today
    make_assignment(cur, make_family(cur, "Leo's", therapist=make_user(cur, "leo")), maya, start=MONDAY)
    assert caseload.opening_week(cur, maya, today=LATER) == adherence.week_start(LATER)  # Leo's is not Maya's


def test_a_family_without_a_running_task_is_flagged(cur, maya):
    make_family(cur, "Idle", therapist=maya)
    assert (
        "no home practice set"
        in caseload.overview(cur, maya, WEEK, today=LATER).table.set_index("family").loc["Idle", "flags"]
    )


def test_the_overview_sorts_the_riskiest_families_first(cur, maya):
    fine, slipping = make_family(cur, "Fine", therapist=maya), make_family(cur, "Slipping", therapist=maya)
    weeks_of_ticks(cur, make_assignment(cur, fine, maya, start=MONDAY), 7, 7)
    weeks_of_ticks(cur, make_assignment(cur, slipping, maya, start=MONDAY), 1, 7)
    assert list(caseload.overview(cur, maya, WEEK, today=LATER).table["family"]) == ["Slipping", "Fine"]


def test_a_therapist_overview_lists_only_their_families(cur, maya):
    make_family(cur, "Mine", therapist=maya)
    make_family(cur, "Not mine", therapist=make_user(cur, "leo"))
    assert list(caseload.overview(cur, maya, WEEK, today=LATER).table["family"]) == ["Mine"]


def test_filters_combine_and_stage_matches_signals(cur):
    import pandas as pd

    table = pd.DataFrame(
        {
            "therapist_ids": [[1], [2]],
            "disciplines": [["OT"], ["SLP"]],
            "status_label": ["low", "on track"],
            "stage": ["initial", "none"],
            "signal": ["stalled", ""],
            "flags": [["gap too long"], []],
        }
    )
    assert len(caseload.filter_table(table, therapist_ids=[1], stages=["stalled"])) == 1
    assert len(caseload.filter_table(table, disciplines=["SLP"], flags=["gap too long"])) == 0


def test_initials_hide_names():
    assert caseload.initials("Sam K.") == "S.K."
    assert caseload.initials("ava maria b") == "A.M.B."


def test_the_team_sheet_pdf_has_initials_and_no_full_names(demo_cur):
    lead = make_lead(demo_cur)
    view = caseload.overview(demo_cur, lead, caseload.last_complete_week(TODAY))
    text = (
        PdfReader(io.BytesIO(caseload_pdf.caseload_pdf(view.table, view.week, "Clinic")))
        .pages[0]
        .extract_text()
    )
    first = view.table.iloc[0]["family"]
    assert caseload_pdf.short_names(view.table["family"])[0] in text and first not in text


def test_the_caseload_agrees_with_each_familys_own_weekly_figures_on_the_demo(demo_cur):
    lead = make_lead(demo_cur)
    week = caseload.last_complete_week(TODAY)
    table = caseload.overview(demo_cur, lead, week).table
    for family_id, completion in zip(table["family_id"], table["completion"], strict=True):
        own = adherence.family_weekly(demo_cur, lead, [family_id], week, week, week + timedelta(days=6))
        expected = own["completion"].iloc[0] * 100 if len(own) else float("nan")
        assert completion == pytest.approx(expected, nan_ok=True)


def test_the_demo_has_families_in_every_stage(demo_cur):
    lead = make_lead(demo_cur)
    table = caseload.overview(demo_cur, lead, caseload.last_complete_week(TODAY)).table
    assert {"none", "initial"} <= set(table["stage"])
    tried = {
        r[0]
        for r in demo_cur.execute(
            "SELECT family_id FROM guide_runs WHERE path = 'initial' AND len(actions) > 0"
        ).fetchall()
    }
    assert set(table.loc[table["stage"] == "chronic", "family_id"]) <= tried
    assert {"stalled", "dropped"} & set(table["signal"])
    assert table["flags"].map(len).sum() > 0


def test_last_complete_week_is_the_monday_before_this_week():
    assert caseload.last_complete_week(date(2026, 11, 25)) == date(2026, 11, 16)


def test_flags_leave_out_families_the_therapist_cannot_see(cur, maya):
    family = make_family(cur, therapist=maya)
    cur.execute("UPDATE users SET active = FALSE WHERE id = ?", [maya.id])  # "needs reassignment"
    table = pd.DataFrame({"family_id": [family], "status": ["active"], "active_tasks": [0]})
    gaps = pd.DataFrame({"family_id": [family], "gap_flag": [True], "next_session": [None], "why": ["-"]})
    assert len(caseload.flags(cur, maya, table, gaps)) == 4
    assert caseload.flags(cur, make_user(cur, "leo"), table, gaps).empty


def test_the_clinic_trend_gives_each_weeks_median_and_share_on_track():
    week = date(2026, 11, 16)
    earlier = pd.Timestamp(week - timedelta(weeks=1))
    weekly = pd.DataFrame(
        {
            "family_id": [1, 2, 3, 1, 2, 4],
            "week_start": [earlier] * 3 + [pd.Timestamp(week)] * 3,
            "completion": [1.0, 0.5, 0.2, 0.9, float("nan"), 0.6],
        }
    )
    table = pd.DataFrame({"family_id": [1, 2, 3]})  # family 4 is not on this caseload
    trend = caseload.weekly_trend(caseload.Overview(week, table, weekly), {"adherence_threshold": 80})
    assert trend["median"].tolist() == pytest.approx([50.0, 90.0])
    assert trend["on_track"].tolist() == pytest.approx([100 / 3, 100.0])  # no-data weeks don't count


def test_the_sparkline_leaves_out_weeks_without_planned_days_and_the_csv_marks_them(demo_db):
    from lib.ui import caseload_view

    con = db.connect(demo_db)
    lead = con.execute(
        "SELECT id, username, display_name, role, discipline FROM users WHERE role = 'lead'"
    ).fetchone()
    from lib.models import Actor

    view = caseload.overview(con.cursor(), Actor(*lead), caseload.last_complete_week())
    con.close()
    shown = caseload_view.table_view(view.table)
    assert all(w == w for weeks in shown["last_8_weeks"] for w in weeks)  # no NaN left for the chart
    gaps = view.table["last_8_weeks"].map(lambda weeks: any(w != w for w in weeks))
    assert gaps.any(), "the demo should have a family that started within the 8 weeks"
    csv = pd.read_csv(io.BytesIO(caseload_view.csv_bytes(view.table)))
    assert csv["last_8_weeks"].str.split().map(lambda weeks: caseload_view.NO_WEEK in weeks).any()
    assert not csv["last_8_weeks"].str.startswith("'").any()  # no formula: no guard


def test_the_csv_guard_is_only_for_cells_a_spreadsheet_would_run():
    from lib.exchange import csv_safe
    from lib.ui import caseload_view

    assert csv_safe.safe_cell("\u2581\u2583\u2585") == "\u2581\u2583\u2585"  # a sparkline stays as it is
    assert csv_safe.safe_cell("- 50") == "'- 50" and csv_safe.safe_cell("=1+1") == "'=1+1"
    table = pd.DataFrame(
        {c: [None] for c in ["family_id", *caseload_view.table_columns(), "stage", "signal"]}
    )
    table["stage"], table["signal"], table["why"] = "none", "", ""
    table["flags"], table["last_8_weeks"] = [[]], [[float("nan"), 50.0]]  # a family that started last week
    line = caseload_view.csv_bytes(table).decode().splitlines()[1]
    assert "\u2013 50" in line and "'" not in line


def test_every_caseload_is_cut_from_the_whole_clinics_with_the_same_rows(cur, maya):
    leo, lead = make_user(cur, "leo"), make_user(cur, "lena", role="lead")
    mine = make_family(cur, "Mine", therapist=maya)
    make_family(cur, "Leo's", therapist=leo)
    weeks_of_ticks(cur, make_assignment(cur, mine, maya, start=MONDAY), 3, 7)
    clinic = caseload.clinic_overview(cur, WEEK, today=LATER)
    assert list(clinic.table["family"]) == ["Mine", "Leo's"]  # riskiest first: Leo's family has no task
    for actor, mine_only in ((maya, False), (leo, False), (lead, False), (lead, True)):
        cut = caseload.seen_by(cur, actor, clinic, mine_only)
        alone = caseload.overview(cur, actor, WEEK, mine_only=mine_only, today=LATER)
        if alone.table.empty:  # (alone, an empty caseload has only the family columns)
            assert cut.table.empty, actor.username
            continue
        # the same values; a column with a gap elsewhere in the clinic reads 4.0 where alone it reads 4
        pd.testing.assert_frame_equal(cut.table, alone.table, check_dtype=False, obj=actor.username)
        assert sorted(cut.weekly["family_id"].unique()) == sorted(alone.weekly["family_id"].unique())
    assert caseload.seen_by(cur, lead, clinic) is clinic  # the lead's whole caseload is the clinic's itself
    assert caseload.seen_by(cur, lead, clinic, mine_only=True).table.empty  # the lead is linked to none


def test_a_caseload_cut_in_a_session_is_refused(cur, maya):
    family = make_family(cur, "Mine", therapist=maya)
    clinic = caseload.clinic_overview(cur, WEEK, today=LATER)
    with pytest.raises(NotAllowed):
        caseload.seen_by(cur, session_actor(maya, family), clinic)
