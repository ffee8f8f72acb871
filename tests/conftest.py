"""Shared fixtures: a fresh database per test, never the default file; factories live in factories.py."""

import shutil
from datetime import date

import pytest
import streamlit as st
from hypothesis import settings

from lib import db, words
from lib.demo.clinic import build_demo
from tests.factories import make_family, make_user  # noqa: F401  (still imported from here by some tests)

# property tests: no example database written into the repository
settings.register_profile("home_practice", database=None)
settings.load_profile("home_practice")

TODAY = date(2026, 11, 25)  # the tests' one clock: HOME_PRACTICE_TODAY and the demo both use it


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory):
    """Build an empty database with every migration applied, once per test run (~160 ms each)."""
    path = tmp_path_factory.mktemp("migrated") / "migrated.duckdb"
    db.connect(path).close()  # closing checkpoints it: the file alone holds the schema
    return path


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
