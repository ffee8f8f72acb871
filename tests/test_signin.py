"""Sign-in sessions, lockout, timeouts and the first run's setup code (lib.accounts.signin)."""

from datetime import datetime, timedelta

import pytest

from lib.accounts import auth, signin, users
from lib.errors import LoginFailed
from tests.factories import make_user

T0 = datetime(2026, 11, 25, 9, 0)


def audit_actions(cur):
    return [r[0] for r in cur.execute("SELECT action FROM audit_log ORDER BY id").fetchall()]


def test_signing_in_returns_a_token_that_validates_to_the_user(cur):
    maya = make_user(cur, "maya")
    token, actor = signin.sign_in(cur, " Maya ", "password1", now=T0)
    assert actor.id == maya.id
    assert signin.validate(cur, token, now=T0).actor.username == "maya"
    assert signin.validate(cur, "made-up-token", now=T0) is None


def test_only_a_hash_of_the_token_is_stored(cur):
    make_user(cur, "maya")
    token, _ = signin.sign_in(cur, "maya", "password1", now=T0)
    stored = cur.execute("SELECT token_hash FROM signin_sessions").fetchone()[0]
    assert token not in stored and len(stored) == 64


def test_sign_in_sign_out_and_a_failure_are_each_audited_with_who(cur):
    maya = make_user(cur, "maya")
    with pytest.raises(LoginFailed):
        signin.sign_in(cur, "maya", "wrong", now=T0)
    token, _ = signin.sign_in(cur, "maya", "password1", now=T0)
    signin.sign_out(cur, token, now=T0)
    rows = cur.execute("SELECT action, user_id, entity_id FROM audit_log ORDER BY id").fetchall()
    assert rows == [
        ("login_failed", None, maya.id),
        ("login", maya.id, maya.id),
        ("logout", maya.id, maya.id),
    ]
    assert signin.validate(cur, token, now=T0) is None


def test_a_failure_for_an_unknown_name_is_audited_without_the_name(cur):
    with pytest.raises(LoginFailed):
        signin.sign_in(cur, "hunter2", "x", now=T0)
    detail = cur.execute("SELECT detail FROM audit_log WHERE action = 'login_failed'").fetchone()[0]
    assert "hunter2" not in detail


def test_five_failures_in_fifteen_minutes_lock_the_account_even_for_the_right_password(cur):
    make_user(cur, "maya")
    for k in range(4):
        with pytest.raises(LoginFailed) as failed:
            signin.sign_in(cur, "maya", "wrong", now=T0 + timedelta(minutes=3 * k))
        assert not isinstance(failed.value, signin.AccountLocked)
    with pytest.raises(signin.AccountLocked, match="locked until 09:27"):
        signin.sign_in(cur, "maya", "wrong", now=T0 + timedelta(minutes=12))
    with pytest.raises(signin.AccountLocked):
        signin.sign_in(cur, "maya", "password1", now=T0 + timedelta(minutes=26))
    assert audit_actions(cur)[-1] == "login_locked"
    assert signin.sign_in(cur, "maya", "password1", now=T0 + timedelta(minutes=28))[1].username == "maya"


def test_failures_spread_over_more_than_fifteen_minutes_do_not_lock(cur):
    make_user(cur, "maya")
    for k in range(5):
        with pytest.raises(LoginFailed) as failed:
            signin.sign_in(cur, "maya", "wrong", now=T0 + timedelta(minutes=4 * k))
        assert not isinstance(failed.value, signin.AccountLocked)


def test_a_good_sign_in_clears_earlier_failures(cur):
    make_user(cur, "maya")
    for k in range(4):
        with pytest.raises(LoginFailed):
            signin.sign_in(cur, "maya", "wrong", now=T0 + timedelta(seconds=k))
    signin.sign_in(cur, "maya", "password1", now=T0 + timedelta(seconds=5))
    with pytest.raises(LoginFailed) as failed:
        signin.sign_in(cur, "maya", "wrong", now=T0 + timedelta(seconds=6))
    assert not isinstance(failed.value, signin.AccountLocked)


def test_lock_end_counts_five_failures_inside_the_window():
    times = [T0 + timedelta(minutes=m) for m in (0, 1, 2, 3, 15)]
    assert signin.lock_end(times, T0 + timedelta(minutes=16)) == T0 + timedelta(minutes=30)
    assert signin.lock_end(times[:4], T0) is None
    assert signin.lock_end(times, T0 + timedelta(minutes=31)) is None


def test_a_session_idle_longer_than_the_clinic_setting_ends(cur):
    make_user(cur, "maya")
    token, _ = signin.sign_in(cur, "maya", "password1", now=T0)
    assert signin.validate(cur, token, now=T0 + timedelta(minutes=29))
    assert signin.validate(cur, token, now=T0 + timedelta(minutes=31)) is None
    assert cur.execute("SELECT ended_why FROM signin_sessions").fetchone()[0] == "idle"


def test_touching_a_session_keeps_it_alive_and_the_idle_time_is_a_clinic_setting(cur):
    make_user(cur, "maya")
    cur.execute("INSERT INTO clinic_settings (key, value) VALUES ('signin_idle_minutes', '10')")
    token, _ = signin.sign_in(cur, "maya", "password1", now=T0)
    signin.touch(
        cur, signin.validate(cur, token, now=T0 + timedelta(minutes=9)), now=T0 + timedelta(minutes=9)
    )
    assert signin.validate(cur, token, now=T0 + timedelta(minutes=18))
    assert signin.validate(cur, token, now=T0 + timedelta(minutes=29)) is None


def test_a_session_ends_after_twelve_hours_however_busy(cur):
    make_user(cur, "maya")
    token, _ = signin.sign_in(cur, "maya", "password1", now=T0)
    for step in range(1, 36):  # in use every 20 minutes, all day
        at = T0 + timedelta(minutes=20 * step)
        signin.touch(cur, signin.validate(cur, token, now=at), now=at)
    assert signin.validate(cur, token, now=T0 + timedelta(hours=12, minutes=1)) is None


@pytest.mark.parametrize(
    "change,why",
    [
        (lambda cur, lead, uid: users.reset_password(cur, lead, uid, "a new password"), "password_changed"),
        (lambda cur, lead, uid: users.set_user_active(cur, lead, uid, False), "deactivated"),
    ],
)
def test_a_password_reset_or_deactivation_ends_the_users_sessions(cur, change, why):
    lead = make_user(cur, "lead", role="lead", discipline=None)
    maya = make_user(cur, "maya")
    tokens = [signin.sign_in(cur, "maya", "password1", now=T0)[0] for _ in range(2)]
    change(cur, lead, maya.id)
    assert [signin.validate(cur, t, now=T0) for t in tokens] == [None, None]
    assert {r[0] for r in cur.execute("SELECT ended_why FROM signin_sessions").fetchall()} == {why}


def test_session_mode_is_carried_by_the_sign_in_session(cur):
    make_user(cur, "maya")
    token, _ = signin.sign_in(cur, "maya", "password1", now=T0)
    signin.set_session_mode(cur, signin.validate(cur, token, now=T0), 7, 3)
    again = signin.validate(cur, token, now=T0)
    assert (again.actor.session_family_id, again.session_id) == (7, 3)
    signin.clear_session_mode(cur, again)
    assert not signin.validate(cur, token, now=T0).actor.in_session


def test_the_first_lead_needs_the_setup_code(cur):
    code = signin.issue_setup_code(cur, now=T0)
    with pytest.raises(LoginFailed, match="setup code"):
        signin.create_first_lead(cur, "WRONG-CODE-000", "ruth", "Ruth A", "long enough", now=T0)
    assert not auth.has_users(cur)
    token, lead = signin.create_first_lead(cur, code.lower(), "ruth", "Ruth A", "long enough", now=T0)
    assert lead.is_lead and signin.validate(cur, token, now=T0).actor.id == lead.id
    assert signin.issue_setup_code(cur) is None
    assert cur.execute("SELECT count(*) FROM setup_codes").fetchone()[0] == 0


def test_guessing_the_setup_code_locks_it_for_that_computer_only(cur):
    code = signin.issue_setup_code(cur, now=T0)
    for k in range(5):
        with pytest.raises(LoginFailed):
            signin.create_first_lead(
                cur, f"GUESS-{k}", "ruth", "Ruth A", "long enough", now=T0, client="10.0.0.9"
            )
    with pytest.raises(signin.AccountLocked):
        signin.create_first_lead(cur, code, "ruth", "Ruth A", "long enough", now=T0, client="10.0.0.9")
    token, lead = signin.create_first_lead(
        cur, code, "ruth", "Ruth A", "long enough", now=T0, client="10.0.0.2"
    )
    assert lead.is_lead


def test_a_new_setup_code_works_at_once_after_guesses_locked_the_old_one(cur):
    signin.issue_setup_code(cur, now=T0)
    for k in range(5):
        with pytest.raises(LoginFailed):
            signin.create_first_lead(
                cur, f"GUESS-{k}", "ruth", "Ruth A", "long enough", now=T0, client="10.0.0.9"
            )
    code = signin.issue_setup_code(cur, now=T0 + timedelta(seconds=1))  # the app restarted
    token, lead = signin.create_first_lead(
        cur, code, "ruth", "Ruth A", "long enough", now=T0 + timedelta(seconds=2), client="10.0.0.9"
    )
    assert lead.is_lead


# --- safe by default: how `make run` starts the app, and Streamlit's settings -------------


def test_make_run_serves_the_gated_app_on_this_machine_only():
    from tests.factories import ROOT

    makefile = (ROOT / "Makefile").read_text()
    assert "HOST ?= 127.0.0.1" in makefile
    assert "streamlit run lib/web.py --server.port $(PORT) --server.address $(HOST)" in makefile


def test_streamlit_keeps_xsrf_on_and_shows_no_error_details():
    import tomllib

    from tests.factories import ROOT

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["enableXsrfProtection"] and config["server"]["enableCORS"]
    assert config["server"]["maxUploadSize"] <= 20
    assert config["client"] == {"showErrorDetails": "none", "toolbarMode": "viewer"}
    assert config["browser"]["gatherUsageStats"] is False


def test_the_frontends_files_check_a_sign_in_once_in_a_while_never_a_wrong_one(
    isolated_database, monkeypatch
):
    from lib import db, web

    con = db.connect(isolated_database)
    with con.cursor() as cur:
        make_user(cur, "maya")
        token, _ = signin.sign_in(cur, "maya", "password1")
    con.close()
    clock = [100.0]
    monkeypatch.setattr(web.time, "monotonic", lambda: clock[0])
    web._files_ok.clear()
    assert web._may_fetch_files("made-up-token") is False
    assert web._may_fetch_files(token) is True
    with web.connection().cursor() as cur:
        signin.sign_out(cur, token)
    assert web._may_fetch_files(token) is True  # Streamlit's own JavaScript, checked 30 s ago
    clock[0] += web.FILES_CHECKED_FOR
    assert web._may_fetch_files(token) is False  # checked again: the session has ended
