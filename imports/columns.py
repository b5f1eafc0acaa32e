"""The columns of each kind of import: their headers, how a cell is read, what the template explains.

A header in the file is matched leniently (``header_key``: case, diacritics,
spacing, punctuation and a trailing note in brackets do not count) against the
column's label in Vietnamese and in English, so "Ngày sinh", "NGAY SINH" and
"ngày  sinh (dd/mm/yyyy)" all find the date of birth. A cell's reader returns
the Python value or raises ``CellError`` with a translated message.
"""

import datetime
import decimal
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.text import search_key
from imports.reader import Formula, as_text
from members.models import Member, MemberStatus, Sex
from organizations.models import Organization, OrganizationKind, Sector
from reviews.models import IndividualReview

LANGUAGES = ("vi", "en")
DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%d/%m/%y")
EXCEL_EPOCH = datetime.date(1899, 12, 30)


class CellError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def header_key(text):
    """The lenient form of a header: no brackets' note, no punctuation, no case, no diacritics."""
    text = re.sub(r"\(.*?\)|\[.*?\]", " ", as_text(text))
    return " ".join(re.sub(r"[^0-9a-z ]", " ", search_key(text)).split())


# -- cell readers --------------------------------------------------------------------------------------------------


def read_text(max_length):
    def read(value):
        text = as_text(value)
        if len(text) > max_length:
            raise CellError(_("At most %(count)d characters.") % {"count": max_length})
        return text

    return read


def read_date(value):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and 1 < value < 80000:  # an Excel serial day number
        return EXCEL_EPOCH + datetime.timedelta(days=int(value))
    text = as_text(value)
    for pattern in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise CellError(_("“%(value)s” is not a valid date (dd/mm/yyyy).") % {"value": text})


def _labels(choices):
    """Every way a choice may be written: its code and its label in each language, as search keys."""
    found = {}
    for value, label in choices:
        found[search_key(value.replace("_", " "))] = value
        for language in LANGUAGES:
            with translation.override(language):
                found[search_key(str(label))] = value
    return found


def read_choice(choices):
    known = {}  # filled on first use: the labels are translated, so not at import time

    def read(value):
        text = as_text(value)
        if not known:
            known.update(_labels(choices))
        found = known.get(search_key(text))
        if found is None:
            allowed = ", ".join(str(label) for _value, label in choices)
            raise CellError(_("“%(value)s” is not one of: %(allowed)s.") % {"value": text, "allowed": allowed})
        return found

    return read


_FLAG_WORDS = {}


def _flag_words():
    if not _FLAG_WORDS:
        yes, no = {"x", "1", "true", "yes"}, {"", "0", "false", "no"}
        for language in LANGUAGES:
            with translation.override(language):
                yes.add(search_key(_("Yes")))
                no.add(search_key(_("No")))
        _FLAG_WORDS.update(yes=yes, no=no)
    return _FLAG_WORDS["yes"], _FLAG_WORDS["no"]


def read_flag(value):
    if isinstance(value, bool):
        return value
    key = search_key(as_text(value))
    yes, no = _flag_words()
    if key in yes:
        return True
    if key in no:
        return False
    raise CellError(_("Write “x” or “Yes” for yes; leave it empty or write “No” for no."))


def read_card_number(value):
    text = as_text(value).replace(" ", "")
    if not re.fullmatch(r"[0-9A-Za-z.\-/]{1,20}", text):
        raise CellError(_("“%(value)s” is not a Party card number.") % {"value": text})
    return text


def read_digits(length):
    """Digits that Excel may have stored as a number, losing the leading zeros: they are put back."""

    def read(value):
        text = as_text(value).replace(" ", "").replace(".", "")
        if isinstance(value, int | float) and text.isdigit() and len(text) < length:
            text = text.zfill(length)
        return text

    return read


def read_phone(value):
    text = re.sub(r"[\s.\-()]", "", as_text(value))
    if isinstance(value, int | float) and len(text) == 9:
        text = "0" + text  # Excel dropped the leading zero of a mobile number
    if text and not re.fullmatch(r"\+?[0-9]{8,15}", text):
        raise CellError(_("“%(value)s” is not a phone number.") % {"value": as_text(value)})
    return text


def read_email(value):
    text = as_text(value)
    if text:
        try:
            validate_email(text)
        except ValidationError:
            raise CellError(_("“%(value)s” is not an email address.") % {"value": text}) from None
    return text


def read_score(value):
    """A score of 0 to 100, with one decimal at most: a number, or text with a decimal point or comma."""
    if isinstance(value, bool):
        raise CellError(_("“%(value)s” is not a number.") % {"value": as_text(value)})
    text = as_text(value).replace(",", ".").replace(" ", "")
    try:
        score = decimal.Decimal(text)
    except decimal.InvalidOperation:
        raise CellError(_("“%(value)s” is not a number.") % {"value": as_text(value)}) from None
    if not score.is_finite() or not 0 <= score <= 100:
        raise CellError(_("The score must be between 0 and %(max)s.") % {"max": 100})
    if score != score.quantize(decimal.Decimal("0.1")):
        raise CellError(_("A score has one decimal at most."))
    return score.quantize(decimal.Decimal("0.1"))


def read_code(value):
    text = as_text(value)
    if len(text) > 32:
        raise CellError(_("At most %(count)d characters.") % {"count": 32})
    return text


# -- columns -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: str
    label: object  # lazily translated header
    read: object
    required: bool = False
    help: object = ""
    choices: tuple = ()
    aliases: tuple = ()  # other headers (lazily translated) that name the column too

    def header_keys(self):
        keys = set()
        for language in LANGUAGES:
            with translation.override(language):
                keys.update(header_key(str(label)) for label in (self.label, *self.aliases))
        return keys

    @property
    def title(self):
        return capfirst(str(self.label)) + (" *" if self.required else "")


def _field(model, name, read, required=False, help="", choices=()):
    return Column(name, model._meta.get_field(name).verbose_name, read, required, help, choices)


DATE_HELP = gettext_lazy("A date as dd/mm/yyyy, or an Excel date.")
FLAG_HELP = gettext_lazy("“x” or “Yes” for yes; empty or “No” for no.")

MEMBER_COLUMNS = (
    _field(Member, "full_name", read_text(150), True),
    _field(Member, "date_of_birth", read_date, True, DATE_HELP),
    _field(Member, "sex", read_choice(Sex.choices), True, choices=Sex.choices),
    _field(Member, "card_number", read_card_number, True, gettext_lazy("Unique: a member is matched by it.")),
    _field(Member, "admission_date", read_date, True, DATE_HELP),
    _field(Member, "full_membership_date", read_date, help=DATE_HELP),
    Column(
        "organization_code",
        gettext_lazy("organization code"),
        read_code,
        True,
        gettext_lazy("The code of the branch or Party cell the member belongs to (see the organizations list)."),
    ),
    _field(Member, "party_position", read_text(150)),
    _field(Member, "government_position", read_text(150)),
    _field(Member, "mass_organization_position", read_text(150)),
    _field(Member, "is_leader", read_flag, help=FLAG_HELP),
    _field(Member, "works_in_political_system", read_flag, help=FLAG_HELP),
    _field(Member, "status", read_choice(MemberStatus.choices), choices=MemberStatus.choices),
    _field(Member, "status_since", read_date, help=DATE_HELP),
    _field(Member, "citizen_id", read_digits(12), help=gettext_lazy("12 digits (or 9 for an old identity card).")),
    _field(Member, "phone", read_phone),
    _field(Member, "email", read_email),
)

ORGANIZATION_COLUMNS = (
    _field(Organization, "code", read_code, True, gettext_lazy("Unique: an organization is matched by it.")),
    _field(Organization, "name", read_text(255), True),
    _field(Organization, "kind", read_choice(OrganizationKind.choices), True, choices=OrganizationKind.choices),
    _field(Organization, "sector", read_choice(Sector.choices), choices=Sector.choices),
    Column(
        "parent_code",
        gettext_lazy("superior organization code"),
        read_code,
        False,
        gettext_lazy("The code of the organization above it, in the database or higher up in this file."),
    ),
    Column("valid_from", gettext_lazy("founding date"), read_date, False, DATE_HELP),
    Column(
        "secretary",
        gettext_lazy("Party card number of the secretary"),
        read_card_number,
        False,
        gettext_lazy(
            "The card number of the member who is its secretary, attached to it or to an organization under it; "
            "the member's Party position becomes the secretary's."
        ),
        aliases=(gettext_lazy("secretary"),),
    ),
)


RATING_COLUMNS = (
    Column(
        "organization_code",
        gettext_lazy("organization code"),
        read_code,
        False,
        gettext_lazy("For an organization's rating: its code. Leave empty on a member's row."),
    ),
    Column(
        "card_number",
        gettext_lazy("Party card number"),
        read_card_number,
        False,
        gettext_lazy("For a member's rating: the card number. Leave empty on an organization's row."),
    ),
    Column(
        "level",
        gettext_lazy("rating level"),
        read_text(150),
        True,
        gettext_lazy("The level as the year's rule set names it (accents and case do not matter)."),
    ),
    # Optional: where the year's rule set rates with a 100-point score (QĐ 366), its two parts as reviews keep them.
    _field(
        IndividualReview, "general_score", read_score, help=gettext_lazy("Optional: a number up to the year's maximum.")
    ),
    _field(
        IndividualReview, "results_score", read_score, help=gettext_lazy("Optional: a number up to the year's maximum.")
    ),
)


@dataclass
class Mapping:
    """Which column of the file feeds which import column; ``ignored`` headers are not imported."""

    header_row: int = 0
    by_index: dict = None  # file column index → Column
    headers: dict = None  # file column index → the header as written
    ignored: list = None
    missing: list = None
    duplicated: list = None

    def as_report(self):
        from openpyxl.utils import get_column_letter

        return {
            "header_row": self.header_row,
            "columns": [
                {"letter": get_column_letter(index + 1), "header": self.headers[index], "field": column.title}
                for index, column in sorted(self.by_index.items())
            ],
            "ignored": self.ignored,
            "missing": [column.title for column in self.missing],
            "duplicated": self.duplicated,
        }


def match_headers(cells, columns):
    """The ``Mapping`` of a header row ``cells`` onto ``columns``."""
    keys = {key: column for column in columns for key in column.header_keys()}
    mapping = Mapping(by_index={}, headers={}, ignored=[], missing=[], duplicated=[])
    seen = {}
    for index, cell in enumerate(cells):
        text = as_text(cell)
        if not text:
            continue
        column = keys.get(header_key(text))
        if column is None:
            mapping.ignored.append(text)
        elif column.key in seen:
            mapping.duplicated.append(text)
        else:
            seen[column.key] = index
            mapping.by_index[index] = column
            mapping.headers[index] = text
    mapping.missing = [column for column in columns if column.required and column.key not in seen]
    return mapping


def is_formula(value):
    return isinstance(value, Formula)
