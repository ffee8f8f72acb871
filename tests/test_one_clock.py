"""The tests' one clock is pinned for fixtures of every scope, not only inside each test."""

import pytest

from lib import clock
from tests.conftest import TODAY


@pytest.fixture(scope="module")
def day_seen_by_a_module_fixture():
    return clock.today()  # runs before the per-test pin of isolated_database


def test_a_module_scoped_fixture_sees_the_pinned_day_not_the_real_one(day_seen_by_a_module_fixture):
    assert day_seen_by_a_module_fixture == TODAY
    assert clock.today() == TODAY
