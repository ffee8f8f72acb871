"""The intake explainer page's parts: the teach-back form, the handout, and the family screen it drives.

The page is the therapist's cue card: it may show the variant's name and the teach-back's
notes. The family screen (a second window, lib.sessions.presenter) shows only the explainer's family
text, published at the end of every run while it is on.
"""

from dataclasses import dataclass

import streamlit as st

from lib import assignments, clock, explainer, families, printables
from lib.sessions import presenter, session_mode
from lib.text import md_escape
from lib.ui.cue_card import family_screen_link
from lib.ui.database import cursor, settings
from lib.ui.downloads import audited
from lib.ui.messages import feedback, run_write
from lib.words import date_text

SAID_FIELDS = {"goal": "teach_goal", "who": "teach_who", "when": "teach_when"}


@dataclass(frozen=True)
class ExplainerScreen:
    """What the explainer page reads about one family before it draws."""

    family: object
    word: str
    last: object
    data: dict
    disciplines: object
    band: str
    suggested: object
    task_minutes: int = 0  # the family's running tasks added up (shown beside what is agreed)


def load(actor, family_id):
    """Return the ExplainerScreen of a family (one cursor for all its reads)."""
    with cursor() as cur:
        disciplines, band = explainer.family_profile(cur, actor, family_id)
        return ExplainerScreen(
            families.get_family(cur, actor, family_id),
            explainer.family_practice_word(cur, actor, family_id),
            explainer.last_explainer_run(cur, actor, family_id),
            explainer.explainer_data(cur),
            disciplines,
            band,
            explainer.suggested_expectation(cur, actor, family_id),
            assignments.family_daily_minutes(cur, actor, family_id),
        )


def _record(actor, family_id, state, variant_id):
    s = st.session_state
    said = {field: s[key] for field, key in SAID_FIELDS.items()}
    state.update(said)
    run_write(
        "teach_back",
        lambda cur: explainer.record_explainer_run(
            cur,
            actor,
            family_id,
            state["minutes"],
            state["days"],
            s["teach_understood"],
            s["teach_revisit"],
            goal=said["goal"],
            who_helps=said["who"],
            practice_when=said["when"],
            variant=variant_id,
        ),
        then=lambda _: state.update(recorded=clock.today()),
    )


def teach_back_form(actor, family_id, state, variant_id, word, data):
    """Show the teach-back: the questions, then record what the family said back and agreed."""
    title, intro, questions = explainer.teach_back(word, data)
    st.header(md_escape(title), anchor=False)
    st.markdown(md_escape(intro))
    st.markdown("\n".join(f"{n}. " + md_escape(q) for n, q in enumerate(questions, 1)))
    st.markdown(f"**Agreed:** about {state['minutes']} minutes a day, on {state['days']} days a week.")
    with st.form("teach_back"):
        st.text_input(
            "The family's goal, in their words", value=state["goal"], key="teach_goal", max_chars=200
        )
        left, right = st.columns(2)
        left.text_input(
            "Who helps",
            value=state["who"],
            key="teach_who",
            max_chars=200,
            placeholder="e.g. Mum, and Gran on Fridays",
        )
        right.text_input(
            "When in the day",
            value=state["when"],
            key="teach_when",
            max_chars=200,
            placeholder="e.g. at bath time",
        )
        st.checkbox("Understood: they said back why it matters and how much", key="teach_understood")
        st.text_area("What to go over again (needed when not understood)", key="teach_revisit", max_chars=500)
        st.form_submit_button(
            "Record teach-back",
            type="primary",
            on_click=_record,
            args=(actor, family_id, state, variant_id),
        )
    feedback("teach_back")
    if state.get("recorded"):
        st.success(
            f"Teach-back recorded on {date_text(state['recorded'], long=True)}. New tasks start from this agreement."
        )


def handout(family, word, state, variant, data, task_minutes=0):
    """Offer the explainer handout: this family's variant, goal and agreement."""
    paper = st.radio("Paper", list(printables.PAPERS), horizontal=True, key="explainer_paper")
    st.download_button(
        "Download the handout (PDF)",
        data=printables.explainer_handout_pdf(
            word,
            family.display_name,
            settings()["clinic_name"],
            state["minutes"],
            state["days"],
            paper,
            printables.clinic_logo(),
            variant=variant,
            said=state,
            data=data,
            task_minutes=task_minutes,
        ),
        file_name="why-we-practise.pdf",
        mime="application/pdf",
        key="explainer_handout",
        icon=":material/download:",
        on_click=audited("intake explainer handout (PDF)", family.id),
    )


def _show(actor, family_id, state):
    run_write(
        "explainer_screen",
        lambda cur: session_mode.start_session(cur, actor, family_id),
        then=lambda session_id: state.update(screen=session_id),
    )


def _stop(actor, state):
    run_write(
        "explainer_screen",
        lambda cur: presenter.close_screen(cur, actor, state["screen"]),
        then=lambda _: state.pop("screen", None),
    )


def screen_panel(actor, family_id, state):
    """Offer the family screen (a second window showing only the explainer), then keep it in step."""
    if "screen" not in state:
        with cursor() as cur:
            left_open = presenter.open_session(cur, actor)  # after a reload of this window
        if left_open and left_open[1] == family_id:
            state["screen"] = left_open[0]
    with st.container(border=True):
        if "screen" not in state:
            st.button(
                "Show on the family screen",
                key="explainer_show",
                on_click=_show,
                args=(actor, family_id, state),
                icon=":material/co_present:",
            )
            st.caption("Opens the session's family screen: only the explainer, in large type, nothing else.")
        else:
            left, right = st.columns(2)
            left.link_button(
                "Open the family screen", family_screen_link(state["screen"]), icon=":material/open_in_new:"
            )
            right.button("Stop showing it", key="explainer_stop", on_click=_stop, args=(actor, state))
            st.caption("Share only the family screen; this window is your cue card.")
        feedback("explainer_screen")


def publish(actor, state):
    """Put the explainer's current step (and what the family said) on the family screen, when it is on."""
    if "screen" not in state:
        return
    shown = {key: state[key] for key in ("step", "minutes", "days", "goal", "who", "when")}
    if not run_write(
        "explainer_publish",
        lambda cur: presenter.publish(cur, actor, state["screen"], {"step": 0, "explainer": shown}),
    ):
        feedback("explainer_publish")
