"""The app as one signed-in user through AppTest: open it, sign in, open tabs and expanders.

AppTest sends no cookies, so a test signs in the way lib.web does (a real sign-in session in the
database) and hands the run its token through `cookie_token`, which tests/pages/conftest.py puts
in place of lib.ui.signin's reading of the `hp_session` cookie. The app's own code has no switch.
"""

from streamlit.runtime.scriptrunner import get_script_run_ctx
from streamlit.testing.v1 import AppTest

from lib import clock, db
from lib.accounts import signin
from lib.models import Actor
from tests.factories import ROOT

# the cookie each AppTest of this test would send, by its session state (kept apart from
# st.session_state, which entering session mode clears, as a browser's cookie is)
COOKIES = {}


def cookie_token():
    """Return the sign-in token of the AppTest run in progress (the test's `hp_session` cookie)."""
    ctx = get_script_run_ctx()
    return COOKIES.get(id(ctx.session_state._state), (None, None))[1] if ctx else None


def open_sign_in_session(user):
    """Open a real sign-in session (lib.accounts.signin) for `user`, an Actor or a user id; return its token.

    The session that signin.sign_in opens after the password check, without the check (argon2,
    ~0.2 s) and its audit rows."""
    con = db.connect()
    try:
        with con.cursor() as cur:
            return signin._open_session(cur, Actor(getattr(user, "id", user), "", "", ""), clock.now())
    finally:
        con.close()


def send_cookie(at, token):
    """Let this AppTest's runs bring `token` as their `hp_session` cookie; return at."""
    state = at._session_state._state  # the state its runs see as theirs
    COOKIES[id(state)] = (state, token)
    return at


def sign_in(at, user):
    """Sign `user` in for this AppTest (as the browser's cookie would); return at."""
    return send_cookie(at, open_sign_in_session(user))


def open_tab(at, key, label):
    """Open a tab of an `st.tabs(key=..., on_change="rerun")` as a click would; return at, run."""
    at.session_state[key] = label
    return at.run()


def unfold(at, key):
    """Open an `st.expander(key=..., on_change="rerun")` (built when opened) as a click would."""
    return open_tab(at, key, True)


def open_app(user=None, page=None, timeout=60, tab=None, **params):
    """Run the app signed in as `user` (an Actor or a user id), then open `page` with query params.

    tab: the family page's tab to open (its lazy tabs are built when opened)."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    if user is not None:
        sign_in(at, user)
    at.run()
    if tab:
        at.session_state["family_tab"] = tab
    if page:
        at.switch_page(page)
        for name, value in params.items():
            at.query_params[name] = str(value)
        at.run()
    return at


def button_labelled(at, label):
    """Return the one button with this label (for form submit buttons that have no key yet)."""
    (found,) = [b for b in at.button if b.label == label]
    return found
