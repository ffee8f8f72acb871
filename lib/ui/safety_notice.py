"""The family page's notice of the tasks whose safety lines moved to their own field (lib.assignments.safety_moves)."""

import streamlit as st

from lib import assignments
from lib.assignments.safety import MARK
from lib.text import md_escape
from lib.ui import form_versions, fresh
from lib.ui.messages import feedback

FORM = "safety_moves"


def _check(actor, family_id, move_ids):
    form_versions.save(
        FORM,
        lambda cur, shown: assignments.check_moved_safety_lines(
            cur, actor, family_id, move_ids, expected_version=shown.get(family_id)
        ),
        done="Thank you: noted that you checked them.",
    )


def _quoted(lines):
    return ", ".join(f"“{md_escape(line)}”" for line in lines) or "(nothing)"


def _task_lines(move):
    paused = " (paused)" if move.status == "paused" else ""
    now = move.instructions.strip()
    return (
        f"- **{md_escape(move.title)}**{md_escape(paused)}\n"
        f"  - Before, in “What to do”: {_quoted(move.moved_lines)}\n"
        f"  - Now, under “{MARK}”: {_quoted(move.safety_now)}\n"
        f"  - “What to do” now reads: {'“' + md_escape(now) + '”' if now else '(empty: add the steps)'}"
    )


def safety_moves_notice(cur, actor, family_id):
    """Show the family's tasks whose safety lines moved, with "I've checked these", until checked."""
    moves = fresh.per_family(
        actor, family_id, "safety_moves", lambda: assignments.moved_safety_lines(cur, actor, family_id)
    )
    if moves:
        form_versions.shown(FORM, "families", family_id)
        with st.container(border=True, key="safety_moves_notice"):
            st.markdown(f"**{MARK} lines now have their own place on each task**")
            st.markdown(
                "Safety and supervision lines now print in full on every sheet, card and screen. "
                "To get there, the app moved these sentences, word for word, out of “What to do” "
                "and into the task's safety lines. Please read each task once and change anything "
                "that no longer reads well."
            )
            st.markdown("\n".join(_task_lines(m) for m in moves))
            st.button(
                "I've checked these",
                key="safety_moves_checked",
                icon=":material/task_alt:",
                on_click=_check,
                args=(actor, family_id, [m.move_id for m in moves]),
            )
    feedback(FORM)
