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


def _save(prefix, template_id):
    s = st.session_state
    values = template_library.form_values(prefix)

    def action(cur, shown):
        if template_id is None:
            return templates.create_template(cur, actor, values)
        return templates.update_template(
            cur, actor, template_id, values, s[prefix + "on"], expected_version=shown.get(template_id)
        )

    inputs = [prefix + end for end in (*template_library.KEYS.values(), "on", "ack")]
    form_versions.save("tpl_form", action, "Template saved.", inputs=inputs)


st.caption(f"{len(library)} templates.")
for t in library:
    label = f"{t.discipline} · {t.area} · {t.title}" + ("" if t.active else " (not offered)")
    with st.expander(md_escape(label)):
        st.text(t.instructions)
        if t.safety:
            st.text("⚠ Safety\n" + t.safety)
        st.caption(
            md_escape(
                f"{WHO_LABELS[t.who]} · {t.minutes} min, {t.days_per_week} days a week · "
                f"{t.routine_anchor or 'no routine'} · needs: {t.materials or 'nothing'} · "
                f"reward: {t.reward_plan or 'none'} · "
                f"{t.ages() or 'any age'}, for {templates.AUDIENCE_LABELS[t.audience]}"
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
    template_library.template_fields(prefix, template)
    st.checkbox("Offer this template", value=template.active if template else True, key=prefix + "on")
    st.form_submit_button(
        "Save template", type="primary", on_click=_save, args=(prefix, template.id if template else None)
    )
ui.feedback("tpl_form")
