"""The sheets & reminders screen's reads, and emailing the phone reminders file to a caregiver."""

from functools import partial

import streamlit as st

from lib import goals, printables, ui
from lib.printables import mail
from lib.text import md_escape
from lib.ui.database import cursor
from lib.ui.downloads import audited

HAND_OVER = (
    "No mail server is set up, so hand the reminders file over yourself: download it above and send it "
    "from the clinic's own email, or open it on the caregiver's phone during the session (from that "
    "email, a chat message or nearby sharing) and choose 'Add to calendar'. The clinic lead can set a "
    "mail server in Clinic settings to send it from this page."
)


def load(actor, family_id, today):
    """Return the family's printables.FamilySheet as of `today`."""
    with cursor() as cur:
        return printables.load_family_sheet(cur, actor, family_id, today)


def load_achieved(actor, family_id, today):
    """Return the family's goals reached and tasks learned (lib.goals.Achievement), oldest first."""
    with cursor() as cur:
        return goals.achievements(cur, actor, family_id, today)


def kept_downloads(actor, sheet, achieved, paper, logo, name):
    """Offer what keeps the skills learned: the "skills we learned" page and the activity binder."""
    st.markdown("**Keeping what was learned**")
    offers = (
        (
            "skills",
            "Skills we learned",
            f"The goals reached and the tasks learned, each with its day ({len(achieved)} so far).",
            partial(printables.skills_page_pdf, sheet, achieved, paper, logo),
            f"{name}-skills-we-learned.pdf",
        ),
        (
            "binder",
            "Activity binder",
            f"A card for each task that ended ({len(sheet.past_tasks)}): what to do, the safety lines, the kit, "
            "a photo. For a busy week.",
            partial(printables.binder_pdf, sheet, paper, logo),
            f"{name}-activity-binder.pdf",
        ),
    )
    for column, (key, label, help_text, build, file_name) in zip(st.columns(4), offers, strict=False):
        with column, st.container(border=True):
            st.markdown(f"**{label}**")
            st.caption(help_text)
            st.download_button(
                "Download",
                data=build,
                file_name=file_name,
                mime="application/pdf",
                key=f"download_{key}",
                icon=":material/download:",
                on_click=audited(label, sheet.family_id),
                width="stretch",
            )


def _recipients(actor, family_id):
    with cursor() as cur:
        return mail.clinic_mail_server(cur), mail.list_recipients(cur, actor, family_id)


def email_reminders(actor, family_id):
    """Offer to email the reminders file to a caregiver who agreed, or say how to hand it over."""
    st.markdown("**Send the phone reminders by email**")
    server, recipients = _recipients(actor, family_id)
    if server is None:
        st.info(HAND_OVER, icon=":material/info:")
        return
    ready = {r.id: r for r in recipients if not r.why_not}
    others = [r for r in recipients if r.why_not]
    if others:
        st.caption(
            "Not offered: "
            + "; ".join(md_escape(f"{r.name} ({r.why_not})") for r in others)
            + ". Their details and consent are on the family's edit page."
        )
    if not ready:
        st.info(
            "Nobody in this family can be emailed yet: a caregiver needs an email address and to have "
            "agreed to be contacted. Download the file above and hand it over instead.",
            icon=":material/info:",
        )
        return
    st.selectbox(
        "Send to",
        list(ready),
        format_func=lambda r: f"{ready[r].name} ({ready[r].relation}), {ready[r].email}",
        key="mail_to",
    )

    def send():
        chosen = ready[st.session_state["mail_to"]]
        ui.run_write(
            "mail_reminders",
            lambda cur: mail.send_reminders(cur, actor, family_id, chosen.id),
            f"Sent the reminders file to {md_escape(chosen.name)}. "
            "Ask them to open it on their phone and add it to the calendar.",
        )

    st.button("Email the reminders file", key="mail_send", on_click=send, icon=":material/send:")
    ui.feedback("mail_reminders")
