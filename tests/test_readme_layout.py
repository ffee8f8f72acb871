"""The README's layout is the map of lib/: every module is named where its folder is described."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAYOUT = ROOT.joinpath("README.md").read_text().split("## Layout", 1)[1].split("\n## ", 1)[0]


def entries(text):
    """Split the layout into its list entries (a line starting with '- ' or '  - ' and what follows)."""
    return re.split(r"\n\s*- ", "\n" + text)


def modules(folder):
    return sorted(p.stem for p in folder.glob("*.py") if p.stem not in ("__init__", "__main__"))


def test_every_kernel_module_at_the_top_of_lib_is_named():
    missing = [m for m in modules(ROOT / "lib") if f"`{m}`" not in LAYOUT and f"`lib/{m}.py`" not in LAYOUT]
    assert missing == []


def test_every_module_of_a_feature_package_is_named_in_its_packages_entry():
    missing = []
    for folder in sorted(p for p in (ROOT / "lib").iterdir() if (p / "__init__.py").exists()):
        if folder.name == "ui":
            continue  # one module per screen: the entry names the shared ones
        entry = next((e for e in entries(LAYOUT) if e.startswith(f"`lib/{folder.name}/`")), None)
        assert entry is not None, f"lib/{folder.name}/ has no entry in the README's layout"
        missing += [f"lib/{folder.name}/{m}.py" for m in modules(folder) if f"`{m}`" not in entry]
    assert missing == []


def test_the_shared_modules_of_lib_ui_are_named():
    entry = next(e for e in entries(LAYOUT) if e.startswith("`lib/ui/`"))
    for shared in ("database", "signin", "navigation", "messages", "fresh", "form_versions"):
        assert f"`{shared}`" in entry
