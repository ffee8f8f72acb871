"""Two people on one form: the second save is told "changed a moment ago" and overwrites nothing.

Each form remembers the version of the record it showed (lib/ui/form_versions.py); the lib
functions compare it (lib/versions.py). The family and task forms have their own tests.
"""

from datetime import timedelta

import pytest

from lib import ticks
from lib.errors import StaleVersion
from tests.conftest import TODAY
from tests.factories import (
    make_assignment,
    make_family,
    make_user,
)

DAY = TODAY - timedelta(days=1)


# --- lib: the tick details' save names what the form showed ----------------------------------


def test_tick_details_from_a_form_that_showed_the_day_unticked_do_not_overwrite_a_new_tick(cur):
    maya = make_user(cur, "maya")
    task = make_assignment(cur, make_family(cur, "Sam K.", maya), maya, start=TODAY - timedelta(days=7))
    ticks.record_tick(cur, maya, task, DAY, minutes=9)
    with pytest.raises(StaleVersion, match="changed a moment ago"):
        ticks.save_tick_details(cur, maya, task, DAY, None, minutes=3)
    assert ticks.get_tick(cur, maya, task, DAY).minutes == 9


def test_tick_details_save_against_the_version_shown_then_refuse_the_old_one(cur):
    maya = make_user(cur, "maya")
    task = make_assignment(cur, make_family(cur, "Sam K.", maya), maya, start=TODAY - timedelta(days=7))
    ticks.save_tick_details(cur, maya, task, DAY, None, minutes=4)
    ticks.save_tick_details(cur, maya, task, DAY, 1, minutes=6)
    with pytest.raises(StaleVersion):
        ticks.save_tick_details(cur, maya, task, DAY, 1, minutes=8)
    assert ticks.get_tick(cur, maya, task, DAY).minutes == 6
