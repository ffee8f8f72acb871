"""The clinic's template library: everyone browses it, the clinic lead adds and edits."""

import streamlit as st

from lib import ui
from lib.assignments import templates
from lib.text import md_escape
from lib.ui import form_versions, template_library
from lib.words import DISCIPLINES, WHO_LABELS

actor = ui.require_actor()
st.title("Task templates")
st.caption("Common home practice tasks with sensible defaults, so a task is set in under a minute.")

discipline = st.segmented_control("Discipline", DISCIPLINES, key="tpl_discipline")
library = template_library.load(actor, discipline, include_retired=actor.is_lead)


# each field of a template and the end of its input's key
KEYS = {
    "discipline": "disc",
    "area": "area",
    "title": "title",
    "instructions": "instr",
    "who": "who",
    "minutes": "min",
    "days_per_week": "days",
    "routine_anchor": "anchor",
    "materials": "mat",
    "reward_plan": "rew",
}


def template_fields(prefix, t=None):
    """Show the inputs of one template (keys `prefix` + KEYS)."""
    a, b = st.columns(2)
    a.selectbox(
        "Discipline", DISCIPLINES, index=DISCIPLINES.index(t.discipline) if t else 0, key=prefix + "disc"
    )
    b.text_input("Area", value=t.area if t else "", key=prefix + "area")
    st.text_input("Title", value=t.title if t else "", key=prefix + "title")
    st.text_area("What to do, in plain words", value=t.instructions if t else "", key=prefix + "instr")
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
    st.text_input("Daily routine", value=t.routine_anchor if t else "", key=prefix + "anchor")
    st.text_input("Materials", value=t.materials if t else "", key=prefix + "mat")
    st.text_input("Reward plan", value=t.reward_plan if t else "", key=prefix + "rew")


def _save(prefix, template_id):
    s = st.session_state
    values = {field: s[prefix + end] for field, end in KEYS.items()}

    def action(cur, shown):
        if template_id is None:
            return templates.create_template(cur, actor, values)
        return templates.update_template(
            cur, actor, template_id, values, s[prefix + "on"], expected_version=shown.get(template_id)
        )

    inputs = [prefix + end for end in (*KEYS.values(), "on")]
    form_versions.save("tpl_form", action, "Template saved.", inputs=inputs)


st.caption(f"{len(library)} templates.")
for t in library:
    label = f"{t.discipline} · {t.area} · {t.title}" + ("" if t.active else " (not offered)")
    with st.expander(md_escape(label)):
        st.text(t.instructions)
        st.caption(
            md_escape(
                f"{WHO_LABELS[t.who]} · {t.minutes} min, {t.days_per_week} days a week · "
                f"{t.routine_anchor or 'no routine'} · needs: {t.materials or 'nothing'} · "
                f"reward: {t.reward_plan or 'none'}"
            )
        )

if not actor.is_lead:
    st.caption("The clinic lead can add and change templates.")
    st.stop()

st.subheader("Add or change a template", anchor=False)
by_id = {t.id: t for t in library}
chosen = st.selectbox(
    "Template to change",
    [None, *by_id],
    format_func=lambda i: "A new template" if i is None else f"{by_id[i].discipline} · {by_id[i].title}",
    key="tpl_pick",
)
template = by_id.get(chosen)
if template:
    form_versions.shown("tpl_form", "templates", template.id)
with st.form("tpl_form"):
    prefix = f"tpl_{chosen or 'new'}_"
    template_fields(prefix, template)
    st.checkbox("Offer this template", value=template.active if template else True, key=prefix + "on")
    st.form_submit_button(
        "Save template", type="primary", on_click=_save, args=(prefix, template.id if template else None)
    )
ui.feedback("tpl_form")
