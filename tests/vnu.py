"""The Nu HTML Checker for the browser tests (a pytest plugin loaded by the root conftest).

``vnu.jar`` is ``$VNU_JAR`` when set, else the one ``scripts/ensure-vnu`` (run by ``make test``)
installed under ``var/vnu``; it runs on ``java``. Without either, the tests that need the
``vnu`` fixture are skipped and the run ends with one line saying so; under
``REQUIRE_SERVICES=1`` they fail instead.
"""

import functools
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import services_required

LOCAL_JAR = Path(__file__).resolve().parent.parent / "var/vnu/node_modules/vnu-jar/build/dist/vnu.jar"
HOW_TO_INSTALL = "install Java (`apt-get install default-jre-headless`) and npm, then run `scripts/ensure-vnu`"

_SKIPPED = pytest.StashKey[int]()


@functools.cache
def vnu_command():
    """``[java, -jar, vnu.jar]``, or None when Java or the jar is missing."""
    java = shutil.which("java")
    jar = Path(os.environ.get("VNU_JAR") or LOCAL_JAR)
    if java is None or not jar.is_file():
        return None
    return [java, "-jar", str(jar)]


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    needing = [item for item in items if "vnu" in getattr(item, "fixturenames", ())]
    if not needing or services_required() or vnu_command():
        return
    skip = pytest.mark.skip(reason="Java or vnu.jar not found (the end of the run says how to install them)")
    for item in needing:
        item.add_marker(skip)
    config.stash[_SKIPPED] = len(needing)


def pytest_terminal_summary(terminalreporter, config):
    skipped = config.stash.get(_SKIPPED, 0)
    if skipped:
        terminalreporter.write_line(
            f"Nu HTML Checker not found, so {skipped} tests of the HTML check were skipped: {HOW_TO_INSTALL}"
        )


@pytest.fixture
def vnu(tmp_path):
    """``check({name: html})`` → the checker's errors, as ``"name:line: message"`` strings (one Java run)."""
    command = vnu_command()
    if command is None:
        pytest.fail(f"REQUIRE_SERVICES=1 but the Nu HTML Checker was not found: {HOW_TO_INSTALL}")

    def check(pages):
        names = {}
        for index, (name, html) in enumerate(pages.items()):
            path = tmp_path / f"page{index}.html"
            path.write_text(html, encoding="utf-8")
            names[path.name] = name
        arguments = [*command, "--errors-only", "--format", "json", *(str(tmp_path / file) for file in names)]
        run = subprocess.run(arguments, capture_output=True, text=True, timeout=300)
        messages = json.loads(run.stderr or run.stdout or '{"messages": []}')["messages"]
        return [
            f"{names.get(Path(m.get('url', '')).name, m.get('url'))}:{m.get('lastLine')}: {m['message']}"
            for m in messages
            if m.get("type") == "error" or m.get("subType") == "fatal"
        ]

    return check
