"""The family's card for one task: large, calm, plain words, safe to share on screen.

Takes a lib.assignments.TaskCard (or a dict with the same keys); never shows clinical notes.
"""

from dataclasses import asdict, is_dataclass

import streamlit as st

from lib.assignments.safety import safety_lines
from lib.clock import today
from lib.text import md_escape, md_lines
from lib.words import date_text, join_words, who_word


def _break_words(c):
    if c.get("paused"):
        return " · on a break for now"
    if c.get("break_from"):
        return f" · a break starts on {date_text(c['break_from'], weekday=True, year=False, long=True)}"
    return ""


def render_task_card(card):
    """Show one task as a large, calm card for the family."""
    c = asdict(card) if is_dataclass(card) else dict(card)
    with st.container(border=True):
        st.caption(md_escape(c.get("area") or "Home practice") + _break_words(c))
        st.header(md_escape(c["title"]), anchor=False)
        if c.get("start_date") and c["start_date"] > today():
            st.markdown(f"**Starts on {date_text(c['start_date'], weekday=True, year=False, long=True)}**")
        when = c.get("routine") or "at a time of day that suits you"
        if c.get("routine_time"):
            when += f", around {c['routine_time'].strftime('%H:%M')}"
        who = c.get("who") or who_word("both")
        if c.get("helpers"):
            who += ", with help from " + join_words(c["helpers"])
        cols = st.columns(3)
        cols[0].markdown("#### :material/schedule: When\n" + md_lines(when))
        cols[1].markdown(
            "#### :material/timer: How long\n" + md_escape(f"{c['minutes']} minutes, {c['schedule']}")
        )
        cols[2].markdown("#### :material/group: Who\n" + md_lines(who))
        if (c.get("instructions") or "").strip():
            st.markdown("#### What to do\n" + md_lines(c["instructions"]))
        lines = safety_lines(c.get("safety"))
        if lines:
            st.warning("**Safety:**\n\n" + "\n\n".join(md_escape(line) for line in lines), icon="⚠️")
        if (c.get("materials") or "").strip():
            st.markdown("**You need:** " + md_lines(c["materials"]))
        if (c.get("reward") or "").strip():
            st.markdown("**Reward:** " + md_lines(c["reward"]))
        if (c.get("cross_note") or "").strip():
            st.markdown("**Who checks:** " + md_lines(c["cross_note"]))
        if (c.get("media_ref") or "").strip():
            st.markdown("**Photo or video from the session:** " + md_lines(c["media_ref"]))
        goal = int(c.get("reward_ticks") or 0)
        ticked = int(c.get("days_ticked") or 0)
        if goal:
            towards = ticked % goal
            if ticked and towards == 0:
                st.progress(1.0, text=f"{goal} of {goal} ticks: time for the reward!")
            else:
                st.progress(towards / goal, text=f"{towards} of {goal} ticks towards the next reward")
