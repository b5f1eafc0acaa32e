"""Translations are complete and compiled, both languages render, no migration is pending."""

from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

BASE_DIR = Path(settings.BASE_DIR)


def catalogs(language):
    """Every django.po of ``language``: one per app (``<app>/locale``) and the root ``locale/``."""
    pattern = f"locale/{language}/LC_MESSAGES/django.po"
    found = sorted([*BASE_DIR.glob(f"*/{pattern}"), *BASE_DIR.glob(pattern)])
    return [path for path in found if ".venv" not in path.relative_to(BASE_DIR).parts]


def _ids(paths):
    return [str(path.relative_to(BASE_DIR)) for path in paths]


VI_CATALOGS = catalogs("vi")
ALL_CATALOGS = VI_CATALOGS + catalogs("en")


def test_the_project_has_vietnamese_catalogs_for_core_accounts_and_the_root():
    found = set(_ids(VI_CATALOGS))
    for expected in ("core", "accounts", "."):
        assert str(Path(expected) / "locale/vi/LC_MESSAGES/django.po") in found


@pytest.mark.parametrize("path", VI_CATALOGS, ids=_ids(VI_CATALOGS))
def test_every_vietnamese_entry_is_translated_and_not_fuzzy(path):
    catalog = polib.pofile(str(path))
    assert not catalog.metadata_is_fuzzy, "the header is fuzzy: msgfmt would drop the charset"
    problems = []
    for entry in catalog:
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {entry.msgid!r}")
        elif entry.msgid_plural:
            if not entry.msgstr_plural or not all(entry.msgstr_plural.values()):
                problems.append(f"untranslated plural: {entry.msgid!r}")
        elif not entry.msgstr.strip():
            problems.append(f"untranslated: {entry.msgid!r}")
    assert not problems, "\n".join(problems)


def _translations(entries):
    result = {}
    for entry in entries:
        if not entry.msgid or entry.obsolete or "fuzzy" in entry.flags:
            continue
        key = (entry.msgctxt, entry.msgid)
        if entry.msgid_plural:
            if any(entry.msgstr_plural.values()):
                result[key] = tuple(entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural))
        elif entry.msgstr:
            result[key] = entry.msgstr
    return result


@pytest.mark.parametrize("path", ALL_CATALOGS, ids=_ids(ALL_CATALOGS))
def test_compiled_catalog_matches_its_source(path):
    compiled = path.with_suffix(".mo")
    assert compiled.exists(), f"{compiled} is missing: run make messages"
    assert _translations(polib.mofile(str(compiled))) == _translations(polib.pofile(str(path)))


def test_gettext_gives_vietnamese_and_english():
    with translation.override("vi"):
        assert translation.gettext("Log in") == "Đăng nhập"
    with translation.override("en"):
        assert translation.gettext("Log in") == "Log in"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "title"),
    [
        (None, "Đăng nhập · Theo dõi kiểm điểm"),
        ("vi", "Đăng nhập · Theo dõi kiểm điểm"),
        ("en", "Log in · Review tracker"),
    ],
)
def test_login_page_title_renders_in_the_chosen_language(client, language, title):
    if language:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(reverse("login"), headers={"accept-language": "en"})
    assert f"<title>{title}</title>" in response.content.decode()


@pytest.mark.django_db
def test_no_migration_is_pending():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
