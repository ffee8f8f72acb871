"""The clinic's date format on the pages, through AppTest."""

from tests.factories import query, user_id
from tests.pages.apptest import open_app


def test_changing_the_setting_changes_the_dates_on_the_family_page(demo_db):
    family_id, intake = query(demo_db, "SELECT id, intake_date FROM families ORDER BY id LIMIT 1")[0]
    lead = user_id(demo_db, "lead")
    at = open_app(lead, "pages/settings.py")
    at.selectbox(key="set_date_format").set_value("mm/dd/yyyy")
    at.button[0].click().run()
    assert "Saved 1 change" in at.success[0].value
    at = open_app(lead, "pages/family.py", tab="Sessions", family=family_id)  # the booking form's tab
    assert f"Intake {intake:%m/%d/%Y}" in at.caption[0].value
    assert at.date_input  # and the date boxes ask in the same order
    assert at.date_input[0].proto.format == "MM/DD/YYYY"
