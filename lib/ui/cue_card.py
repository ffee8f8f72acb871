"""The presenter view: the family screen (shared) and the therapist's cue card (not shared).

The cue card is the session page; it publishes what the family screen shows (lib.sessions.presenter)
at the end of every run. The family screen renders only `presenter.family_view`, refreshing
itself every 1.5 s. User text is shown with md_escape or st.text, never as Markdown.
"""

import streamlit as st

from lib import guide as guide_lib
from lib.charts.goals import goal_chart
from lib.sessions import presenter
from lib.text import md_escape
from lib.ui.database import settings
from lib.ui.messages import feedback, run_write

GUIDE_KEY = "presenter_guide_key"  # the session-state key of the guide whose step is on the family screen
NOTES_LABEL = "Therapist notes — not for sharing"
STILL = {"staticPlot": True}  # the shared screen's charts: nothing to click or hover

# Large, calm type for the family screen; constant CSS, no user text.
FAMILY_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header[data-testid="stHeader"] { display: none; }
[data-testid="stMainBlockContainer"] { max-width: 1100px; padding-top: 2rem; }
[data-testid="stMainBlockContainer"] p, [data-testid="stMainBlockContainer"] li { font-size: 1.6rem; line-height: 1.5; }
[data-testid="stMainBlockContainer"] h1 { font-size: 2.6rem; }
[data-testid="stMainBlockContainer"] h2, [data-testid="stMainBlockContainer"] h3 { font-size: 2rem; }
.st-key-family_explainer p, .st-key-family_explainer li { font-size: 1.45rem; line-height: 1.4; }
.st-key-family_explainer [data-testid="stCaptionContainer"] p { font-size: 1.1rem; }
</style>
"""


def family_screen_link(session_id):
    """Return the address of the family screen of a session (opened in a second window)."""
    return f"./?screen=family&session={int(session_id)}"


def guide_state_to_publish():
    """Return the guide's family-facing ids now on the cue card (path, step, reasons), or {}."""
    key = st.session_state.get(GUIDE_KEY)
    found = st.session_state.get(key) if key else None
    if not found or found.get("saved_run"):
        return {}
    return {"path": found["path"], "guide_step": found["step"], "reasons": list(found["reasons"])}


def publish(actor, session_id):
    """Store what the family screen shows now (the agenda step and the guide's family-facing ids)."""
    step = st.session_state.get("sess_step", 0)
    state = {"step": step, **(guide_state_to_publish() if step == 1 else {})}
    if not run_write("presenter", lambda cur: presenter.publish(cur, actor, session_id, state)):
        feedback("presenter")


def family_words(guide_state, guide):
    """Show, large, the words of the guide step meant for the family (one-window mode shares these)."""
    if not guide_state or guide_state.get("saved_run"):
        return
    path = guide.paths[guide_state["path"]]
    text = path.step(guide_state["step"]).family_text
    st.subheader(md_escape(text), anchor=False)
    chosen = [guide.family_reasons[r] for r in guide_state["reasons"] if r in guide.family_reasons]
    for label in chosen:
        st.markdown("- " + md_escape(label))


def render_family_view(view):
    """Draw a FamilyView: the family's name, the agenda step, their tasks, the guide's family words."""
    if view.ended:
        st.title("Thank you for today", anchor=False)
        st.write("See you next time.")
        return
    if view.explainer:
        render_explainer_screen(view.explainer)
        return
    st.title("Our session: " + md_escape(view.family_name), anchor=False)
    # a no-break space keeps each number with its step when a phone wraps the line
    steps = [
        f"**{i + 1}\\.\u00a0{label}**" if i == view.step_index else f"{i + 1}\\.\u00a0{label}"
        for i, label in enumerate(presenter.AGENDA)
    ]
    st.markdown(" · ".join(steps))
    st.divider()
    if view.guide_text:
        st.header(md_escape(view.guide_text), anchor=False)
        for label in view.reasons:
            st.markdown("- " + md_escape(label))
        st.divider()
    for task in view.tasks:
        with st.container(border=True):
            st.subheader(md_escape(task.title), anchor=False)
            st.markdown(md_escape(task.words))
            if task.photos:  # only the photos the therapist chose to show here
                st.image(list(task.photos), width=360)
    if view.paused:  # a break ahead is said beside the tasks that still run until it starts
        st.write(md_escape(view.paused))
    elif not view.tasks:
        st.write("No home practice is set yet.")
    if view.celebrations:  # the review step: what the child reached lately, said plainly
        with st.container(border=True, key="family_celebrations"):
            for line in view.celebrations:
                st.subheader(md_escape(line), anchor=False)
            st.write("Well done, everyone. Keep playing it now and then so it stays.")
    for progress in view.goals:  # the review step: each goal beside its practice, large
        with st.container(border=True, key=f"family_goal_{progress.goal.id}"):
            st.subheader(md_escape(progress.goal.title), anchor=False)
            st.markdown("**" + progress.line + "**")  # the app's own words and numbers, no user text
            st.plotly_chart(
                goal_chart(progress, title=""), key=f"family_goal_chart_{progress.goal.id}", config=STILL
            )
    if view.note:
        st.markdown(md_escape(view.note))


def render_explainer_screen(shown):
    """Draw one explainer screen for the family, sized to fit the shared screen without scrolling."""
    with st.container(key="family_explainer"):
        st.caption(f"Why we practise at home · {shown.number} of {shown.total}")
        render_step(shown.step)


def render_step(step):
    """Show an explainer step's words (title, paragraphs, points, closing), user text escaped."""
    st.header(md_escape(step.title), anchor=False)
    for paragraph in step.paragraphs:
        st.markdown(md_escape(paragraph))
    if step.points:
        st.markdown("\n".join("- " + md_escape(point) for point in step.points))
    if step.closing:
        st.markdown("**" + md_escape(step.closing) + "**")


def neutral_screen():
    """Show the calm screen the family sees when no session is on it (e.g. after a reload)."""
    st.title("Home Practice", anchor=False)
    st.write("The session will be back on this screen in a moment.")


def sign_in_folded(session_id=None):
    """Offer the therapist, folded away, the way back in to put the session on this screen."""
    back = "/" if session_id is None else f"/?screen=family%26session={int(session_id)}"
    with st.expander("Therapist: sign in to show the session here", icon=":material/lock:"):
        st.link_button("Sign in", f"/login?next={back}")


def guide_for_session(cur):
    """Return the guide in use (for the family words on the cue card)."""
    return guide_lib.load_guide(cur)


def clinic_name():
    """Return the clinic's name, escaped for Markdown."""
    return md_escape(settings()["clinic_name"])
