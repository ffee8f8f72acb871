"""The lead's view of goals and practice across the clinic: counts only, by practice band and discipline."""

from datetime import date

import pytest

from lib import goals
from lib.errors import NotAllowed
from lib.goals import outcomes
from tests.factories import days, make_assignment, make_family, make_user, tick

LEVELS = ["a", "b", "c", "d", "e"]


def _rows(found, grouping):
    part = found[found["grouping"] == grouping]
    return {g: (n, r) for g, n, r in zip(part["group"], part["goals"], part["reached"], strict=True)}


def test_goals_rated_twice_are_counted_by_weeks_of_steady_practice_and_discipline(cur, monkeypatch):
    maya = make_user(cur, "maya")
    lead = make_user(cur, "boss", role="lead")
    monkeypatch.setenv("HOME_PRACTICE_TODAY", "2026-10-05")
    practised_family, idle_family, once_family = (make_family(cur, n, therapist=maya) for n in "ABC")
    practised = goals.create_goal(cur, maya, practised_family, "OT", "Dresses", LEVELS)
    idle = goals.create_goal(cur, maya, idle_family, "OT", "Brushes teeth", LEVELS)
    goals.create_goal(cur, maya, once_family, "OT", "Only the start", LEVELS)  # rated once: left out
    task = make_assignment(cur, practised_family, maya, "Socks", start=date(2026, 10, 5))
    goals.set_task_goal(cur, maya, task, practised)
    tick(cur, task, *days(date(2026, 10, 5), 5), *days(date(2026, 10, 12), 4), *days(date(2026, 10, 19), 2))
    monkeypatch.setenv("HOME_PRACTICE_TODAY", "2026-11-02")
    goals.rate_goal(cur, maya, practised, 0, "session")
    goals.rate_goal(cur, maya, idle, -1, "session")
    found = outcomes.goal_outcomes(cur, lead, date(2026, 11, 25))
    assert _rows(found, "practice") == {
        "0 weeks": (1, 0),
        "1–3 weeks": (1, 1),  # two weeks with 4+ days (the third had 2)
        "4–7 weeks": (0, 0),
        "8–11 weeks": (0, 0),
        "12+ weeks": (0, 0),
    }
    assert _rows(found, "discipline") == {"OT": (2, 1)}
    assert list(found.loc[found["group"] == "OT", "share"]) == [0.5]
    assert not any(name in repr(found) for name in ("Dresses", "Brushes", "maya", "Socks"))


def test_only_the_lead_sees_the_clinic_s_goal_outcomes(cur):
    with pytest.raises(NotAllowed):
        outcomes.goal_outcomes(cur, make_user(cur, "maya"))


def test_the_caveat_says_association_not_proof():
    assert "association" in outcomes.CAVEAT and "not proof" in outcomes.CAVEAT
