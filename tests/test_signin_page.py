"""The sign-in page (lib.web): the setup form keeps what was typed, and says who resets a password."""

from urllib.parse import urlencode

import pytest

from lib import web
from lib.accounts import signin
from lib.errors import InvalidInput, LoginFailed
from tests.factories import make_user
from tests.test_web_limits import FORM, call


@pytest.fixture
def empty_clinic(con, monkeypatch):
    monkeypatch.setattr(web, "connection", lambda: con)
    with con.cursor() as cur:
        return con, signin.issue_setup_code(cur)


def setup_form(code, **fields):
    values = {"setup_code": code, "display_name": "Nora Lead", "username": "nora", "next": "/"}
    values |= {"password": "long enough", "password_again": "long enough", **fields}
    return call("POST", "/login", [urlencode(values).encode()], [FORM])


def test_a_wrong_setup_code_keeps_every_field_but_the_passwords(empty_clinic):
    status, _, body, _ = setup_form("WRONG-CODE", password="secret-one", password_again="secret-one")
    page = body.decode()
    assert status == 401 and "setup code is not right" in page
    assert 'value="WRONG-CODE"' in page and 'value="Nora Lead"' in page and 'value="nora"' in page
    assert "secret-one" not in page


def test_a_short_password_keeps_the_code_and_says_so_under_the_password(empty_clinic):
    _, code = empty_clinic
    status, _, body, _ = setup_form(code, password="short", password_again="short")
    page = body.decode()
    assert status == 401 and f'value="{code}"' in page and 'value="Nora Lead"' in page
    under_password = page[page.index('id="password"') : page.index('for="password_again"')]
    assert "at least 8 characters" in under_password


def test_a_wrong_code_and_bad_details_are_reported_together(empty_clinic):
    con, _ = empty_clinic
    with con.cursor() as cur, pytest.raises(InvalidInput) as refused:
        signin.create_first_lead(cur, "WRONG", "Bad Name!", "Nora", "short", password_again="short")
    assert set(refused.value.problems) == {"setup_code", "username", "password"}
    with con.cursor() as cur, pytest.raises(LoginFailed):  # alone, a wrong code is still a failed sign-in
        signin.create_first_lead(cur, "WRONG", "nora", "Nora", "long enough")


def test_the_sign_in_page_says_which_lead_resets_a_forgotten_password(con, monkeypatch):
    monkeypatch.setattr(web, "connection", lambda: con)
    with con.cursor() as cur:
        make_user(cur, "nora.lead", role="lead", discipline=None)
        make_user(cur, "maya")
    _, _, body, _ = call("GET", "/login")
    page = body.decode()
    forgot = page[page.index("Forgot your password?") :]
    assert "Ask Nora.Lead (the clinic lead)" in forgot
    assert "nora.lead" not in forgot and "Maya" not in forgot  # a name, no account details
