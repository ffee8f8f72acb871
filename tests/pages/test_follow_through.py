"""Follow-through flags on the session page through AppTest."""

from datetime import datetime, timedelta

from lib import db, sessions
from lib.sessions import follow_through
from tests.conftest import TODAY
from tests.factories import make_family, make_user
from tests.pages.apptest import open_app


def _at(days, hour=10):
    return datetime.combine(TODAY + timedelta(days=days), datetime.min.time()).replace(hour=hour)


def test_todays_list_on_the_session_page_shows_the_flag_of_a_later_booking(isolated_database):
    con = db.connect(isolated_database)
    with con.cursor() as cur:
        maya = make_user(cur, "maya")
        asked, plain = make_family(cur, "Sam K.", maya), make_family(cur, "Ida P.", maya)
        follow_through.request_confirmation(cur, maya, asked)
        sessions.book_session(cur, maya, asked, maya.id, "OT", _at(0, 15))
        sessions.book_session(cur, maya, plain, maya.id, "OT", _at(0, 16))
    con.close()
    at = open_app(maya, "pages/session.py")
    captions = [c.value for c in at.caption]
    assert sum("Practice to be confirmed by the family" in c for c in captions) == 1
