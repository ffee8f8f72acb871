"""The task template library screen: its reads, and the inputs of one template with its safety advice."""

import streamlit as st

from lib.assignments import templates
from lib.assignments.safety import UNKNOWN_AGE, acknowledged_text, safety_advice
from lib.text import md_escape
from lib.ui.database import cursor
from lib.ui.messages import field_error
from lib.words import DISCIPLINES, WHO_LABELS

FORM = "tpl_form"  # the templates page's form: its problems show under their fields

# each field of a template and the end of its input's key
KEYS = {
    "discipline": "disc",
    "area": "area",
    "title": "title",
    "instructions": "instr",
    "safety": "safety",
    "who": "who",
    "minutes": "min",
    "days_per_week": "days",
    "routine_anchor": "anchor",
    "materials": "mat",
    "reward_plan": "rew",
    "age_min": "agemin",
    "age_max": "agemax",
    "audience": "for",
}


def load(actor, discipline, include_retired=False):
    """Return the library's templates of `discipline` (every discipline when None)."""
    with cursor() as cur:
        return templates.list_templates(cur, actor, discipline, include_retired=include_retired)


def form_values(prefix):
    """Return the template's values as typed (keys `prefix` + KEYS), with the advice accepted, if ticked."""
    s = st.session_state
    values = {field: s.get(prefix + end) for field, end in KEYS.items()}
    advice = acknowledged_text(safety_advice(values, values["age_min"]))
    shown = s.get(prefix + "ack_for")  # the advice the box was ticked under (the form's last run)
    values["safety_acknowledged"] = advice if s.get(prefix + "ack") and shown == advice else ""
    return values


def template_fields(prefix, t=None):
    """Show the inputs of one template (keys `prefix` + KEYS)."""
    a, b = st.columns(2)
    a.selectbox(
        "Discipline", DISCIPLINES, index=DISCIPLINES.index(t.discipline) if t else 0, key=prefix + "disc"
    )
    b.text_input("Area", value=t.area if t else "", key=prefix + "area")
    field_error(FORM, "discipline", "area")
    st.text_input("Title", value=t.title if t else "", key=prefix + "title")
    field_error(FORM, "title")
    st.text_area("What to do, in plain words", value=t.instructions if t else "", key=prefix + "instr")
    field_error(FORM, "instructions")
    st.text_area(
        "Safety lines, one per line (printed in full on every sheet)",
        value=t.safety if t else "",
        key=prefix + "safety",
        placeholder="e.g. A grown-up stays at the table the whole time.",
    )
    field_error(FORM, "safety")
    a, b, c = st.columns(3)
    a.selectbox(
        "Who does it",
        list(WHO_LABELS),
        format_func=WHO_LABELS.get,
        key=prefix + "who",
        index=list(WHO_LABELS).index(t.who) if t else 2,
    )
    b.number_input("Minutes", value=t.minutes if t else 5, step=1, key=prefix + "min")
    c.number_input("Days a week", value=t.days_per_week if t else 5, step=1, key=prefix + "days")
    field_error(FORM, "who", "minutes", "days_per_week")
    a, b, c = st.columns(3)
    a.number_input("Youngest age (years)", value=t.age_min if t else None, step=1, key=prefix + "agemin")
    b.number_input("Oldest age (years)", value=t.age_max if t else None, step=1, key=prefix + "agemax")
    c.selectbox(
        "For",
        templates.AUDIENCES,
        format_func=templates.AUDIENCE_LABELS.get,
        index=templates.AUDIENCES.index(t.audience) if t else 0,
        key=prefix + "for",
    )
    field_error(FORM, "age_min", "age_max", "audience")
    st.text_input("Daily routine", value=t.routine_anchor if t else "", key=prefix + "anchor")
    field_error(FORM, "routine_anchor")
    st.text_input("Materials", value=t.materials if t else "", key=prefix + "mat")
    field_error(FORM, "materials")
    st.text_input("Reward plan", value=t.reward_plan if t else "", key=prefix + "rew")
    field_error(FORM, "reward_plan", "reward_ticks", "materials_where")
    _safety_advice(prefix)


def _safety_advice(prefix):
    """The safety advice on the template as last shown or saved, and the box to accept it.

    Inside a form the inputs reach the script only on Save: the advice follows each Save."""
    s = st.session_state
    values = {field: s.get(prefix + end) for field, end in KEYS.items()}
    advice = safety_advice(values, values["age_min"])
    s[prefix + "ack_for"] = acknowledged_text(advice)
    if not advice:
        return
    st.markdown("**Safety advice** on the template as it stands (checked again when you save)")
    for _, text in advice:
        st.warning(md_escape(text), icon=":material/health_and_safety:")
    if values["age_min"] is None:
        st.caption(md_escape(UNKNOWN_AGE.replace("The child's date of birth is", "No youngest age is")))
    st.checkbox("I have read this advice and the template is right as it stands", key=prefix + "ack")
    field_error(FORM, "safety_acknowledged")
