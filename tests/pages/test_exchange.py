"""The import and export page through AppTest."""

import pytest

from tests.factories import query, user_id
from tests.pages.apptest import open_app

# --- the page ------------------------------------------------------------------------------


def test_the_lead_prepares_the_clinic_export_on_the_page_and_it_is_audited(demo_db):
    at = open_app(user_id(demo_db, "lead"), "pages/data_exchange.py")
    assert at.title[0].value == "Import and export"
    assert [s.value for s in at.subheader] == [
        "The whole clinic",
        "One family's record",
        "Import from spreadsheets",
    ]
    at.button(key="dx_clinic_zip_prepare").click().run()
    assert not at.error
    assert query(demo_db, "SELECT count(*) FROM audit_log WHERE action = 'export' AND entity = 'clinic'") == [
        (1,)
    ]
    assert at.session_state["_dx_clinic_zip"][:2] == b"PK"


def test_a_therapist_has_no_import_and_export_page(demo_db):
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        open_app(user_id(demo_db, "maya.ot"), "pages/data_exchange.py")
