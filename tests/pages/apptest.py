"""The app as one signed-in user through AppTest: open it, sign in, open tabs and expanders."""

from streamlit.testing.v1 import AppTest

from tests.factories import ROOT


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
        at.session_state["user_id"] = getattr(user, "id", user)
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
