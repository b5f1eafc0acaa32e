"""Without Chromium the browser tests are skipped with one line saying how to install it, or fail when required."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests import chromium

BASE_DIR = Path(__file__).resolve().parent.parent


def _run_probe(tmp_path, **variables):
    """Run the two probe tests with CHROMIUM pointed at a file that does not exist; (return code, output)."""
    env = {key: value for key, value in os.environ.items() if key != "REQUIRE_SERVICES"}
    env.update(CHROMIUM=str(tmp_path / "no-chromium"), **variables)
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "tests/chromium_probe.py"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return result.returncode, result.stdout + result.stderr


def test_without_chromium_the_browser_tests_are_skipped_with_one_line_saying_how_to_install_it(tmp_path):
    returncode, output = _run_probe(tmp_path)
    assert returncode == 0, output
    assert output.splitlines()[-1].startswith("2 skipped in")
    lines = [line for line in output.splitlines() if "playwright install chromium" in line]
    assert lines == [f"Chromium not found, so 2 browser tests were skipped: {chromium.HOW_TO_INSTALL}"]


def test_without_chromium_the_browser_tests_fail_when_services_are_required(tmp_path):
    returncode, output = _run_probe(tmp_path, REQUIRE_SERVICES="1")
    assert returncode == 1, output
    assert output.splitlines()[-1].startswith("2 errors in")
    assert "Failed: REQUIRE_SERVICES=1 but Chromium was not found" in output


@pytest.fixture
def without_debian_chromium(tmp_path, monkeypatch):
    monkeypatch.delenv("CHROMIUM", raising=False)
    monkeypatch.setattr(chromium, "DEBIAN_CHROMIUM", str(tmp_path / "no-chromium"))
    chromium.chromium_executable.cache_clear()
    yield
    chromium.chromium_executable.cache_clear()


def test_without_debian_chromium_the_one_playwright_downloaded_is_used(without_debian_chromium, tmp_path, monkeypatch):
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(tmp_path / "playwright"))
    downloaded = Path(chromium.downloaded_chromium())
    assert downloaded.is_relative_to(tmp_path / "playwright")
    assert chromium.chromium_executable() is None

    chromium.chromium_executable.cache_clear()
    downloaded.parent.mkdir(parents=True)
    downloaded.write_text("#!/bin/sh\n")
    downloaded.chmod(0o755)
    assert chromium.chromium_executable() == str(downloaded)
