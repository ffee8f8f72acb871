import pytest

from lib import settings
from lib.errors import InvalidInput, NotAllowed
from tests.factories import make_user


def test_a_new_clinic_has_the_defaults(cur):
    values = settings.get_settings(cur)
    assert values["adherence_threshold"] == 80
    assert values["max_session_gap_days"] == 14
    assert values["session_exit_password"] is True


def test_the_lead_changes_a_setting_and_it_is_audited(cur):
    lead = make_user(cur, "lead", role="lead", discipline=None)
    settings.update_settings(
        cur, lead, {"max_session_gap_days": "21", "practice_word": "activity of the week"}
    )
    assert settings.get_setting(cur, "max_session_gap_days") == 21
    assert settings.get_setting(cur, "practice_word") == "activity of the week"
    assert cur.execute("SELECT count(*) FROM audit_log WHERE entity = 'setting'").fetchone()[0] == 2


def test_a_therapist_cannot_change_settings(cur):
    with pytest.raises(NotAllowed):
        settings.update_settings(cur, make_user(cur), {"clinic_name": "Mine"})


@pytest.mark.parametrize("name,value", [("max_session_gap_days", "0"), ("clinic_name", "  "), ("nope", "1")])
def test_bad_setting_values_are_refused_and_nothing_is_saved(cur, name, value):
    lead = make_user(cur, "lead", role="lead", discipline=None)
    with pytest.raises(InvalidInput):
        settings.update_settings(cur, lead, {"clinic_name": "Changed", name: value})
    assert settings.get_setting(cur, "clinic_name") == "Home Practice Clinic"


def test_the_time_zone_must_be_a_real_one(cur):
    lead = make_user(cur, "lead", role="lead", discipline=None)
    with pytest.raises(InvalidInput):
        settings.update_settings(cur, lead, {"timezone": "Mars/Olympus"})
    settings.update_settings(cur, lead, {"timezone": "Europe/Dublin"})
    assert settings.get_setting(cur, "timezone") == "Europe/Dublin"
