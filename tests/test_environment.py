"""environment.yml and pyproject.toml list the same dependencies; conda specs are well formed."""

from __future__ import annotations

import re
import tomllib

import yaml

from analysis.paths import PROJECT_ROOT

# A conda MatchSpec as we write it: name, optional version constraint(s).
CONDA_SPEC = re.compile(r"^[a-z0-9][a-z0-9_.\-]*(\s*(==|>=|<=|>|<|!=|=)\s*[0-9][0-9A-Za-z.*+]*(,\s*(==|>=|<=|>|<|!=)\s*[0-9][0-9A-Za-z.*+]*)*)?$")
PEP508 = re.compile(r"^([A-Za-z0-9][A-Za-z0-9_.\-]*)(\[[^\]]+\])?\s*(.*)$")


def _pyproject() -> dict[str, str]:
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]
    specs = list(project["dependencies"])
    for extra in ("test", "lab"):
        specs += project["optional-dependencies"][extra]
    out = {}
    for spec in specs:
        name, _, version = PEP508.match(spec).groups()
        out[name.lower().replace("_", "-")] = version.replace(" ", "")
    return out


def _environment() -> tuple[dict[str, str], list]:
    env = yaml.safe_load((PROJECT_ROOT / "environment.yml").read_text())
    conda, pip = {}, []
    for item in env["dependencies"]:
        if isinstance(item, dict):
            pip += item["pip"]
            continue
        match = re.match(r"^([A-Za-z0-9][A-Za-z0-9_.\-]*)\s*(.*)$", item)
        conda[match.group(1).lower()] = match.group(2).replace(" ", "")
    return conda, pip, env


def test_environment_matches_pyproject():
    conda, pip, _ = _environment()
    python = conda.pop("python")
    conda.pop("pip")
    assert conda == _pyproject(), "environment.yml and pyproject.toml list different dependencies or floors"
    requires = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    assert python == requires
    assert pip == ["-e ."]


def test_environment_is_conda_forge_only_and_well_formed():
    _, _, env = _environment()
    assert env["channels"] == ["conda-forge"]
    for item in env["dependencies"]:
        if isinstance(item, str):
            assert CONDA_SPEC.match(item), f"not a well-formed conda spec: {item!r}"
            assert "::" not in item, "packages come from conda-forge only"


def test_lock_pins_every_dependency():
    lock = {
        line.split("==")[0].lower().replace("_", "-"): line.split("==")[1]
        for line in (PROJECT_ROOT / "requirements.lock").read_text().splitlines()
        if "==" in line and not line.startswith("#")
    }
    for name in _pyproject():
        assert name in lock, f"{name} is not pinned in requirements.lock"
