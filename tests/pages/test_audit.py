"""The audit page through AppTest."""

import pytest

from tests.factories import user_id
from tests.pages.apptest import open_app


def test_the_audit_page_shows_the_lead_every_entry_and_refuses_a_therapist(demo_db):
    at = open_app(user_id(demo_db, "lead"), "pages/audit.py")
    assert not at.exception
    assert at.title[0].value == "Audit log"
    assert len(at.dataframe) == 1 and len(at.dataframe[0].value) >= 0
    assert {"User", "Family", "Action"} <= {s.label for s in at.selectbox}
    at = open_app(user_id(demo_db, "maya.ot"))
    with pytest.raises(ValueError, match="navigation page"):  # not in a therapist's menu
        at.switch_page("pages/audit.py")
