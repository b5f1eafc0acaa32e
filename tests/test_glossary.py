"""One Vietnamese word per concept across every app's Vietnamese catalog.

The glossary follows the project's domain glossary (verification is "thẩm định", a draft is a "dự thảo"...).
Each row: the English concept, the one Vietnamese word, the alternatives no catalog may use for it, which
msgids must carry the word (a regular expression over the English msgid) and where the alternatives are
forbidden (None: in every entry). A second word for the same concept fails here, in any app.
"""

import re
from dataclasses import dataclass
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
CATALOGS = sorted(
    path for path in ROOT.glob("*/locale/vi/LC_MESSAGES/django.po") if not path.is_relative_to(ROOT / ".venv")
)


@dataclass(frozen=True)
class Term:
    concept: str
    word: str
    forbidden: tuple[str, ...]
    required_for: str | None  # msgids (regex, case-insensitive) whose translation must use the word
    forbidden_in: str | None = None  # msgids (regex) where the alternatives are refused; None = everywhere
    other_sense: str | None = None  # msgids (regex) using the English word for another concept


GLOSSARY = (
    # "Wording verified" is the official form's wording checked (đối chiếu), not a commitment's verification.
    Term(
        "Verification, verified",
        "thẩm định",
        ("xác minh", "kiểm tra, xác nhận"),
        r"verif",
        other_sense=r"wording verified|verified wording",
    ),
    Term("Draft", "dự thảo", ("bản nháp", "nháp"), r"\bdrafts?\b"),
    # A password accepted at login is a correct password, not a report accepted.
    Term("Accept, accepted", "chấp nhận", ("tiếp nhận",), r"\baccept", other_sense=r"password|second factor"),
    Term("Sector of an organization", "khối", ("lĩnh vực",), r"\bsectors?\b"),
    # The parent FIELD: a chi bộ without a chi ủy has no cấp ủy, so the field names the organization.
    Term(
        "Superior organization (the parent field)",
        "tổ chức đảng cấp trên",
        ("cấp ủy cấp trên", "tổ chức cấp trên"),
        r"superior organization",
        forbidden_in=r"superior organization",
    ),
    # The KIND of a committee such as a Thành ủy: a cấp ủy indeed, so kept apart from the parent field.
    Term("Superior committee (the organization kind)", "cấp ủy cấp trên", (), r"superior committee"),
    # Users are addressed as "đồng chí", never "bạn".
    Term("Addressing the user", "đồng chí", ("bạn",), None),
)


def _entries():
    for path in CATALOGS:
        app = path.relative_to(ROOT).parts[0]
        for entry in polib.pofile(str(path)):
            if entry.obsolete:
                continue
            texts = [entry.msgstr, *entry.msgstr_plural.values()]
            yield app, entry.msgid, [text for text in texts if text]


def _has(word, text):
    return re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text, re.IGNORECASE) is not None


def test_every_app_catalog_is_checked():
    assert len(CATALOGS) >= 10


@pytest.mark.parametrize("term", GLOSSARY, ids=lambda term: term.concept)
def test_one_word_per_concept(term):
    problems = []
    for app, msgid, texts in _entries():
        for text in texts:
            required = term.required_for and re.search(term.required_for, msgid, re.IGNORECASE)
            if term.other_sense and re.search(term.other_sense, msgid, re.IGNORECASE):
                required = False
            if required and not _has(term.word, text):
                problems.append(f"{app}: {msgid!r} → {text!r} does not say “{term.word}”")
            in_scope = term.forbidden_in is None or re.search(term.forbidden_in, msgid, re.IGNORECASE)
            for other in term.forbidden if in_scope else ():
                if _has(other, text):
                    problems.append(f"{app}: {msgid!r} → {text!r} says “{other}” instead of “{term.word}”")
    assert not problems, "\n".join(problems)


def test_the_glossary_itself_fails_on_a_second_word():
    verified = GLOSSARY[0]
    assert any(_has(other, "Đã xác minh") for other in verified.forbidden)
    assert _has("bạn", "Bạn chưa có thông báo nào.")
    assert not _has("bạn", "Đồng chí chưa có thông báo nào.")
