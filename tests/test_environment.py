"""Set-up: no drift between pyproject.toml and environment.yml, the README's two commands, and
a Makefile that finds its own Python."""

from __future__ import annotations

import os
import re
import subprocess
import tomllib
from pathlib import Path

import yaml
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]
# conda-forge spells a few PyPI names differently
CONDA_TO_PYPI = {"pyahocorasick": "pyahocorasick", "lxml-html-clean": "lxml_html_clean"}


def _canon(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pyproject_requirements() -> dict[str, str]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    reqs = list(data["project"]["dependencies"]) + list(data["project"]["optional-dependencies"]["test"])
    out = {}
    for r in reqs:
        req = Requirement(r)
        out[_canon(req.name)] = str(req.specifier)
    return out


def _environment_requirements() -> tuple[dict[str, str], str | None]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    out, python = {}, None
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            for pipdep in dep["pip"]:
                if pipdep.startswith("-e"):
                    continue
                req = Requirement(pipdep)
                out[_canon(req.name)] = str(req.specifier)
            continue
        m = re.match(r"^([A-Za-z0-9_.\-]+)\s*(.*)$", dep)
        name, spec = m.group(1), m.group(2).strip()
        if name == "python":
            python = spec
            continue
        if name == "pip":
            continue
        name = CONDA_TO_PYPI.get(name, name)
        out[_canon(name)] = spec
    return out, python


def test_environment_yml_declares_the_same_packages_as_pyproject():
    py = _pyproject_requirements()
    env, python = _environment_requirements()
    py_names = {n.split("[")[0] for n in py}
    assert python == "=3.12", "environment.yml must pin python=3.12"
    assert set(env) == py_names, f"only in pyproject: {sorted(py_names - set(env))}; only in environment.yml: {sorted(set(env) - py_names)}"
    for name, spec in env.items():
        key = next(k for k in py if k.split("[")[0] == name)
        assert spec.replace(" ", "") == py[key].replace(" ", ""), f"{name}: environment.yml {spec!r} vs pyproject {py[key]!r}"


def test_design_card_packages_are_declared():
    py = {n.split("[")[0] for n in _pyproject_requirements()}
    for pkg in ["pandas", "scikit-learn", "matplotlib", "jupyterlab", "hazm", "pyarrow"]:
        assert pkg in py


def test_readme_starts_with_exactly_two_setup_free_commands():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    first_block = re.search(r"```(?:sh|bash|console)?\n(.*?)```", text, re.S)
    assert first_block, "README needs a code block with the two commands near the top"
    assert text.index(first_block.group(0)) < 1500, "the commands must be at the top of the README"
    commands = [ln.strip() for ln in first_block.group(1).splitlines() if ln.strip() and not ln.strip().startswith("#")]
    assert commands == ["make report", "make test"]


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^make test\b", ci, re.M)
    assert os.access(ROOT / ".ci" / "run", os.X_OK)


def test_find_python_fails_clearly_without_a_suitable_interpreter(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PYENV_ROOT": str(tmp_path / "nopyenv")}
    res = subprocess.run(["sh", str(ROOT / "scripts" / "find-python")], env=env, capture_output=True, text=True)
    if res.returncode == 0:  # this machine's system python is new enough: that is a valid answer too
        out = subprocess.run([res.stdout.strip(), "-c", "import sys; print(sys.version_info[:2] >= (3, 12))"], capture_output=True, text=True)
        assert out.stdout.strip() == "True"
    else:
        assert "no Python 3.12 or 3.13 interpreter found" in res.stderr
        assert "FRAMING_PYTHON" in res.stderr


def test_find_python_honours_framing_python_and_refuses_old_ones(tmp_path):
    fake = tmp_path / "python3"
    fake.write_text("#!/bin/sh\nexit 1\n")
    fake.chmod(0o755)
    res = subprocess.run(["sh", str(ROOT / "scripts" / "find-python")], env={**os.environ, "FRAMING_PYTHON": str(fake)}, capture_output=True, text=True)
    assert res.returncode != 0 and "not a working Python 3.12/3.13" in res.stderr


def test_generated_outputs_are_not_committed():
    ignore = (ROOT / ".gitignore").read_text()
    assert "data/processed/*" in ignore and "reports/*" in ignore
