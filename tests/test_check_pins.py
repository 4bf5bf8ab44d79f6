"""The CI step that fails on a known-vulnerable pin (.ci/check_pins.py)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("check_pins", ROOT / ".ci" / "check_pins.py")
check_pins = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check_pins)


def project(tmp_path: Path, *dependencies: str) -> Path:
    path = tmp_path / "pyproject.toml"
    lines = ", ".join(f'"{d}"' for d in dependencies)
    path.write_text(f'[project]\nname = "x"\ndependencies = [{lines}]\n', encoding="utf-8")
    return path


def test_the_project_pins_pass(capsys) -> None:
    assert check_pins.main([]) == 0
    assert "none affected" in capsys.readouterr().out


def test_a_vulnerable_pin_fails(tmp_path, capsys) -> None:
    pyproject = project(tmp_path, "Django==5.2.7", "gunicorn==23.0.0")
    assert check_pins.main(["--pyproject", str(pyproject)]) == 1
    out = capsys.readouterr().out
    assert "django==5.2.7: PYSEC-2025-108" in out and "gunicorn" not in out


def test_a_fixed_release_passes_and_a_loose_pin_fails(tmp_path, capsys) -> None:
    assert check_pins.main(["--pyproject", str(project(tmp_path, "Django==5.2.15"))]) == 0
    assert check_pins.main(["--pyproject", str(project(tmp_path, "Django>=5.2"))]) == 1
    assert "not pinned with ==" in capsys.readouterr().out


def test_every_advisory_says_where_it_came_from() -> None:
    data = json.loads((ROOT / ".ci" / "advisories.json").read_text(encoding="utf-8"))
    for advisory in data["advisories"]:
        assert advisory["url"].startswith("https://") and advisory["affected"], advisory["id"]
