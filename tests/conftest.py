"""Shared fixtures: a fresh database per test, never the default file; factories live in factories.py."""

import os
import shutil
from datetime import date

import pytest
import streamlit as st
from argon2 import PasswordHasher
from hypothesis import settings

from lib import db, words
from lib.accounts import auth
from lib.demo.clinic import build_demo
from tests import factories
from tests.factories import make_family, make_user  # noqa: F401  (still imported from here by some tests)

# property tests: no example database written into the repository
settings.register_profile("home_practice", database=None)
settings.load_profile("home_practice")

TODAY = date(2026, 11, 25)  # the tests' one clock: HOME_PRACTICE_TODAY and the demo both use it
# pinned for every fixture, whatever its scope: a module's fixture (a browser test's clinic, its
# chronic family) runs before the per-test pin in isolated_database, and must not see the real date
os.environ["HOME_PRACTICE_TODAY"] = TODAY.isoformat()

# Argon2 at the app's cost is ~0.2 s of CPU per hash or check; the lib tests hash and check
# hundreds of passwords. They run on cheap parameters (the same code, the same argon2id format),
# set by `cheap_argon2` below, never by a switch in lib/. Tests whose point needs the real cost
# (threads racing while a password is checked) ask for `real_argon2`. The page and browser tiers,
# the demo clinic and tests.factories.FAST_HASH keep the app's cost: a server checking a cheap
# hash would re-hash it at sign-in and so end that user's other sessions.
CHEAP_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
CHEAP_HASH = CHEAP_HASHER.hash("password1")  # make_user's password, as factories.FAST_HASH
CHEAP_DUMMY = CHEAP_HASHER.hash("no such user, no such password")


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory):
    """Build an empty database with every migration applied, once per test run (~160 ms each)."""
    path = tmp_path_factory.mktemp("migrated") / "migrated.duckdb"
    db.connect(path).close()  # closing checkpoints it: the file alone holds the schema
    return path


@pytest.fixture
def real_argon2():
    """Check passwords at the app's own argon2 cost in this test (see CHEAP_HASHER)."""


@pytest.fixture(autouse=True)
def cheap_argon2(request, monkeypatch):
    """Hash and check passwords on cheap argon2 parameters in a lib test (see CHEAP_HASHER)."""
    tier = request.node.path.relative_to(request.config.rootpath).parts[:2]
    if "real_argon2" in request.fixturenames or tier in (("tests", "pages"), ("tests", "e2e")):
        return
    monkeypatch.setattr(auth, "_hasher", CHEAP_HASHER)
    monkeypatch.setattr(auth, "_DUMMY_HASH", CHEAP_DUMMY)
    monkeypatch.setattr(factories, "FAST_HASH", CHEAP_HASH)


@pytest.fixture(autouse=True)
def isolated_database(migrated_template, tmp_path, monkeypatch):
    """Point the app at a private copy of the migrated database; start with empty Streamlit caches."""
    path = tmp_path / "test.duckdb"
    shutil.copy(migrated_template, path)
    monkeypatch.setenv("HOME_PRACTICE_DB", str(path))
    monkeypatch.setenv("HOME_PRACTICE_TODAY", TODAY.isoformat())  # one clock, pinned
    st.cache_data.clear()
    st.cache_resource.clear()
    words.use_date_format(words.DATE_FORMAT)  # a test that set another format leaves no trace
    yield path
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def con(isolated_database):
    connection = db.connect(isolated_database)
    yield connection
    connection.close()


@pytest.fixture
def cur(con):
    with con.cursor() as cursor:
        yield cursor


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory):
    """Build the demo clinic once per test run; tests get their own copy."""
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    connection = db.connect(path)
    build_demo(connection, families=40, weeks=26, seed=7, today=TODAY)
    connection.execute("CHECKPOINT")
    connection.close()
    return path


@pytest.fixture
def demo_db(demo_template, isolated_database):
    """A private copy of the demo clinic at the test's database path."""
    shutil.copy(demo_template, isolated_database)
    return isolated_database


@pytest.fixture
def demo_cur(demo_db):
    connection = db.connect(demo_db)
    with connection.cursor() as cursor:
        yield cursor
    connection.close()
