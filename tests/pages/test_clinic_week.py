"""The week's sessions page through AppTest, as the lead and as a therapist."""

from tests.factories import query, user_id
from tests.pages.apptest import open_app

PAGE = "pages/clinic_week.py"


def _therapists(at):
    return set(at.dataframe[0].value["therapist"]) if "therapist" in at.dataframe[0].value else set()


def test_the_lead_sees_every_therapists_week_and_can_narrow_to_one(demo_db):
    at = open_app(user_id(demo_db, "lead"), PAGE)
    assert not at.exception
    assert at.title[0].value == "The week's sessions"
    counts = at.dataframe[0].value
    assert {"Maya Okafor", "Leo Brandt", "Priya Raman"} <= set(counts["therapist"])
    sessions = at.dataframe[1].value
    assert set(sessions["therapist"]) > {"Maya Okafor"}
    in_week = query(
        demo_db,
        "SELECT count(*) FROM sessions WHERE starts_at >= DATE '2026-11-23' AND starts_at < DATE '2026-11-30'",
    )[0][0]
    assert len(sessions) == in_week == int(counts[["booked", "attended", "cancelled", "no_show"]].sum().sum())
    at.selectbox(key="clinic_week_therapist").select(user_id(demo_db, "maya.ot")).run()
    assert not at.exception
    assert [m.label for m in at.metric][:4] == ["Booked", "Attended", "Cancelled", "No-show"]
    assert set(at.dataframe[0].value["family"]) <= {
        r[0]
        for r in query(
            demo_db,
            "SELECT f.display_name FROM sessions s JOIN families f ON f.id = s.family_id"
            " JOIN users u ON u.id = s.therapist_id WHERE u.username = 'maya.ot'",
        )
    }


def test_a_therapist_sees_only_their_own_week(demo_db):
    at = open_app(user_id(demo_db, "priya.pt"), PAGE)
    assert not at.exception
    assert "clinic_week_therapist" not in [s.key for s in at.selectbox]
    own = {
        r[0]
        for r in query(
            demo_db,
            "SELECT f.display_name FROM sessions s JOIN families f ON f.id = s.family_id JOIN users u"
            " ON u.id = s.therapist_id WHERE u.username = 'priya.pt' AND s.starts_at >= DATE '2026-11-23'"
            " AND s.starts_at < DATE '2026-11-30'",
        )
    }
    assert set(at.dataframe[0].value["family"]) == own
    linked = {
        r[0]
        for r in query(
            demo_db,
            "SELECT f.display_name FROM family_therapists ft JOIN families f ON f.id = ft.family_id"
            " JOIN users u ON u.id = ft.therapist_id WHERE u.username = 'priya.pt' AND ft.active",
        )
    }
    flagged = set(at.dataframe[1].value["family"])
    assert flagged and flagged <= linked
    assert any("Nothing booked" in str(v) for v in at.dataframe[1].value["flag"])


def test_an_earlier_week_shows_its_recorded_sessions(demo_db):
    from datetime import date

    at = open_app(user_id(demo_db, "lead"), PAGE)
    at.date_input(key="clinic_week_day").set_value(date(2026, 11, 11)).run()
    assert not at.exception
    assert "Monday 9 November" in " ".join(c.value for c in at.caption)
    assert "booked" not in set(at.dataframe[1].value["outcome"].str.lower())
