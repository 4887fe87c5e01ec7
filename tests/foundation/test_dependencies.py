"""The lock file `make install` uses holds every declared dependency, at a version that
satisfies its declaration; `make lint` (deptry) checks that declarations match the imports."""

from __future__ import annotations

import tomllib

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from frontdoor.config import PROJECT_ROOT


def _declared() -> list[Requirement]:
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]
    lines = project["dependencies"] + project["optional-dependencies"]["dev"]
    return [Requirement(line) for line in lines]


def _locked() -> dict[str, str]:
    pins = {}
    for line in (PROJECT_ROOT / "requirements.lock").read_text().splitlines():
        if line and not line.startswith((" ", "#")):
            name, version = line.split("==")
            pins[canonicalize_name(name)] = version.strip()
    return pins


@pytest.mark.parametrize("requirement", _declared(), ids=str)
def test_every_declared_dependency_is_locked_at_a_version_it_allows(
    requirement: Requirement,
) -> None:
    locked = _locked().get(canonicalize_name(requirement.name))
    assert locked is not None, f"{requirement.name} is not in requirements.lock: run make lock"
    assert requirement.specifier.contains(locked, prereleases=True), (
        f"requirements.lock has {requirement.name}=={locked}, pyproject.toml asks "
        f"{requirement.specifier}: run make lock"
    )
