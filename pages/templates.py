"""The clinic's template library: everyone browses it, the clinic lead adds and edits."""

import streamlit as st

from lib import templates, ui
from lib.models import DISCIPLINES
from lib.text import md_escape
from lib.ui.assignment_form import WHO_LABELS

actor = ui.require_actor()
st.title("Task templates")
st.caption("Common home practice tasks with sensible defaults, so a task is set in under a minute.")

discipline = st.segmented_control("Discipline", DISCIPLINES, key="tpl_discipline")
with ui.cursor() as cur:
    library = templates.list_templates(cur, actor, discipline, include_retired=actor.is_lead)


def template_fields(prefix, t=None):
    """Show the inputs of one template and return their values."""
    a, b = st.columns(2)
    values = {
        "discipline": a.selectbox(
            "Discipline", DISCIPLINES, index=DISCIPLINES.index(t.discipline) if t else 0, key=prefix + "disc"
        ),
        "area": b.text_input("Area", value=t.area if t else "", key=prefix + "area"),
        "title": st.text_input("Title", value=t.title if t else "", key=prefix + "title"),
        "instructions": st.text_area(
            "What to do, in plain words", value=t.instructions if t else "", key=prefix + "instr"
        ),
    }
    a, b, c = st.columns(3)
    values["who"] = a.selectbox(
        "Who does it",
        list(WHO_LABELS),
        format_func=WHO_LABELS.get,
        key=prefix + "who",
        index=list(WHO_LABELS).index(t.who) if t else 2,
    )
    values["minutes"] = b.number_input("Minutes", value=t.minutes if t else 5, step=1, key=prefix + "min")
    values["days_per_week"] = c.number_input(
        "Days a week", value=t.days_per_week if t else 5, step=1, key=prefix + "days"
    )
    values["routine_anchor"] = st.text_input(
        "Daily routine", value=t.routine_anchor if t else "", key=prefix + "anchor"
    )
    values["materials"] = st.text_input("Materials", value=t.materials if t else "", key=prefix + "mat")
    values["reward_plan"] = st.text_input("Reward plan", value=t.reward_plan if t else "", key=prefix + "rew")
    return values


done = st.session_state.pop("tpl_saved", None)
if done:
    st.success(done, icon=":material/check_circle:")
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
with st.form("tpl_form"):
    prefix = f"tpl_{chosen or 'new'}_"
    values = template_fields(prefix, template)
    active = st.checkbox(
        "Offer this template", value=template.active if template else True, key=prefix + "on"
    )
    if st.form_submit_button("Save template", type="primary"):
        with ui.domain_errors(), ui.cursor() as cur:
            if template:
                templates.update_template(cur, actor, template.id, values, active)
            else:
                templates.create_template(cur, actor, values)
            st.session_state["tpl_saved"] = "Template saved."
            st.rerun()
