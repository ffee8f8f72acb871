"""Streamlit's internals at one guarded edge: lib/web.py switches off the pages/ folder mode.

The design keeps the screens in pages/, which turns on Streamlit's older multipage mode (each
file of pages/ its own navigation, without app.py's sign-in and routing). These tests fail
loudly if a Streamlit upgrade drops the switch or stops reading it.
"""

import ast

import pytest
from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner import script_runner
from streamlit.testing.v1 import AppTest

from lib import web
from tests.factories import ROOT


@pytest.fixture(autouse=True)
def folder_mode_restored(monkeypatch):
    """Leave Streamlit's process-wide switch as the test found it."""
    monkeypatch.setattr(PagesManager, "uses_pages_directory", PagesManager.uses_pages_directory)


@pytest.fixture
def second_navigations(monkeypatch):
    """Record each run Streamlit hands to its pages/ folder mode instead of running the script."""
    seen = []
    monkeypatch.setattr(script_runner, "_mpa_v1", seen.append)
    return seen


def test_streamlit_turns_the_folder_mode_on_for_our_app_because_of_pages():
    PagesManager.uses_pages_directory = None
    PagesManager(str(ROOT / "app.py"), setup_watcher=False)
    assert PagesManager.uses_pages_directory is True


def test_the_web_server_switches_the_folder_mode_off_for_the_whole_process():
    PagesManager.uses_pages_directory = None
    web._no_folder_pages()
    PagesManager(str(ROOT / "app.py"), setup_watcher=False)  # a browser's session, started later
    assert PagesManager.uses_pages_directory is False


def test_with_the_folder_mode_on_a_run_goes_to_a_second_navigation_of_pages(tmp_path, second_navigations):
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "other.py").write_text("import streamlit as st\nst.write('other')\n")
    (tmp_path / "main.py").write_text("import streamlit as st\nst.write('main')\n")
    at = AppTest.from_file(str(tmp_path / "main.py")).run()  # AppTest lets PagesManager decide
    assert PagesManager.uses_pages_directory is True
    assert len(second_navigations) == 1 and not at.markdown


def test_with_the_folder_mode_off_a_run_is_the_script_itself(tmp_path, second_navigations):
    (tmp_path / "main.py").write_text("import streamlit as st\nst.write('main')\n")
    at = AppTest.from_file(str(tmp_path / "main.py")).run()
    assert PagesManager.uses_pages_directory is False
    assert second_navigations == [] and at.markdown[0].value == "main"


def test_streamlit_runtime_is_imported_in_one_place_only():
    files = [*ROOT.glob("lib/**/*.py"), *ROOT.glob("pages/*.py"), ROOT / "app.py"]
    importing = set()
    for path in files:
        for node in ast.walk(ast.parse(path.read_text())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            if any(n.startswith("streamlit.runtime") for n in names):
                importing.add(path.relative_to(ROOT).as_posix())
    assert importing == {"lib/web.py"}
