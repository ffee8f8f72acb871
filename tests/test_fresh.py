"""lib.ui.fresh: a kept value is handed out until what it depends on changes, today included."""

from datetime import timedelta

from lib import clock
from lib.figures import adherence
from lib.ui import caseload_view, fresh
from tests.conftest import TODAY
from tests.factories import days, make_assignment, make_family, make_user, tick

TOMORROW = TODAY + timedelta(days=1)
THIS_WEEK = adherence.week_start(TODAY)  # Monday 23 Nov 2026; TODAY is its Wednesday


def test_a_value_kept_per_family_or_per_clinic_is_worked_out_again_after_midnight(cur, monkeypatch):
    maya = make_user(cur, "maya")
    family = make_family(cur, "Sam K.", therapist=maya)
    assert fresh.per_family(maya, family, "day", clock.today) == TODAY
    assert fresh.per_clinic(maya, "day", clock.today) == TODAY
    monkeypatch.setenv("HOME_PRACTICE_TODAY", TOMORROW.isoformat())  # midnight passes, nothing written
    assert fresh.per_family(maya, family, "day", clock.today) == TOMORROW
    assert fresh.per_clinic(maya, "day", clock.today) == TOMORROW


def test_the_kept_caseload_of_the_running_week_counts_the_new_day_after_midnight(cur, monkeypatch):
    maya = make_user(cur, "maya")
    family = make_family(cur, "Sam K.", therapist=maya)
    tick(cur, make_assignment(cur, family, maya, start=THIS_WEEK - timedelta(days=21)), *days(THIS_WEEK, 3))
    completion = lambda: caseload_view.load_overview(maya, THIS_WEEK, False).table["completion"].iloc[0]  # noqa: E731
    assert completion() == 100  # Monday to Wednesday, each ticked
    monkeypatch.setenv("HOME_PRACTICE_TODAY", TOMORROW.isoformat())
    assert completion() == 75  # Thursday is planned too, and not ticked yet


def test_every_users_caseload_is_cut_from_one_kept_clinic_overview_and_follows_new_links(cur, monkeypatch):
    from lib.families.changes import link_therapist
    from lib.figures import caseload

    maya, leo, lead = make_user(cur, "maya"), make_user(cur, "leo"), make_user(cur, "lena", role="lead")
    mine, leos = make_family(cur, "Sam K.", therapist=maya), make_family(cur, "Ava B.", therapist=leo)
    for family in (mine, leos):
        make_assignment(cur, family, maya, start=THIS_WEEK - timedelta(days=21))
    worked_out = []
    real = caseload.clinic_overview
    monkeypatch.setattr(caseload, "clinic_overview", lambda *a, **k: worked_out.append(k) or real(*a, **k))

    shown = lambda actor: caseload_view.load_overview(actor, THIS_WEEK, False).table["family_id"].tolist()  # noqa: E731
    assert sorted(shown(lead)) == sorted([mine, leos])
    assert shown(maya) == [mine] and shown(leo) == [leos]
    assert len(worked_out) == 1  # the whole clinic once, for the three of them
    assert caseload_view.load_overview(maya, THIS_WEEK, False) is caseload_view.load_overview(
        maya, THIS_WEEK, False
    )

    link_therapist(cur, lead, leos, maya.id, "SLP")  # a new link: Maya's caseload has Ava's family now
    assert sorted(shown(maya)) == sorted([mine, leos]) and shown(leo) == [leos]
    assert len(worked_out) == 2  # the link is written: the clinic's overview is brought up to date once
