"""The team-meeting sheet: short names that never collide, and flags that wrap instead of being cut."""

import io

import pandas as pd
from pypdf import PdfReader

from lib.figures import caseload, caseload_pdf
from tests.conftest import TODAY
from tests.factories import make_lead


def test_initials_grow_only_as_far_as_needed_to_tell_families_apart():
    names = ["Sam K.", "Sara K.", "Ruby P.", "Rosa P.", "Ava B."]
    assert caseload_pdf.short_names(names) == ["Sam.K.", "Sar.K.", "Ru.P.", "Ro.P.", "A.B."]


def test_the_last_name_grows_when_the_first_names_are_the_same():
    assert caseload_pdf.short_names(["Mia Kim", "Mia Kay"]) == ["Mia.Ki.", "Mia.Ka."]


def test_the_same_name_twice_is_numbered():
    assert caseload_pdf.short_names(["Ava B.", "Ava B."]) == ["A.B.", "A.B. (2)"]


def row(family, flags):
    return {
        "family": family,
        "disciplines": ["OT", "SLP"],
        "completion": 50.0,
        "trend": "down",
        "stage": "initial",
        "signal": "",
        "days_since_tick": 3.0,
        "flags": flags,
    }


def test_long_flags_wrap_whole_instead_of_being_cut():
    flags = [
        "too many minutes a day",
        "checklist incomplete",
        "gap too long",
        "task breaks a rule",
        "no intake explainer",
        "review overdue",
    ]
    table = pd.DataFrame([row("Sam K.", flags), row("Sara K.", ["gap too long"])])
    text = " ".join(
        PdfReader(io.BytesIO(caseload_pdf.caseload_pdf(table, TODAY, "Clinic")))
        .pages[0]
        .extract_text()
        .split()
    )
    assert "Sam.K." in text and "Sar.K." in text and "Sam K." not in text
    assert "review overdue" in text and "too many minutes a day" in text


def test_no_two_demo_families_share_a_label_on_the_team_sheet(demo_cur):
    view = caseload.overview(demo_cur, make_lead(demo_cur), caseload.last_complete_week(TODAY))
    names = view.table["family"].tolist()
    labels = caseload_pdf.short_names(names)
    assert len(set(labels)) == len(labels)
    assert sum(caseload.initials(a) == caseload.initials(b) for a in names for b in names if a < b) > 0


def test_the_caseload_flags_an_overdue_review(cur):
    from datetime import date

    from lib import assignments
    from tests.factories import make_assignment, make_family, make_user

    maya = make_user(cur, "maya")
    family = make_family(cur, therapist=maya)
    make_assignment(cur, family, maya, review_date=date(2026, 11, 10))
    view = caseload.overview(cur, maya, caseload.last_complete_week(TODAY))
    assert assignments.overdue_reviews(cur, maya, [family]).shape[0] == 1
    assert "review overdue" in view.table.loc[view.table["family_id"] == family, "flags"].iloc[0]
