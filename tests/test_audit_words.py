"""The audit log in words: every action the app writes has its sentence; names as the app shows them."""

import ast
import re
from datetime import date, datetime
from pathlib import Path

from lib import audit, audit_words, sessions
from lib.assignments.records import KINDS
from tests.factories import make_family, make_user

LIB = Path(__file__).resolve().parent.parent / "lib"

# call sites whose action is a variable, and the values it takes (a new one fails the scan below)
VARIABLE_ACTIONS = {
    ("lib/assignments/lifecycle.py", "kind"): set(KINDS) - {"created", "reissued"},
    ("lib/accounts/signin.py", "action"): {"login", "login_failed", "login_locked"},
}
# rows written by plain SQL, not through lib.audit: (file, action, entity)
SQL_WRITES = {
    ("lib/exchange/importer.py", "tick", "assignment"),
    ("lib/migrations/018_safety_lines.sql", "move_safety_lines", "assignment"),
    ("lib/migrations/018_safety_lines.sql", "move_safety_lines", "template"),
}


def _values(node, file):
    """Return the strings an argument may be, or None when the scan cannot tell."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        body, orelse = _values(node.body, file), _values(node.orelse, file)
        return None if body is None or orelse is None else body | orelse
    if isinstance(node, ast.Name):
        return VARIABLE_ACTIONS.get((file, node.id))
    return None


def _written_by_code():
    """Return {(action, entity)} of every audit write in lib/, and the call sites the scan could not read."""
    found, unread = set(), []
    for path in LIB.rglob("*.py"):
        file = str(path.relative_to(LIB.parent))
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            args = node.args
            if file == "lib/audit.py":  # record_change and record_download are read where they are called
                continue
            if name in ("record", "_audit") and len(args) >= 4:
                actions, entities = _values(args[2], file), _values(args[3], file)
            elif name == "record_change" and len(args) >= 3:
                actions, entities = {"update"}, _values(args[2], file)
            elif name == "record_download":
                actions, entities = {"download"}, {"family", "clinic"}
            else:
                continue
            if actions is None or entities is None:
                unread.append(f"{file}:{node.lineno}")
                continue
            found |= {(a, e) for a in actions for e in entities}
    return found, unread


def test_the_scan_reads_every_audit_write_in_lib():
    found, unread = _written_by_code()
    assert unread == []
    assert {
        ("book", "session"),
        ("download", "family"),
        ("update", "setting"),
        ("paused", "assignment"),
    } <= found
    assert len(found) > 60


def test_the_rows_written_by_plain_sql_are_the_ones_listed():
    sites = {
        str(p.relative_to(LIB.parent))
        for p in [*LIB.rglob("*.py"), *LIB.rglob("*.sql")]
        if "INSERT INTO audit_log" in p.read_text() and p.name != "audit.py"
    }
    assert sites == {file for file, _, _ in SQL_WRITES}
    importer = (LIB / "exchange/importer.py").read_text()
    assert re.search(r"SELECT \?, 'tick', 'assignment'", importer)


def test_every_action_the_app_writes_has_its_own_words():
    found, _ = _written_by_code()
    every = found | {(a, e) for _, a, e in SQL_WRITES}
    assert sorted(pair for pair in every if not audit_words.has_words(*pair)) == []


def test_every_sentence_reads_as_one_plain_sentence_even_with_an_empty_detail():
    found, _ = _written_by_code()
    for action, entity in found:
        text = audit_words.sentence(action, entity, "{}", "Maya Okafor", "Isla E.")
        assert text.startswith("Maya Okafor ") and text.endswith(".") and "None" not in text, text
        assert "{" not in text and "nan" not in text.split(), text


def test_a_fridge_sheet_download_reads_as_printed_for_the_child():
    text = audit_words.sentence("download", "family", '{"what": "Fridge sheet"}', "Maya", "Isla E.")
    assert text == "Maya printed the fridge sheet for Isla E."
    csv = audit_words.sentence("download", "clinic", {"what": "caseload table (CSV)"}, "Ruth")
    assert csv == "Ruth downloaded the caseload table."


def test_a_family_the_reader_may_not_see_is_not_named():
    text = audit_words.sentence("book", "session", {"starts_at": "2026-12-03 15:00:00"}, "Maya", None)
    assert text == "Maya booked a session for a family you do not see on Thu 3 Dec 2026 at 15:00."


def test_rows_written_by_no_one_and_about_an_account_name_both():
    assert audit_words.sentence("login_failed", "user", {}, None, user="Maya Okafor") == (
        "The app refused a sign-in to Maya Okafor: wrong password."
    )
    text = audit_words.sentence(
        "update",
        "setting",
        {
            "name": "max_session_gap_days",
            "before": {"max_session_gap_days": 14},
            "after": {"max_session_gap_days": 21},
        },
        "Ruth",
    )
    assert text == "Ruth changed the clinic setting “Longest gap between sessions (days)” from 14 to 21."


def test_an_unknown_action_still_gets_a_plain_sentence_naming_it():
    text = audit_words.sentence("frobnicate", "widget_box", "not json", "Leo", entity_id=4)
    assert text == "Leo did “frobnicate” on a widget box (number 4)."
    assert not audit_words.has_words("frobnicate", "widget_box")


def test_the_search_names_who_and_which_family_and_pages_back(cur):
    lead, maya = make_user(cur, "boss", role="lead"), make_user(cur, "maya")
    family = make_family(cur, "Isla E.", maya)
    audit.record_download(cur, maya, "Fridge sheet", family)
    for hour in (9, 10, 11):
        sessions.book_session(cur, maya, family, maya.id, "OT", datetime(2026, 12, 1, hour))
    page = audit.search(cur, lead, limit=2)
    assert list(page["action"]) == ["book", "book"] and set(page["family"]) == {"Isla E."}
    older = audit.search(cur, lead, limit=2, offset=2)
    assert list(older["action"]) == ["book", "download"]
    assert audit.count_matching(cur, lead) == 4 == audit.count_matching(cur, lead, family_id=family)
    words = audit_words.with_sentences(older)["what"].tolist()
    assert words[1] == "Maya printed the fridge sheet for Isla E."


def test_the_search_finds_an_imported_row_by_the_family_its_detail_names(cur):
    lead = make_user(cur, "boss", role="lead")
    family = make_family(cur, "Isla E.")
    cur.execute(
        "INSERT INTO audit_log (user_id, action, entity, entity_id, detail) VALUES (?, 'create', 'caregiver', 7, ?)",
        [lead.id, f'{{"family_id": {family}}}'],
    )
    found = audit.search(cur, lead, family_id=family, start=date(2000, 1, 1))
    assert list(found["entity"]) == ["caregiver"] and list(found["family"]) == ["Isla E."]
    assert audit_words.with_sentences(found)["what"][0] == "Boss added a caregiver to Isla E."


def test_goals_ratings_and_emails_read_as_what_happened():
    rated = audit_words.sentence("rate", "goal_rating", {"level": "0: expected"}, "Maya", "Isla E.")
    assert rated == "Maya rated a goal of Isla E. at 0: expected."
    linked = audit_words.sentence("update", "assignment", {"after": {"goal_id": 3}}, "Maya", "Isla E.")
    assert linked == "Maya linked a task of Isla E. to a goal."
    mailed = audit_words.sentence("email", "family", {"what": "Phone reminders (.ics)"}, "Maya", "Isla E.")
    assert mailed == "Maya emailed the phone reminders (.ics) to a caregiver of Isla E."
