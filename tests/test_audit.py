import json
from datetime import date, datetime

import pandas as pd
import pytest

from lib import audit, families, sessions, settings, ticks, versions
from lib.assignments import templates
from lib.errors import NotAllowed
from lib.exchange import csv_safe
from tests.factories import make_assignment, make_family, make_user


def _last(cur, action=None):
    row = cur.execute(
        "SELECT action, entity, entity_id, detail FROM audit_log WHERE ($a IS NULL OR action = $a)"
        " ORDER BY id DESC LIMIT 1",
        {"a": action},
    ).fetchone()
    return row[0], row[1], row[2], json.loads(row[3])


def test_updating_a_family_audits_the_values_before_and_after(cur):
    therapist = make_user(cur)
    family_id = make_family(cur, "Sam K.", therapist)
    families.update_family(
        cur,
        therapist,
        family_id,
        "Sam Kay",
        date(2026, 9, 1),
        notes="likes trains",
        expected_version=versions.ANY,
    )
    action, entity, entity_id, detail = _last(cur)
    assert (action, entity, entity_id) == ("update", "family", family_id)
    assert detail["before"] == {"display_name": "Sam K.", "notes": ""}
    assert detail["after"] == {"display_name": "Sam Kay", "notes": "likes trains"}


def test_updating_a_caregiver_a_tick_a_template_and_a_setting_keeps_before_and_after(cur):
    lead = make_user(cur, "boss", role="lead")
    family_id = make_family(cur, therapist=lead)
    carer = families.add_caregiver(cur, lead, family_id, "Alex", "mother")
    families.update_caregiver(cur, lead, carer, "Alexa", "mother", expected_version=versions.ANY)
    assert _last(cur)[3]["before"] == {"name": "Alex"} and _last(cur)[3]["after"] == {"name": "Alexa"}
    task = make_assignment(cur, family_id, lead, start=date(2026, 11, 2))
    ticks.record_tick(cur, lead, task, date(2026, 11, 3), minutes=5)
    ticks.update_tick(cur, lead, task, date(2026, 11, 3), minutes=9, expected_version=versions.ANY)
    assert _last(cur)[3]["before"] == {"minutes": 5} and _last(cur)[3]["after"] == {"minutes": 9}
    settings.update_settings(cur, lead, {"stalled_days": 10})
    assert _last(cur)[3]["before"] == {"stalled_days": 14} and _last(cur)[3]["after"] == {"stalled_days": 10}
    tid = templates.create_template(
        cur,
        lead,
        {
            "discipline": "OT",
            "title": "Pegs",
            "instructions": "Put pegs in.",
            "who": "child",
            "minutes": 5,
            "days_per_week": 5,
        },
    )
    templates.update_template(
        cur,
        lead,
        tid,
        {
            "discipline": "OT",
            "title": "Pegs",
            "instructions": "Put pegs in.",
            "who": "child",
            "minutes": 7,
            "days_per_week": 5,
        },
        expected_version=versions.ANY,
    )
    assert _last(cur)[3]["before"] == {"minutes": 5} and _last(cur)[3]["after"] == {"minutes": 7}


def test_a_session_outcome_keeps_its_old_status(cur):
    therapist = make_user(cur)
    family_id = make_family(cur, therapist=therapist)
    session_id = sessions.book_session(
        cur, therapist, family_id, therapist.id, "OT", datetime(2026, 11, 20, 10)
    )
    sessions.record_session_outcome(
        cur, therapist, session_id, "attended", today=date(2026, 11, 25), expected_version=versions.ANY
    )
    assert _last(cur)[3]["before"]["status"] == "booked" and _last(cur)[3]["after"]["status"] == "attended"


def test_a_download_is_audited_with_who_and_which_family(cur):
    therapist = make_user(cur)
    family_id = make_family(cur, therapist=therapist)
    audit.record_download(cur, therapist, "fridge sheet (PDF)", family_id)
    assert _last(cur) == ("download", "family", family_id, {"what": "fridge sheet (PDF)"})
    stranger = make_user(cur, "other")
    with pytest.raises(NotAllowed):
        audit.record_download(cur, stranger, "fridge sheet (PDF)", family_id)


def test_the_audit_search_filters_by_user_family_action_and_dates_for_the_lead_only(cur):
    lead = make_user(cur, "boss", role="lead")
    therapist = make_user(cur)
    one, two = make_family(cur, "One", therapist), make_family(cur, "Two", therapist)
    families.update_family(cur, therapist, one, "One A", date(2026, 9, 1), expected_version=versions.ANY)
    families.update_family(cur, lead, two, "Two B", date(2026, 9, 1), expected_version=versions.ANY)
    audit.record_download(cur, lead, "caseload table (CSV)")
    assert list(audit.search(cur, lead, user_id=therapist.id)["entity_id"]) == [one]
    assert list(audit.search(cur, lead, family_id=two)["username"]) == ["boss"]
    assert list(audit.search(cur, lead, action="download")["entity"]) == ["clinic"]
    assert len(audit.search(cur, lead, start=date(2026, 1, 1), end=date(2026, 1, 2))) == 0
    with pytest.raises(NotAllowed):
        audit.search(cur, therapist)


def test_csv_cells_that_a_spreadsheet_would_run_are_made_text():
    frame = pd.DataFrame(
        {"name": ["=HYPERLINK(1)", "+1", "-2", "@SUM(A1)", "\tx", "\r=y", "Sam"], "n": range(7)}
    )
    text = csv_safe.to_csv_bytes(frame).decode()
    assert "'=HYPERLINK(1)" in text and "'+1" in text and "'-2" in text and "'@SUM(A1)" in text
    assert "'\tx" in text and "Sam" in text and "'Sam" not in text
    assert csv_safe.safe_frame(frame)["n"].tolist() == list(range(7))  # numbers stay numbers


def test_the_caseload_csv_neutralises_a_family_named_like_a_formula(demo_cur):
    from lib.ui import caseload_view

    table = pd.DataFrame([{"family_id": 1, "family": "=cmd|' /C calc'!A0", "last_8_weeks": [50.0, None]}])
    table = table.reindex(columns=["family_id", *caseload_view.table_columns(), "stage", "signal", "flags"])
    table["last_8_weeks"] = [[50.0, None]]
    table["flags"] = [["-risk"]]
    table["stage"], table["signal"] = "none", ""
    text = caseload_view.csv_bytes(table).decode()
    assert "'=cmd" in text and "'-risk" in text
