"""Fail when a dependency pinned in pyproject.toml is a known-vulnerable version.

    python .ci/check_pins.py [--pyproject PATH] [--advisories PATH] [--registry]

Source: the vendored advisory list .ci/advisories.json (where each entry comes from is written
in it), because pip-audit cannot reach its vulnerability service from CI here. Every
dependency must be pinned with `==`; a pin inside an affected range exits 1.

--registry also asks the package index pip is configured with (`pip index versions`, the only
route to release metadata that works here: PyPI's JSON API is not reachable) whether a newer
patch release of the same series exists, and prints it as a notice: it does not fail, because
a new release alone says nothing about a vulnerability.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

ROOT = Path(__file__).resolve().parent.parent


def pins(pyproject: Path) -> tuple[dict[str, Version], list[str]]:
    """The pinned version of every dependency (main and optional), and those not pinned."""
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    lines = list(project.get("dependencies", []))
    for extra in project.get("optional-dependencies", {}).values():
        lines += extra
    pinned: dict[str, Version] = {}
    loose: list[str] = []
    for line in lines:
        requirement = Requirement(line)
        specs = list(requirement.specifier)
        if len(specs) != 1 or specs[0].operator != "==" or "*" in specs[0].version:
            loose.append(line)
            continue
        pinned[canonicalize_name(requirement.name)] = Version(specs[0].version)
    return pinned, loose


def affected(version: Version, ranges: list[dict[str, str]]) -> bool:
    for span in ranges:
        introduced = Version(span.get("introduced", "0"))
        fixed = span.get("fixed")
        if version >= introduced and (fixed is None or version < Version(fixed)):
            return True
    return False


def vulnerable(pinned: dict[str, Version], advisories: list[dict]) -> list[str]:
    found = []
    for advisory in advisories:
        name = canonicalize_name(advisory["package"])
        version = pinned.get(name)
        if version is not None and affected(version, advisory["affected"]):
            fixed = [span["fixed"] for span in advisory["affected"] if "fixed" in span]
            found.append(
                f"{name}=={version}: {advisory['id']} {advisory['summary']} "
                f"(fixed in {', '.join(fixed)}; {advisory['url']})"
            )
    return found


def newer_patches(pinned: dict[str, Version]) -> list[str]:
    """Newer releases of the same major.minor series, from the configured package index."""
    notices = []
    for name, version in sorted(pinned.items()):
        result = subprocess.run(
            [sys.executable, "-m", "pip", "index", "versions", name],
            capture_output=True,
            text=True,
            timeout=60,
        )
        match = re.search(r"Available versions: (.+)", result.stdout)
        if result.returncode != 0 or not match:
            notices.append(f"{name}: the package index did not answer")
            continue
        newer = []
        for text in match.group(1).split(", "):
            try:
                candidate = Version(text.strip())
            except InvalidVersion:
                continue
            same_series = candidate.release[:2] == version.release[:2]
            if same_series and candidate > version and not candidate.is_prerelease:
                newer.append(candidate)
        if newer:
            notices.append(f"{name}=={version}: newer in the series: {max(newer)}")
    return notices


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pyproject", type=Path, default=ROOT / "pyproject.toml")
    parser.add_argument("--advisories", type=Path, default=ROOT / ".ci" / "advisories.json")
    parser.add_argument("--registry", action="store_true")
    args = parser.parse_args(argv)
    pinned, loose = pins(args.pyproject)
    advisories = json.loads(args.advisories.read_text(encoding="utf-8"))["advisories"]
    problems = [f"not pinned with ==: {line}" for line in loose]
    problems += vulnerable(pinned, advisories)
    for problem in problems:
        print(f"FAIL {problem}")
    if args.registry:
        for notice in newer_patches(pinned):
            print(f"NOTICE {notice}")
    if problems:
        return 1
    print(f"{len(pinned)} pins checked against {len(advisories)} advisories: none affected.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
