"""The audit page through AppTest: entries in words, the raw record a click away, the CSV."""

from datetime import date

import pytest

from lib import audit, db
from lib.models import Actor
from lib.ui import audit_view
from tests.factories import query, user_id
from tests.pages.apptest import open_app


def _write_a_download(path, username, what):
    con = db.connect(path)
    with con.cursor() as cur:
        row = cur.execute(
            "SELECT u.id, u.username, u.display_name, u.role, u.discipline, ft.family_id, f.display_name"
            " FROM users u JOIN family_therapists ft ON ft.therapist_id = u.id JOIN families f ON f.id = ft.family_id"
            " WHERE u.username = ? ORDER BY ft.family_id LIMIT 1",
            [username],
        ).fetchone()
        audit.record_download(cur, Actor(*row[:5]), what, row[5])
    con.close()
    return row[2], row[6]


def _whole_year(at):
    at.date_input(key="audit_from").set_value(date(2026, 1, 1))
    return at.date_input(key="audit_to").set_value(date(2027, 12, 31)).run()


def test_the_audit_page_shows_the_lead_who_did_what_to_which_family_in_words(demo_db):
    who, family = _write_a_download(demo_db, "maya.ot", "Fridge sheet")
    at = _whole_year(open_app(user_id(demo_db, "lead"), "pages/audit.py"))
    assert not at.exception
    assert at.title[0].value == "Audit log"
    table = at.dataframe[0].value
    assert list(table.columns) == ["when", "who", "family", "what"]
    assert table.iloc[0]["what"] == f"{who} printed the fridge sheet for {family}"
    assert table.iloc[0]["who"] == who and table.iloc[0]["family"] == family
    assert {"User", "Family", "Action"} <= {s.label for s in at.selectbox}
    at = open_app(user_id(demo_db, "maya.ot"))
    with pytest.raises(ValueError, match="navigation page"):  # not in a therapist's menu
        at.switch_page("pages/audit.py")


def test_selecting_a_row_shows_its_raw_record(demo_db):
    _write_a_download(demo_db, "priya.pt", "Caregiver handout")
    at = _whole_year(open_app(user_id(demo_db, "lead"), "pages/audit.py"))
    assert not at.expander  # nothing selected: no raw record
    at.session_state["audit_table"] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    at.run()
    assert at.expander[0].label == "Raw record of the selected row"
    raw = at.dataframe[1].value["value"]
    assert raw["action"] == "download" and raw["entity"] == "family"
    assert at.json[0].value and "Caregiver handout" in at.json[0].value


def test_the_csv_keeps_the_raw_columns_and_adds_the_sentence(demo_db):
    who, family = _write_a_download(demo_db, "maya.ot", "Fridge sheet")
    lead = Actor(user_id(demo_db, "lead"), "lead", "Lead", "lead")
    text = audit_view.csv_bytes(lead, start=date(2000, 1, 1), end=date(2100, 1, 1)).decode()
    header = text.splitlines()[0].split(",")
    assert header[:9] == audit_view.RAW and header[-3:] == ["who", "family", "what"]
    assert f"{who} printed the fridge sheet for {family}" in text  # the name ends it: "Ava A."
    assert query(demo_db, "SELECT count(*) FROM audit_log")[0][0] == len(text.strip().splitlines()) - 1
