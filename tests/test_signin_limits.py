"""Guessing cannot outrun the lockout, fill the disk or keep a typed password (lib.accounts.signin)."""

import threading
from datetime import datetime, timedelta

import pytest

from lib import db
from lib.accounts import signin
from lib.errors import LoginFailed
from lib.sessions import session_mode
from tests.factories import make_family, make_user

T0 = datetime(2026, 11, 25, 9, 0)


def outcomes(cur):
    return [r[0] for r in cur.execute("SELECT outcome FROM signin_attempts ORDER BY id").fetchall()]


def test_thirty_simultaneous_wrong_passwords_are_checked_five_times_and_then_refused(con, real_argon2):
    with con.cursor() as cur:
        make_user(cur, "maya")
    errors = []

    def guess(k):
        with con.cursor() as cur:
            try:
                signin.sign_in(cur, "maya", f"wrong-{k}", now=T0)
            except LoginFailed as exc:
                errors.append(exc)

    threads = [threading.Thread(target=guess, args=(k,)) for k in range(30)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with con.cursor() as cur:
        assert outcomes(cur).count("failed") == 5
        assert len(errors) == 30
        assert sum(isinstance(e, signin.AccountLocked) for e in errors) == 26  # the fifth failure locks too
        with pytest.raises(signin.AccountLocked):
            signin.sign_in(cur, "maya", "password1", now=T0)


def test_the_right_password_in_a_burst_of_wrong_ones_is_refused_once_five_have_failed(con, real_argon2):
    with con.cursor() as cur:
        make_user(cur, "maya")
    start = threading.Barrier(27)
    signed = []

    def guess(password):
        with con.cursor() as cur:
            start.wait()
            try:
                signed.append(signin.sign_in(cur, "maya", password, now=T0))
            except LoginFailed:
                pass

    threads = [threading.Thread(target=guess, args=(f"wrong-{k}",)) for k in range(26)]
    threads.append(threading.Thread(target=guess, args=("password1",)))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with con.cursor() as cur:
        failed_before_ok = outcomes(cur)
        if signed:  # it came before the fifth failure: no more than four were checked before it
            assert failed_before_ok.index("ok") <= 4
        assert failed_before_ok.count("failed") <= 5 + (5 if signed else 0)


def test_one_computer_guessing_many_names_is_refused_after_twenty_failures(cur):
    make_user(cur, "maya")
    for k in range(signin.CLIENT_LOCK_AFTER):
        with pytest.raises(LoginFailed):
            signin.sign_in(cur, f"name-{k}", "x", now=T0, client="10.0.0.9")
    with pytest.raises(signin.ClientLocked):
        signin.sign_in(cur, "maya", "password1", now=T0, client="10.0.0.9")
    token, _ = signin.sign_in(cur, "maya", "password1", now=T0, client="10.0.0.2")
    assert token


def test_an_unknown_name_is_kept_only_as_a_keyed_hash_and_a_long_one_is_cut(cur):
    typed = "correct horse battery staple"
    with pytest.raises(LoginFailed):
        signin.sign_in(cur, typed, "x", now=T0)
    with pytest.raises(LoginFailed):
        signin.sign_in(cur, "a" * 20_000, "x", now=T0)
    kept = [r[0] for r in cur.execute("SELECT username FROM signin_attempts").fetchall()]
    assert all(name.startswith("?") and len(name) <= signin.MAX_NAME for name in kept)
    assert not any("horse" in name for name in kept)
    audit = " ".join(r[0] for r in cur.execute("SELECT detail FROM audit_log").fetchall())
    assert "horse" not in audit


def test_guesses_at_one_unknown_name_still_lock_it(cur):
    for _ in range(5):
        with pytest.raises(LoginFailed):
            signin.sign_in(cur, "nobody", "x", now=T0)
    with pytest.raises(signin.AccountLocked):
        signin.sign_in(cur, "nobody", "x", now=T0)


def test_a_locked_door_hammered_for_a_minute_writes_one_refusal(cur):
    make_user(cur, "maya")
    for _ in range(5):
        with pytest.raises(LoginFailed):
            signin.sign_in(cur, "maya", "wrong", now=T0)
    for s in range(50):
        with pytest.raises(signin.AccountLocked):
            signin.sign_in(cur, "maya", "wrong", now=T0 + timedelta(seconds=s))
    assert outcomes(cur).count("locked") == 1


def test_attempts_older_than_thirty_days_are_forgotten(cur, monkeypatch):
    make_user(cur, "maya")
    monkeypatch.setattr(signin, "_pruned", {"at": datetime.min})
    with pytest.raises(LoginFailed):
        signin.sign_in(cur, "maya", "wrong", now=T0)
    monkeypatch.setattr(signin, "_pruned", {"at": datetime.min})
    signin.sign_in(cur, "maya", "password1", now=T0 + timedelta(days=31))
    assert outcomes(cur) == ["ok"]


def test_wrong_passwords_to_leave_session_mode_are_audited_and_lock_like_a_sign_in(cur):
    maya = make_user(cur, "maya")
    family = make_family(cur, therapist=maya)
    session_id = session_mode.start_session(cur, maya, family, now=T0)
    for _ in range(5):
        with pytest.raises(LoginFailed), db.transaction(cur):  # as a page's unit of work runs it
            session_mode.end_session(cur, maya, session_id, password="wrong", client="10.0.0.9")
    with pytest.raises(signin.AccountLocked):
        session_mode.end_session(cur, maya, session_id, password="password1")
    failed = cur.execute("SELECT count(*) FROM audit_log WHERE action = 'login_failed'").fetchone()[0]
    assert failed == 5
    with pytest.raises(signin.AccountLocked):
        signin.sign_in(cur, "maya", "password1")  # the sign-in page is locked too
