"""Families, caregivers and therapist links: lib/families/ and the family pages."""

from dataclasses import replace
from datetime import date, datetime

import pytest

from lib import audit, families, sessions, versions
from lib.accounts import users
from lib.errors import InvalidInput, NotAllowed, NotYourFamily
from tests.conftest import TODAY, make_family, make_user

CARERS = [("Anna", "mother", True), ("Ben", "father", False)]


def new_family(cur, actor, name="Mia L.", **extra):
    extra.setdefault("caregivers", CARERS)
    return families.create_family(cur, actor, name, date(2026, 9, 1), today=TODAY, **extra)


def count(cur, sql, *params):
    return cur.execute(sql, list(params)).fetchone()[0]


# --- lib: create and edit -----------------------------------------------------------------


def test_a_therapist_who_creates_a_family_is_linked_to_it_with_its_caregivers(cur):
    maya = make_user(cur, "maya", discipline="OT")
    family_id = new_family(cur, maya)
    assert families.list_family_therapists(cur, maya, family_id) == [
        families.LinkedTherapist(maya.id, "Maya", "OT", True)
    ]
    assert [
        (c.name, c.relation, c.runs_practice) for c in families.list_caregivers(cur, maya, family_id)
    ] == CARERS


def test_a_family_cannot_be_created_in_session_mode(cur):
    maya = make_user(cur, "maya")
    on_screen = make_family(cur, therapist=maya)
    with pytest.raises(NotAllowed):
        new_family(cur, replace(maya, session_family_id=on_screen))
    assert count(cur, "SELECT count(*) FROM families") == 1


def test_creating_a_family_is_audited(cur):
    maya = make_user(cur, "maya")
    family_id = new_family(cur, maya)
    assert ("create", "family", family_id) in [e[2:5] for e in audit.list_entries(cur)]


def test_the_lead_must_link_a_therapist_when_creating_a_family(cur):
    lead = make_user(cur, "lead", role="lead", discipline=None)
    with pytest.raises(InvalidInput) as err:
        new_family(cur, lead)
    assert err.value.field == "therapists"


@pytest.mark.parametrize(
    "field, extra",
    [
        ("display_name", {"name": "   "}),
        ("date_of_birth", {"date_of_birth": date(2027, 1, 1)}),
        ("notes", {"notes": "x" * 10_000}),
        ("caregiver_1", {"caregivers": [("Anna", "mother", True), ("anna ", "grandparent", True)]}),
        ("caregiver_0", {"caregivers": [("Anna", "aunt", True)]}),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(cur, field, extra):
    maya = make_user(cur, "maya")
    with pytest.raises(InvalidInput) as err:
        new_family(cur, maya, **extra)
    assert err.value.field == field
    assert count(cur, "SELECT count(*) FROM families") == 0
    assert count(cur, "SELECT count(*) FROM caregivers") == 0


def test_every_problem_of_a_new_family_is_reported_at_once_each_under_its_field(cur):
    lead = make_user(cur, "lead", role="lead", discipline=None)
    long_name = "x" * 81
    with pytest.raises(InvalidInput) as err:
        new_family(
            cur,
            lead,
            name=long_name,
            notes="x" * 10_000,
            caregivers=[("Anna", "mother", True), ("y" * 81, "father", True)],
        )
    problems = err.value.problems
    assert set(problems) == {"display_name", "notes", "therapists", "caregiver_1"}
    assert "80 characters" in problems["display_name"] and "80 characters" in problems["caregiver_1"]
    assert count(cur, "SELECT count(*) FROM families") == 0


def test_every_problem_of_a_family_edit_is_reported_at_once(cur):
    maya = make_user(cur, "maya")
    family_id = new_family(cur, maya)
    with pytest.raises(InvalidInput) as err:
        families.update_family(
            cur,
            maya,
            family_id,
            " ",
            date(2026, 10, 5),
            date(2027, 1, 1),
            practice_word="w" * 41,
            today=TODAY,
            expected_version=versions.ANY,
        )
    assert set(err.value.problems) == {"display_name", "date_of_birth", "practice_word"}


def test_ten_thousand_character_notes_get_a_message_with_the_limit(cur):
    maya = make_user(cur, "maya")
    with pytest.raises(InvalidInput, match="up to 2,000 characters; these have 10,000"):
        new_family(cur, maya, notes="x" * 10_000)


def test_names_with_html_or_sql_are_stored_exactly_as_typed(cur):
    maya = make_user(cur, "maya")
    name = "<script>x</script>'; DROP TABLE families; --"
    family_id = new_family(cur, maya, name=name)
    assert families.get_family(cur, maya, family_id).display_name == name


def test_the_intake_date_cannot_move_after_the_discharge_date(cur):
    maya = make_user(cur, "maya")
    family_id = new_family(cur, maya)
    families.discharge_family(cur, maya, family_id, date(2026, 10, 1))
    with pytest.raises(InvalidInput, match="after the discharge date") as err:
        families.update_family(
            cur, maya, family_id, "Mia L.", date(2026, 10, 5), today=TODAY, expected_version=versions.ANY
        )
    assert err.value.field == "intake_date"


def test_the_intake_date_cannot_move_after_the_first_session(cur):
    maya = make_user(cur, "maya")
    family_id = new_family(cur, maya)
    sessions.book_session(cur, maya, family_id, maya.id, "OT", datetime(2026, 9, 8, 10))
    with pytest.raises(InvalidInput, match="first session"):
        families.update_family(
            cur, maya, family_id, "Mia L.", date(2026, 9, 10), today=TODAY, expected_version=versions.ANY
        )


def test_editing_a_family_saves_its_word_for_practice_and_notes(cur):
    maya = make_user(cur, "maya")
    family_id = new_family(cur, maya)
    families.update_family(
        cur,
        maya,
        family_id,
        "Mia",
        date(2026, 9, 1),
        None,
        "Likes trains",
        "game time",
        expected_version=versions.ANY,
    )
    family = families.get_family(cur, maya, family_id)
    assert (family.display_name, family.notes, family.practice_word) == ("Mia", "Likes trains", "game time")


# --- lib: status --------------------------------------------------------------------------


def test_discharging_archives_the_family_and_cancels_later_bookings(cur):
    maya = make_user(cur, "maya")
    family_id = new_family(cur, maya)
    sessions.book_sessions(cur, maya, family_id, maya.id, "OT", datetime(2026, 11, 20, 9), 14, 3)
    assert families.discharge_family(cur, maya, family_id, TODAY) == 2
    family = families.get_family(cur, maya, family_id)
    assert (family.status, family.discharged_on) == ("discharged", TODAY)
    assert count(cur, "SELECT count(*) FROM sessions WHERE status = 'booked'") == 1


def test_a_discharge_before_the_intake_is_refused(cur):
    maya = make_user(cur, "maya")
    family_id = new_family(cur, maya)
    with pytest.raises(InvalidInput, match="before the intake"):
        families.discharge_family(cur, maya, family_id, date(2026, 8, 1))


def test_a_discharged_family_can_be_reactivated(cur):
    maya = make_user(cur, "maya")
    family_id = new_family(cur, maya)
    families.discharge_family(cur, maya, family_id, TODAY)
    families.reactivate_family(cur, maya, family_id)
    family = families.get_family(cur, maya, family_id)
    assert (family.status, family.discharged_on) == ("active", None)


# --- lib: caregivers and links ------------------------------------------------------------


def test_a_duplicate_caregiver_name_is_refused_but_a_removed_name_can_return(cur):
    maya = make_user(cur, "maya")
    family_id = new_family(cur, maya)
    with pytest.raises(InvalidInput, match="already has a caregiver called ANNA"):
        families.add_caregiver(cur, maya, family_id, "ANNA", "grandparent")
    anna = families.list_caregivers(cur, maya, family_id)[0].id
    families.remove_caregiver(cur, maya, anna)
    assert families.add_caregiver(cur, maya, family_id, "Anna", "mother") != anna


def test_a_caregiver_can_be_renamed_to_its_own_name_in_another_case(cur):
    maya = make_user(cur, "maya")
    family_id = new_family(cur, maya)
    anna = families.list_caregivers(cur, maya, family_id)[0].id
    families.update_caregiver(cur, maya, anna, "ANNA", "grandparent", False, expected_version=versions.ANY)
    assert families.list_caregivers(cur, maya, family_id)[0] == families.Caregiver(
        anna, "ANNA", "grandparent", False
    )


def test_a_family_can_see_several_disciplines_at_once(cur):
    maya, priya = make_user(cur, "maya"), make_user(cur, "priya", discipline="PT")
    family_id = new_family(cur, maya)
    families.link_therapist(cur, maya, family_id, priya.id, "PT")
    families.link_therapist(cur, maya, family_id, maya.id, "SLP")
    assert [t.discipline for t in families.list_family_therapists(cur, priya, family_id)] == [
        "OT",
        "PT",
        "SLP",
    ]


def test_the_last_active_therapist_cannot_be_unlinked(cur):
    maya = make_user(cur, "maya")
    family_id = new_family(cur, maya)
    with pytest.raises(InvalidInput, match="every family needs one"):
        families.unlink_therapist(cur, maya, family_id, maya.id, "OT")


def test_an_unlinked_therapist_no_longer_sees_the_family(cur):
    maya, priya = make_user(cur, "maya"), make_user(cur, "priya", discipline="PT")
    family_id = new_family(cur, maya)
    families.link_therapist(cur, maya, family_id, priya.id, "PT")
    families.unlink_therapist(cur, priya, family_id, maya.id, "OT")
    with pytest.raises(NotYourFamily):
        families.get_family(cur, maya, family_id)


def test_a_therapist_cannot_change_another_therapists_family(cur):
    maya, leo = make_user(cur, "maya"), make_user(cur, "leo")
    family_id = new_family(cur, maya)
    with pytest.raises(NotYourFamily):
        families.add_caregiver(cur, leo, family_id, "Cara", "teacher")


def test_families_of_a_deactivated_therapist_need_reassignment(cur):
    lead = make_user(cur, "lead", role="lead", discipline=None)
    maya = make_user(cur, "maya")
    family_id = new_family(cur, maya)
    users.set_user_active(cur, lead, maya.id, False)
    assert families.families_needing_reassignment(cur, lead)["family_id"].tolist() == [family_id]
    assert families.needs_reassignment(cur, lead, family_id) == ["Maya"]


def test_only_the_lead_sees_the_reassignment_list(cur):
    maya = make_user(cur, "maya")
    with pytest.raises(NotAllowed):
        families.families_needing_reassignment(cur, maya)
