"""README's systemd unit: systemd accepts it, and it runs what `HOME_PRACTICE_DEMO=0 make run` runs."""

import configparser
import re
import shutil
import subprocess

import pytest

from tests.factories import ROOT

INSTALLED = "/opt/home-practice"  # where README installs the app


def readme_unit():
    return re.search(r"```ini\n(.*?)```", (ROOT / "README.md").read_text(), re.S).group(1)


def parsed(unit):
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # systemd keys are case-sensitive
    parser.read_string(unit)
    return parser["Service"]


def make_run_command():
    """The streamlit command of the Makefile's run target, with its default PORT and HOST."""
    makefile = (ROOT / "Makefile").read_text()
    defaults = dict(re.findall(r"^(PORT|HOST) \?= (\S+)$", makefile, re.M))
    command = re.search(r"^\t\$\(BIN\)/(streamlit run .*)$", makefile, re.M).group(1)
    return re.sub(r"\$\((PORT|HOST)\)", lambda m: defaults[m.group(1)], command)


def verify(unit, tmp_path):
    """Run `systemd-analyze verify` on the unit; return what it complained about ('' when nothing)."""
    tool = shutil.which("systemd-analyze")
    assert tool, "systemd-analyze is missing: `apt-get install systemd` (make test does it as root)"
    path = tmp_path / "home-practice.service"
    path.write_text(unit)
    done = subprocess.run([tool, "verify", str(path)], capture_output=True, text=True, timeout=120)
    return (done.stderr + ("" if done.returncode == 0 else f" (exit {done.returncode})")).strip()


def test_the_unit_runs_the_makefiles_command_from_the_install_folder():
    service = parsed(readme_unit())
    assert service["WorkingDirectory"] == INSTALLED
    assert service["ExecStart"] == f"{INSTALLED}/.venv/bin/{make_run_command()}"
    assert "--server.address 127.0.0.1" in service["ExecStart"]  # only the proxy reaches it


def test_the_unit_runs_a_real_clinic_as_its_own_user_and_restarts_on_failure():
    service = parsed(readme_unit())
    environment = dict(pair.split("=", 1) for pair in service["Environment"].split())
    assert environment["HOME_PRACTICE_DEMO"] == "0"
    assert service["User"] not in ("", "root")
    assert service["Restart"] == "on-failure"
    # the database and token, and the backups on another disk
    assert service["ReadWritePaths"].split() == [f"{INSTALLED}/data", environment["HOME_PRACTICE_BACKUP_DIR"]]


def test_systemd_accepts_the_unit(tmp_path):
    # installed here: the worktree stands in for /opt/home-practice, so ExecStart exists
    assert verify(readme_unit().replace(INSTALLED, str(ROOT)), tmp_path) == ""


@pytest.mark.parametrize(
    ("change", "complaint"),
    [((INSTALLED, "/nowhere"), "not executable"), (("Restart=on-failure", "Restart=sometimes"), "restart")],
)
def test_systemd_verify_catches_a_broken_unit(tmp_path, change, complaint):
    unit = readme_unit().replace(*change).replace(INSTALLED, str(ROOT))
    assert complaint in verify(unit, tmp_path)
