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


def test_a_bad_stored_value_reads_as_its_default_and_never_raises(cur):
    cur.execute(
        "INSERT INTO clinic_settings (key, value) VALUES ('stalled_days', 'abc'), ('timezone', 'Mars/Base')"
    )
    values = settings.get_settings(cur)
    assert values["stalled_days"] == 14 and values["timezone"] == "Europe/London"


@pytest.mark.parametrize(
    "changes,field",
    [
        ({"adherence_threshold": 101}, "adherence_threshold"),
        ({"stalled_days": "abc"}, "stalled_days"),
        ({"stalled_days": 2.5}, "stalled_days"),
        ({"stalled_days": float("nan")}, "stalled_days"),
        ({"clinic_name": "a\nb"}, "clinic_name"),
        ({"session_exit_password": "maybe"}, "session_exit_password"),
        ({"partial_threshold": 90}, "partial_threshold"),  # above the adherence threshold
        ({"dropped_days": 7}, "dropped_days"),  # fewer than stalled days
    ],
)
def test_each_bad_value_is_refused_with_a_message_naming_its_field(cur, changes, field):
    lead = make_user(cur, "lead", role="lead", discipline=None)
    with pytest.raises(InvalidInput) as refused:
        settings.update_settings(cur, lead, changes)
    assert refused.value.field == field and str(refused.value)
    assert cur.execute("SELECT count(*) FROM clinic_settings WHERE key = ?", [field]).fetchone()[0] == 0


def test_every_bad_setting_is_reported_at_once(cur):
    lead = make_user(cur, "lead", role="lead", discipline=None)
    with pytest.raises(InvalidInput) as refused:
        settings.update_settings(
            cur, lead, {"adherence_threshold": 101, "clinic_name": "a\nb", "stalled_days": 4}
        )
    assert set(refused.value.problems) == {"adherence_threshold", "clinic_name"}
    assert cur.execute("SELECT count(*) FROM clinic_settings WHERE key = 'stalled_days'").fetchone()[0] == 0


def test_a_setting_changed_since_the_form_showed_it_is_not_overwritten(cur):
    from lib.errors import StaleVersion

    lead = make_user(cur, "lead", role="lead", discipline=None)
    settings.update_settings(cur, lead, {"stalled_days": 10})
    shown = settings.setting_versions(cur)
    settings.update_settings(cur, lead, {"stalled_days": 12}, shown)
    with pytest.raises(StaleVersion, match="changed a moment ago"):
        settings.update_settings(cur, lead, {"stalled_days": 11}, shown)
    assert settings.get_setting(cur, "stalled_days") == 12


def test_every_setting_has_a_plain_label_and_says_what_it_changes():
    for _, _, label, help_text in settings.DEFAULTS.values():
        assert "_" not in label and label[0].isupper()
        assert len(help_text) > 30 and help_text.endswith(".")
