"""Shared fixtures: a fresh database per test, never the default file."""

import shutil
from datetime import date

import pytest
import streamlit as st

from lib import db
from lib.auth import hash_password
from lib.demo import build_demo
from lib.models import Actor

TODAY = date(2026, 11, 25)
FAST_HASH = hash_password("password1")  # one real hash, reused by factories


@pytest.fixture(autouse=True)
def isolated_database(tmp_path, monkeypatch):
    """Point the app at a temporary file and start every test with empty Streamlit caches."""
    path = tmp_path / "test.duckdb"
    monkeypatch.setenv("HOME_PRACTICE_DB", str(path))
    monkeypatch.setenv("HOME_PRACTICE_TODAY", TODAY.isoformat())  # one clock, pinned
    st.cache_data.clear()
    st.cache_resource.clear()
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


def make_user(cur, username="therapist", role="therapist", discipline="OT", active=True):
    """Insert a user with password 'password1' and return its Actor."""
    user_id = cur.execute(
        "INSERT INTO users (username, display_name, role, discipline, password_hash, active)"
        " VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
        [username, username.title(), role, discipline, FAST_HASH, active],
    ).fetchone()[0]
    return Actor(user_id, username, username.title(), role, discipline)


def make_family(cur, name="Sam K.", therapist=None, discipline="OT", intake=date(2026, 9, 1)):
    """Insert a family, linked to a therapist when given, and return its id."""
    family_id = cur.execute(
        "INSERT INTO families (display_name, intake_date) VALUES (?, ?) RETURNING id", [name, intake]
    ).fetchone()[0]
    if therapist is not None:
        cur.execute(
            "INSERT INTO family_therapists (family_id, therapist_id, discipline) VALUES (?, ?, ?)",
            [family_id, therapist.id, discipline],
        )
    return family_id
