"""Booking and recording sessions from the family page through AppTest."""

from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from lib import db, sessions
from lib.settings import update_settings
from tests.conftest import TODAY, make_family, make_user
from tests.pages.apptest import sign_in

ROOT = Path(__file__).resolve().parents[2]
NINE = time(9)


def at(day, hour=NINE):
    return datetime.combine(day, hour)


@pytest.fixture
def maya(cur):
    return make_user(cur, "maya")


@pytest.fixture
def family(cur, maya):
    return make_family(cur, "Mia L.", therapist=maya, intake=date(2026, 9, 1))


# --- the Sessions tab ---------------------------------------------------------------------


def page(path, user, family_id):
    test = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    sign_in(test, user.id)
    test.run()
    test.session_state["family_tab"] = "Sessions"  # built when opened
    test.switch_page("pages/family.py")
    test.query_params["family"] = str(family_id)
    return test.run()


@pytest.fixture
def clinic(isolated_database):
    con = db.connect(isolated_database)
    with con.cursor() as cur:
        lead = make_user(cur, "lead", role="lead", discipline=None)
        maya = make_user(cur, "maya")
        family_id = make_family(cur, "Mia L.", therapist=maya, intake=date(2026, 9, 1))
        update_settings(cur, lead, {"max_session_gap_days": 14})
    con.close()
    return isolated_database, maya, family_id


def booked(path):
    con = db.connect(path)
    rows = con.execute("SELECT starts_at, status FROM sessions ORDER BY starts_at").fetchall()
    con.close()
    return rows


def test_the_therapist_books_a_fortnightly_block_from_the_family_page(clinic):
    path, maya, family_id = clinic
    test = page(path, maya, family_id)
    first = TODAY + timedelta(days=7)
    test.date_input(key="bk_date").set_value(first)
    test.selectbox(key="bk_repeat").set_value(14)
    test.number_input(key="bk_count").set_value(6)
    test.button(key="bk_submit").click().run()
    assert "Booked 6 session(s)." in test.success[0].value
    assert [s[0].date() for s in booked(path)] == [first + timedelta(days=14 * i) for i in range(6)]


def test_a_fortnightly_block_with_a_long_break_then_shows_the_gap_flag(clinic):
    path, maya, family_id = clinic
    test = page(path, maya, family_id)
    test.date_input(key="bk_date").set_value(TODAY + timedelta(days=21))
    test.selectbox(key="bk_repeat").set_value(14)
    test.number_input(key="bk_count").set_value(3)
    test.button(key="bk_submit").click().run()
    test = page(path, maya, family_id)
    assert "The first session is 21 days away, more than the advised 14 days." in test.warning[0].value
    assert [m.value for m in test.metric][2] == "21 days"


def test_booking_before_the_intake_shows_the_message_next_to_the_date(clinic):
    path, maya, family_id = clinic
    test = page(path, maya, family_id)
    test.date_input(key="bk_date").set_value(date(2026, 8, 1))
    test.button(key="bk_submit").click().run()
    assert "cannot be before the intake date" in test.error[0].value
    assert booked(path) == []


def test_the_therapist_records_a_no_show_on_the_family_page(clinic):
    path, maya, family_id = clinic
    con = db.connect(path)
    sessions.book_session(con.cursor(), maya, family_id, maya.id, "OT", at(TODAY - timedelta(days=2)))
    con.close()
    test = page(path, maya, family_id)
    test.radio(key="so_status").set_value("no_show")
    test.text_input(key="so_note").input("Unwell")
    test.button(key="so_submit").click().run()
    assert "Session updated." in test.success[0].value
    assert booked(path)[0][1] == "no_show"
