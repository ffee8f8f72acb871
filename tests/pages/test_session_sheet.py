"""Session mode's fridge sheet (step 3) covers the days ahead, as the sheets page does (clock pinned)."""

from datetime import date

import pytest
from streamlit.elements.widgets.button import ButtonMixin

from lib import printables
from tests.factories import query, user_id
from tests.pages.apptest import open_app


@pytest.mark.parametrize(
    "today,first",
    [
        (date(2026, 11, 25), date(2026, 11, 25)),  # a Wednesday: from today, not Monday the 23rd
        (date(2026, 11, 29), date(2026, 11, 30)),  # a Sunday: next week
    ],
)
def test_the_session_fridge_sheet_starts_today_or_later(demo_db, monkeypatch, today, first):
    monkeypatch.setenv("HOME_PRACTICE_TODAY", today.isoformat())
    printed = []
    real = printables.fridge_sheet_pdf
    monkeypatch.setattr(
        printables,
        "fridge_sheet_pdf",
        lambda sheet, start, *a, **k: printed.append(start) or real(sheet, start, *a, **k),
    )
    offered, real_button = [], ButtonMixin.download_button

    def download_button(self, label, data, *args, **kwargs):
        if label.startswith("Fridge sheet"):
            offered.append(data)
        return real_button(self, label, data, *args, **kwargs)

    monkeypatch.setattr(ButtonMixin, "download_button", download_button)
    maya = user_id(demo_db, "maya.ot")
    family_id = query(
        demo_db,
        "SELECT a.family_id FROM assignments a JOIN family_therapists ft ON ft.family_id = a.family_id"
        " WHERE ft.therapist_id = ? AND a.status = 'active' ORDER BY a.family_id LIMIT 1",
        [maya],
    )[0][0]
    at = open_app(maya, "pages/session.py")
    at.selectbox(key="start_family").select(family_id).run()
    at.button(key="start_other").click().run()
    at.session_state["sess_step"] = 2
    at.run()
    assert at.get("download_button")[0].proto.label == "Fridge sheet for the week (PDF)"
    assert printed == []  # made on the click, not on each run of step 3 (1 s of the server's time)
    offered[-1]()  # the click
    assert printed == [first]
