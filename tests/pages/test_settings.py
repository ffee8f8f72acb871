"""The settings page, and every page under a bad setting, through AppTest."""

from tests.factories import query, user_id
from tests.pages.apptest import open_app


def test_every_page_still_opens_with_a_bad_stored_setting(demo_db):
    query(demo_db, "INSERT OR REPLACE INTO clinic_settings (key, value) VALUES ('stalled_days', 'abc')")
    at = open_app(user_id(demo_db, "lead"))
    assert not at.exception and at.title[0].value == "Weekly caseload review"
    at = open_app(None)
    assert not at.exception


def test_a_database_from_a_newer_release_shows_a_calm_message(isolated_database):
    from lib import db
    from tests.pages.apptest import open_app

    db.connect(isolated_database).close()
    import duckdb

    con = duckdb.connect(str(isolated_database))
    con.execute("INSERT INTO schema_migrations (version, name) VALUES (998, '998_future')")
    con.close()
    at = open_app(None)
    assert not at.exception
    assert "newer release of Home Practice" in at.error[0].value


def test_the_settings_page_shows_the_plain_labels_with_their_effect(demo_db):
    at = open_app(user_id(demo_db, "lead"), "pages/settings.py")
    box = at.number_input(key="set_adherence_threshold")
    assert box.label == "On track from (% of planned days)" and "slipping" in box.help
    assert at.number_input(key="set_chronic_weeks").label == "Low weeks before chronic non-completion"


def test_a_settings_error_stands_beside_its_field_and_goes_once_corrected(demo_db):
    at = open_app(user_id(demo_db, "lead"), "pages/settings.py")
    at.number_input(key="set_partial_threshold").set_value(90)
    at.button[0].click().run()
    (error,) = at.error
    assert "Partly done: give a percentage below on track (80%)" in error.value
    at.number_input(key="set_partial_threshold").set_value(60)
    at.button[0].click().run()
    assert not at.error and "Saved 1 change" in at.success[0].value
    assert query(demo_db, "SELECT value FROM clinic_settings WHERE key = 'partial_threshold'") == [("60",)]
