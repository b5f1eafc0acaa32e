"""The app layers hold: import-linter's contract (pyproject.toml) passes, and it bites.

The contract is checked on a copy of the project's Python files, so the test can
add an import against the order without touching the real tree.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _layers():
    import tomllib

    with open(BASE_DIR / "pyproject.toml", "rb") as config:
        return tomllib.load(config)["tool"]["importlinter"]


def _copy_project(target):
    """The packages the contract names, .py files only (no tests' data, no templates)."""
    for package in _layers()["root_packages"]:
        shutil.copytree(
            BASE_DIR / package,
            target / package,
            ignore=lambda folder, names: [
                name for name in names if not name.endswith(".py") and not (Path(folder) / name).is_dir()
            ],
        )
    shutil.copy(BASE_DIR / "pyproject.toml", target / "pyproject.toml")


def _lint(folder):
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=folder,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(folder)},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def project_copy(tmp_path_factory):
    folder = tmp_path_factory.mktemp("layers")
    _copy_project(folder)
    return folder


def test_the_layer_order_is_the_documented_one():
    layers = [contract for contract in _layers()["contracts"] if contract["type"] == "layers"]
    assert [layer for contract in layers for layer in contract["layers"]] == [
        "paperwork",
        "reports",
        "imports",
        "commitments",
        "directives | studies",
        "documents",
        "reviews",
        "notifications",
        "members",
        "organizations",
        "accounts | operations",
        "audit",
        "core",
    ]
    architecture = (BASE_DIR / "docs/architecture.md").read_text()
    assert (
        "core → audit → accounts | operations → organizations → members → notifications → reviews → documents"
        in architecture
    )


def test_the_project_keeps_its_layers(project_copy):
    result = _lint(project_copy)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Apps sit in layers KEPT" in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "message"),
    [
        ("core/probe.py", "import reports.models\n", "core is not allowed to import reports"),
        ("reviews/probe.py", "from commitments import services\n", "reviews is not allowed to import commitments"),
        ("accounts/probe.py", "from organizations.models import Organization\n", "accounts is not allowed"),
    ],
)
def test_an_import_against_the_order_breaks_the_contract(project_copy, module, line, message):
    probe = project_copy / module
    probe.write_text(line)
    try:
        result = _lint(project_copy)
    finally:
        probe.unlink()
    assert result.returncode != 0
    assert message in result.stdout
    assert "Apps sit in layers BROKEN" in result.stdout
