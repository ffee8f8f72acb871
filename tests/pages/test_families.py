"""Adding, editing and opening a family through AppTest."""

from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from lib import db, families
from tests.conftest import make_family, make_user
from tests.pages.apptest import sign_in

ROOT = Path(__file__).resolve().parents[2]
CARERS = [("Anna", "mother", True), ("Ben", "father", False)]


# --- pages --------------------------------------------------------------------------------


def app(user, page, **query):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    sign_in(at, user.id)
    at.run()
    at.switch_page(page)
    for key, value in query.items():
        at.query_params[key] = str(value)
    return at.run()


def shown(at):
    kinds = (at.title, at.markdown, at.text, at.caption, at.info, at.error, at.success, at.warning)
    return " ".join(str(e.value) for kind in kinds for e in kind)


@pytest.fixture
def clinic(isolated_database):
    """A file database with a lead and one OT; yields (path, lead, therapist)."""
    con = db.connect(isolated_database)
    with con.cursor() as cur:
        lead = make_user(cur, "lead", role="lead", discipline=None)
        maya = make_user(cur, "maya", discipline="OT")
    con.close()
    return isolated_database, lead, maya


def query(path, sql, *params):
    con = db.connect(path)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def test_a_therapist_adds_a_family_with_two_caregivers_and_lands_on_its_page(clinic):
    path, _, maya = clinic
    at = app(maya, "pages/family_edit.py")
    assert at.title[0].value == "Add a family"
    at.text_input(key="nf_name").input("Mia L.")
    at.text_input(key="nf_c0_name").input("Anna")
    at.text_input(key="nf_c1_name").input("Ben")
    at.button(key="nf_submit").click().run()
    [(family_id, name)] = query(path, "SELECT id, display_name FROM families")
    assert at.session_state["family_id"] == family_id
    carers = query(path, "SELECT name, relation FROM caregivers ORDER BY id")
    assert carers == [("Anna", "mother"), ("Ben", "father")]


def test_adding_a_family_with_duplicate_caregivers_shows_the_message_and_saves_nothing(clinic):
    path, _, maya = clinic
    at = app(maya, "pages/family_edit.py")
    at.text_input(key="nf_name").input("Mia L.")
    at.text_input(key="nf_c0_name").input("Anna")
    at.text_input(key="nf_c1_name").input("anna")
    at.button(key="nf_submit").click().run()
    assert "Two caregivers are called anna" in at.error[0].value
    assert query(path, "SELECT count(*) FROM families") == [(0,)]


def test_a_name_error_goes_once_the_name_is_given_and_the_family_is_added(clinic):
    path, _, maya = clinic
    at = app(maya, "pages/family_edit.py")
    at.button(key="nf_submit").click().run()
    assert len(at.error) == 1 and query(path, "SELECT count(*) FROM families") == [(0,)]
    at.text_input(key="nf_name").input("Mia L.")
    at.button(key="nf_submit").click().run()
    assert not at.error
    assert query(path, "SELECT display_name FROM families") == [("Mia L.",)]


def test_long_notes_show_a_message_next_to_the_notes(clinic):
    path, _, maya = clinic
    at = app(maya, "pages/family_edit.py")
    at.text_input(key="nf_name").input("Mia L.")
    at.text_area(key="nf_notes").input("n" * 10_000)
    at.button(key="nf_submit").click().run()
    assert "up to 2,000 characters" in at.error[0].value
    assert at.text_area(key="nf_notes").value == "n" * 10_000


def seeded(path, maya, name="Mia L."):
    con = db.connect(path)
    with con.cursor() as cur:
        family_id = families.create_family(cur, maya, name, date(2026, 9, 1), caregivers=CARERS)
    con.close()
    return family_id


def test_the_family_page_shows_details_caregivers_therapists_and_the_gap(clinic):
    path, _, maya = clinic
    family_id = seeded(path, maya)
    at = app(maya, "pages/family.py", family=family_id)
    assert at.title[0].value == r"Mia L\."  # typed text is always escaped
    assert "Anna, mother · runs home practice" in shown(at)
    assert "Maya (OT)" in shown(at)
    assert "No session booked yet." in at.warning[0].value
    assert [t.label for t in at.tabs] == [
        "Overview",
        "Home practice",
        "Practice charts",
        "Sessions",
        "Conversations",
        "Goals",
    ]


def test_html_in_a_name_is_shown_as_text(clinic):
    path, _, maya = clinic
    family_id = seeded(path, maya, name="<b>Bo</b> *x*")
    at = app(maya, "pages/family.py", family=family_id)
    assert at.title[0].value == r"\<b\>Bo\</b\> \*x\*"


def test_another_therapist_opening_the_family_url_sees_not_your_family(clinic):
    path, _, maya = clinic
    family_id = seeded(path, maya)
    con = db.connect(path)
    leo = make_user(con.cursor(), "leo")
    con.close()
    for page in ("pages/family.py", "pages/family_edit.py"):
        at = app(leo, page, family=family_id)
        assert "not on your caseload" in at.error[0].value
        assert "Mia" not in shown(at)


def test_a_caregiver_is_added_on_the_edit_page(clinic):
    path, _, maya = clinic
    family_id = seeded(path, maya)
    at = app(maya, "pages/family_edit.py", family=family_id)
    at.text_input(key="ac_name").input("Gran")
    at.selectbox(key="ac_rel").set_value("grandparent")
    at.button(key="ac_submit").click().run()
    assert "Caregiver added." in at.success[0].value
    assert ("Gran", "grandparent") in query(path, "SELECT name, relation FROM caregivers")


def test_a_future_date_of_birth_shows_a_message_next_to_the_field(clinic):
    path, _, maya = clinic
    family_id = seeded(path, maya)
    at = app(maya, "pages/family_edit.py", family=family_id)
    at.date_input(key=f"fd_dob_{family_id}").set_value(date(2030, 1, 1))
    at.button(key="fd_submit").click().run()
    assert "cannot be in the future" in at.error[0].value
    assert query(path, "SELECT date_of_birth FROM families") == [(None,)]


def test_the_therapist_discharges_and_reactivates_the_family(clinic):
    path, _, maya = clinic
    family_id = seeded(path, maya)
    at = app(maya, "pages/family_edit.py", family=family_id)
    at.button(key="st_discharge").click().run()
    assert "Family discharged." in at.success[0].value
    assert query(path, "SELECT status FROM families") == [("discharged",)]
    at.button(key="st_reactivate").click().run()
    assert query(path, "SELECT status, discharged_on FROM families") == [("active", None)]


def test_the_sidebar_offers_only_the_families_the_therapist_may_see(clinic):
    path, _, maya = clinic
    seeded(path, maya)
    con = db.connect(path)
    make_family(con.cursor(), "Not Mine")
    con.close()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    sign_in(at, maya.id)
    at.run()
    search = at.sidebar.selectbox(key="family_search")
    assert search.options == ["Mia L."]  # listed before anything is typed
    assert search.proto.placeholder == "Choose, or type to search"


def test_a_duplicate_caregiver_on_the_edit_page_is_named_next_to_the_field(clinic):
    path, _, maya = clinic
    family_id = seeded(path, maya)
    at = app(maya, "pages/family_edit.py", family=family_id)
    at.text_input(key="ac_name").input("anna")
    at.button(key="ac_submit").click().run()
    assert "already has a caregiver called anna" in at.error[0].value
    assert len(query(path, "SELECT id FROM caregivers")) == 2


def test_a_caregiver_is_renamed_and_then_removed(clinic):
    path, _, maya = clinic
    family_id = seeded(path, maya)
    anna = query(path, "SELECT id FROM caregivers WHERE name = 'Anna'")[0][0]
    at = app(maya, "pages/family_edit.py", family=family_id)
    at.text_input(key=f"carer_{anna}_name").input("Anna Lee")
    at.button(key=f"carer_{anna}_save").click().run()
    assert query(path, "SELECT name FROM caregivers WHERE id = ?", anna) == [("Anna Lee",)]
    at.button(key=f"carer_{anna}_remove").click().run()
    assert query(path, "SELECT active FROM caregivers WHERE id = ?", anna) == [(False,)]


def test_a_second_discipline_is_linked_on_the_edit_page(clinic):
    path, _, maya = clinic
    family_id = seeded(path, maya)
    con = db.connect(path)
    priya = make_user(con.cursor(), "priya", discipline="PT")
    con.close()
    at = app(maya, "pages/family_edit.py", family=family_id)
    at.selectbox(key="lt_therapist").set_value(priya.id)
    at.button(key="lt_submit").click().run()
    assert "Therapist linked." in at.success[0].value
    assert "Priya (PT)" in shown(at)


def test_the_edit_button_opens_the_edit_page_for_this_family(clinic):
    path, _, maya = clinic
    family_id = seeded(path, maya)
    at = app(maya, "pages/family.py", family=family_id)
    at.button(key="family_open_pages/family_edit.py").click().run()
    assert at.title[0].value == r"Edit Mia L\."
    assert at.query_params["family"] == str(family_id)


def in_order(at):
    """Return the main area's elements in the order they are drawn: (type, key or label or message)."""

    def walk(node):
        for child in node.children.values():
            if hasattr(child, "children") and child.type not in ("error",):
                yield from walk(child)
            else:
                yield child

    return [(e.type, getattr(e, "key", None) or str(getattr(e, "value", ""))) for e in walk(at.main)]


def after(order, key):
    """Return the element drawn right after the widget with this key (skipping its siblings in the row)."""
    keys = [k for _, k in order]
    rest = order[keys.index(key) + 1 :]
    return next(item for item in rest if item[0] == "error" or item[1] is None or "_" in str(item[1]))


def test_every_problem_of_a_new_family_shows_at_once_under_its_field_and_nothing_typed_is_lost(clinic):
    path, lead, _ = clinic
    at = app(lead, "pages/family_edit.py")
    at.text_input(key="nf_name").input("x" * 81)
    at.text_input(key="nf_c0_name").input("Anna")
    at.text_input(key="nf_c1_name").input("y" * 81)
    at.text_area(key="nf_notes").input("n" * 2001)
    at.button(key="nf_submit").click().run()
    errors = [e.value for e in at.error]
    assert any("child's name" in e for e in errors) and any("caregiver's name" in e for e in errors)
    assert any("therapist" in e for e in errors) and any("Notes" in e for e in errors)
    order = in_order(at)
    errors_after = {k: after(order, k) for k in ("nf_name", "nf_c1_runs", "nf_notes")}
    assert "child's name" in errors_after["nf_name"][1]
    assert "caregiver's name" in errors_after["nf_c1_runs"][1]
    assert "Notes" in errors_after["nf_notes"][1]
    assert after(order, "nf_c0_runs")[0] != "error"  # Anna's row is fine
    assert at.text_input(key="nf_name").value == "x" * 81 and at.text_input(key="nf_c0_name").value == "Anna"
    assert query(path, "SELECT count(*) FROM families") == [(0,)]


def test_every_problem_of_a_family_edit_shows_at_once_under_its_field(clinic):
    path, _, maya = clinic
    family_id = seeded(path, maya)
    at = app(maya, "pages/family_edit.py", family=family_id)
    at.text_input(key=f"fd_name_{family_id}").input(" ")
    at.date_input(key=f"fd_dob_{family_id}").set_value(date(2030, 1, 1))
    at.button(key="fd_submit").click().run()
    order = in_order(at)
    assert "child's name" in after(order, f"fd_name_{family_id}")[1]
    assert "cannot be in the future" in after(order, f"fd_dob_{family_id}")[1]
    assert at.date_input(key=f"fd_dob_{family_id}").value == date(2030, 1, 1)
    assert query(path, "SELECT display_name FROM families") == [("Mia L.",)]


def test_a_link_to_another_therapists_family_is_refused_once_per_family_per_sign_in(clinic):
    from tests.pages.apptest import open_sign_in_session, send_cookie

    path, _, maya = clinic
    family_id, other_id = seeded(path, maya), seeded(path, maya, "Noa P.")
    con = db.connect(path)
    leo = make_user(con.cursor(), "leo")
    con.close()
    token = open_sign_in_session(leo)

    def tab(page, family):  # a new browser tab of the same sign-in, opened on a link
        at = send_cookie(AppTest.from_file(str(ROOT / "app.py"), default_timeout=30), token)
        at.run()
        at.switch_page(page)
        at.query_params["family"] = str(family)
        return at.run()

    first = tab("pages/family.py", family_id)
    assert [e.value for e in first.error] == [
        "This family is not on your caseload. Ask the clinic lead if you need access."
    ]
    assert "Mia" not in shown(first) and "family" not in first.query_params
    for page in ("pages/family.py", "pages/assignments.py", "pages/printables.py", "pages/explainer.py"):
        again = tab(page, family_id)
        assert not again.error and "Mia" not in shown(again)  # told once: not on every tab
    assert "not on your caseload" in tab("pages/guide.py", other_id).error[0].value  # another family: told
    assert (
        "not on your caseload" in app(leo, "pages/family.py", family=family_id).error[0].value
    )  # new sign-in
