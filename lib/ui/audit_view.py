"""The audit log screen's reads: the filter choices, one page of entries in words, the CSV."""

import pandas as pd
import streamlit as st

from lib import audit, audit_words, families
from lib.accounts import users
from lib.exchange import csv_safe
from lib.ui.database import cursor

NOT_NAMED = "(a family you do not see)"
RAW = ["id", "logged_at", "user_id", "username", "action", "entity", "entity_id", "family_id", "detail"]


def load(actor):
    """Return (the actions logged, {user id: label}, {family id: name}) for the filters; NotAllowed if not the lead."""
    with cursor() as cur:
        actions = audit.list_actions(cur, actor)
        people = {
            int(r.id): f"{r.display_name} ({r.username})" for r in users.list_users(cur, actor).itertuples()
        }
        kids = {
            r.id: r.display_name
            for r in families.list_families(cur, actor, ("active", "paused", "discharged"))
        }
    return actions, people, kids


def count(actor, **filters):
    """Return how many entries match `filters` (audit.search's user_id, family_id, action, start, end)."""
    with cursor() as cur:
        return audit.count_matching(cur, actor, **filters)


def entries(actor, page=1, **filters):
    """Return one page of the entries that match `filters`, each with its sentence (page 1: the newest)."""
    with cursor() as cur:
        rows = audit.search(
            cur, actor, limit=audit.PAGE_ROWS, offset=(max(int(page), 1) - 1) * audit.PAGE_ROWS, **filters
        )
    return audit_words.with_sentences(rows)


def page_number(total):
    """Show the page chooser (kept within the pages there are when the filters change); return the page."""
    pages = max(1, -(-total // audit.PAGE_ROWS))
    if st.session_state.get("audit_page", 1) > pages:
        st.session_state["audit_page"] = pages
    page = st.columns([1, 5])[0].number_input(
        "Page",
        1,
        pages,
        1,
        key="audit_page",
        help=f"Page 1 holds the newest entries; {audit.PAGE_ROWS} a page.",
    )
    return int(page), pages


def shown(rows):
    """Return the page's table: when, who, which family (named only when seen), what happened."""
    family = rows["family"].where(
        rows["family"].notna(), rows["family_id"].map(lambda f: NOT_NAMED, "ignore")
    )
    return pd.DataFrame(
        {
            "when": rows["logged_at"],
            "who": rows["who"].where(rows["who"].notna(), audit_words.SYSTEM),
            "family": family.where(family.notna(), ""),
            "what": rows["what"],
        }
    )


def raw_record(row):
    """Show one entry's raw record: its columns as stored, and its detail."""
    st.dataframe(row[RAW[:-1]].to_frame("value").astype(str), key="audit_raw", width="stretch")
    st.json(row["detail"] or "{}", expanded=True)


def csv_bytes(actor, **filters):
    """Return the CSV of the matching entries (at most audit.ACTIONS_SHOWN): raw columns and the sentence."""
    with cursor() as cur:
        rows = audit.search(cur, actor, **filters)
    return csv_safe.to_csv_bytes(audit_words.with_sentences(rows)[[*RAW, "who", "family", "what"]])
