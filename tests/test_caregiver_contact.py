"""A caregiver's phone, email, reminder way and consent: lib/families/contact.py and its writes."""

import io
import zipfile
from datetime import date

import pytest
from pypdf import PdfReader

from lib import exchange, families, printables, settings, versions
from lib.errors import InvalidInput
from lib.families.contact import clean_email, clean_phone, reminder_line
from tests.conftest import TODAY, make_family, make_user

EMAIL, PHONE = "alex.k@example.org", "07700 900123"


@pytest.fixture
def maya(cur):
    return make_user(cur, "maya")


@pytest.fixture
def family(cur, maya):
    return make_family(cur, therapist=maya)


def add(cur, actor, family_id, **contact):
    return families.add_caregiver(
        cur, actor, family_id, "Alex", "mother", contact=families.Contact(**contact)
    )


def update(cur, actor, carer, **contact):
    families.update_caregiver(
        cur,
        actor,
        carer,
        "Alex",
        "mother",
        contact=families.Contact(**contact),
        expected_version=versions.ANY,
    )


def the_carer(cur, actor, family_id):
    return families.list_caregivers(cur, actor, family_id)[0]


def audit_details(cur):
    return [
        r[0]
        for r in cur.execute("SELECT detail::VARCHAR FROM audit_log WHERE entity = 'caregiver'").fetchall()
    ]


@pytest.mark.parametrize("typed", ["07700 900123", "+44 7700 900123", "(0161) 496-0000", "  07700900123 "])
def test_usual_phone_numbers_are_accepted(typed):
    assert clean_phone(typed) == " ".join(typed.split())


@pytest.mark.parametrize(
    "typed", ["call me", "12345", "0770090012345678", "07700 900123 ext. 4", "+44+7700900123"]
)
def test_a_phone_number_that_is_not_one_is_refused_on_its_field(typed):
    with pytest.raises(InvalidInput, match="digits") as refused:
        clean_phone(typed)
    assert refused.value.field == "phone"


@pytest.mark.parametrize("typed", ["alex@example.org", "a.b+home@mail.example.co.uk", " jo@example.org "])
def test_usual_email_addresses_are_accepted(typed):
    assert clean_email(typed) == typed.strip()


@pytest.mark.parametrize(
    "typed",
    [
        "alex",
        "alex@",
        "@example.org",
        "alex@example",
        "a b@example.org",
        "a@b@example.org",
        "alex@example..org",
        "Alex <alex@example.org>",
        "a@example.org, b@example.org",
    ],
)
def test_an_email_address_that_is_not_one_is_refused_on_its_field(typed):
    with pytest.raises(InvalidInput, match="name@example.org") as refused:
        clean_email(typed)
    assert refused.value.field == "email"


def test_empty_phone_and_email_are_fine_they_are_optional(cur, maya, family):
    add(cur, maya, family)
    carer = the_carer(cur, maya, family)
    assert (carer.phone, carer.email, carer.reminder_way, carer.contact_consent) == ("", "", None, False)


def test_contact_details_are_saved_and_read_back(cur, maya, family):
    add(cur, maya, family, phone=PHONE, email=EMAIL, reminder_way="email", consent=True)
    carer = the_carer(cur, maya, family)
    assert (carer.phone, carer.email, carer.reminder_way) == (PHONE, EMAIL, "email")


def test_reminders_by_email_need_an_email_and_text_messages_a_phone(cur, maya, family):
    with pytest.raises(InvalidInput, match="email address") as refused:
        add(cur, maya, family, phone=PHONE, reminder_way="email")
    assert refused.value.field == "reminder_way"
    with pytest.raises(InvalidInput, match="phone number"):
        add(cur, maya, family, email=EMAIL, reminder_way="text")
    assert cur.execute("SELECT count(*) FROM caregivers").fetchone()[0] == 0


def test_a_bad_phone_and_a_bad_email_are_reported_together_each_on_its_field(cur, maya, family):
    with pytest.raises(InvalidInput) as refused:
        add(cur, maya, family, phone="call me", email="not an address", reminder_way="email")
    assert set(refused.value.problems) == {"phone", "email"}  # the way's own message waits for a valid email
    assert cur.execute("SELECT count(*) FROM caregivers").fetchone()[0] == 0


def test_an_unknown_reminder_way_is_refused(cur, maya, family):
    with pytest.raises(InvalidInput, match="from the list"):
        add(cur, maya, family, reminder_way="pigeon")


def test_consent_is_dated_by_the_clock_kept_while_given_and_cleared_when_withdrawn(
    cur, maya, family, monkeypatch
):
    carer = add(cur, maya, family, email=EMAIL)
    assert the_carer(cur, maya, family).contact_consent_on is None
    update(cur, maya, carer, email=EMAIL, consent=True)
    assert the_carer(cur, maya, family).contact_consent_on == TODAY
    monkeypatch.setenv("HOME_PRACTICE_TODAY", "2026-12-03")
    update(cur, maya, carer, email=EMAIL, phone=PHONE, consent=True)
    assert the_carer(cur, maya, family).contact_consent_on == TODAY  # still the day it was given
    update(cur, maya, carer, email=EMAIL, consent=False)
    assert (
        the_carer(cur, maya, family).contact_consent,
        the_carer(cur, maya, family).contact_consent_on,
    ) == (
        False,
        None,
    )
    update(cur, maya, carer, email=EMAIL, consent=True)
    assert the_carer(cur, maya, family).contact_consent_on == date(2026, 12, 3)


def test_saving_without_contact_keeps_the_stored_contact(cur, maya, family):
    carer = add(cur, maya, family, phone=PHONE, email=EMAIL, reminder_way="text", consent=True)
    families.update_caregiver(cur, maya, carer, "Alexa", "mother", expected_version=versions.ANY)
    found = the_carer(cur, maya, family)
    assert (found.name, found.phone, found.email, found.contact_consent_on) == ("Alexa", PHONE, EMAIL, TODAY)


def test_the_audit_says_what_changed_and_never_holds_the_phone_or_email(cur, maya, family):
    carer = add(cur, maya, family, phone=PHONE, email=EMAIL, consent=True)
    update(
        cur, maya, carer, phone="07700 900456", email="new@example.org", reminder_way="email", consent=False
    )
    details = audit_details(cur)
    assert '"contact_given": ["phone", "email"]' in details[0]
    assert '"contact_changed": ["phone", "email"]' in details[1]
    assert '"contact_consent": true' in details[1] and '"contact_consent_on"' in details[1]
    for detail in details:
        for secret in (PHONE, EMAIL, "07700 900456", "new@example.org", "900123", "900456", "example.org"):
            assert secret not in detail


def test_a_printed_reminder_line_says_the_way_but_email_and_text_only_with_consent():
    assert (
        reminder_line("Jo", "grandparent", "paper", False)
        == "Jo (grandparent) follows the sheet on the fridge"
    )
    assert reminder_line("Jo", "grandparent", "email", False) == ""
    assert "by email" in reminder_line("Jo", "grandparent", "email", True)
    assert reminder_line("Jo", "grandparent", None, True) == ""


def test_the_family_record_holds_the_contact_and_consent(cur, maya, family):
    lead = make_user(cur, "lead", role="lead", discipline=None)
    add(cur, maya, family, phone=PHONE, email=EMAIL, reminder_way="paper", consent=True)
    pdf = exchange.family_record_pdf(cur, lead, family)
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert PHONE in text and EMAIL in text and "The sheet on the fridge" in text
    assert "yes, 25 Nov 2026" in text
    with zipfile.ZipFile(io.BytesIO(exchange.family_record_zip(cur, lead, family))) as archive:
        carers = archive.read("csv/caregivers.csv").decode()
    assert PHONE in carers and EMAIL in carers and "contact_consent_on" in carers


def test_the_clinic_export_holds_the_contact_columns(cur, maya, family, tmp_path):
    lead = make_user(cur, "lead", role="lead", discipline=None)
    add(cur, maya, family, phone=PHONE, email=EMAIL, reminder_way="email", consent=True)
    exchange.export_clinic(cur, lead, tmp_path)
    carers = (tmp_path / "csv" / "caregivers.csv").read_text()
    assert "phone,email,reminder_way,contact_consent,contact_consent_on" in carers.splitlines()[0]
    assert f"{PHONE},{EMAIL},email,true,2026-11-25" in carers


def test_the_caregiver_handout_says_how_each_is_reminded_and_never_prints_a_number_or_address(
    cur, maya, family
):
    lead = make_user(cur, "lead", role="lead", discipline=None)
    settings.update_settings(cur, lead, {"clinic_contact": "Call 0161 496 0000, weekdays 9 to 5"})
    add(cur, maya, family, phone=PHONE, email=EMAIL, reminder_way="email", consent=True)
    families.add_caregiver(
        cur, maya, family, "Gran", "grandparent", contact=families.Contact(reminder_way="paper")
    )
    families.add_caregiver(
        cur,
        maya,
        family,
        "Ben",
        "father",
        contact=families.Contact(phone="07700 900999", reminder_way="text"),
    )
    sheet = printables.load_family_sheet(cur, maya, family, TODAY)
    reader = PdfReader(io.BytesIO(printables.caregiver_handout_pdf(sheet)))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "Keeping in touch" in text
    assert "Alex (mother) gets the phone reminders by email." in text
    assert "Gran (grandparent) follows the sheet on the fridge." in text
    assert "Ben (father)" not in text  # text messages, but no consent to be contacted
    assert "Call 0161 496 0000, weekdays 9 to 5" in text
    for secret in (PHONE, EMAIL, "07700 900999"):
        assert secret not in text


def test_a_handout_without_reminder_ways_or_clinic_line_has_no_keeping_in_touch(cur, maya, family):
    add(cur, maya, family, phone=PHONE, email=EMAIL)
    sheet = printables.load_family_sheet(cur, maya, family, TODAY)
    text = "".join(
        p.extract_text() for p in PdfReader(io.BytesIO(printables.caregiver_handout_pdf(sheet))).pages
    )
    assert "Keeping in touch" not in text
