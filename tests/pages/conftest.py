"""Page tests: the cookie lib.ui.signin reads comes from tests/pages/apptest.sign_in."""

import pytest

from lib.ui import signin
from tests.pages.apptest import COOKIES, cookie_token


@pytest.fixture(autouse=True)
def signed_in_by_the_test(monkeypatch):
    """Read the run's `hp_session` cookie from the test (AppTest cannot send cookies)."""
    monkeypatch.setattr(signin, "_token", cookie_token)
    yield
    COOKIES.clear()  # no AppTest of this test signs a later one in
