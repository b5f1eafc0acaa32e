"""The template of each kind of import: the data sheet's headers and a sheet explaining every column."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from imports.columns import MEMBER_COLUMNS, ORGANIZATION_COLUMNS, RATING_COLUMNS
from imports.models import ImportKind

COLUMNS = {
    ImportKind.MEMBERS: MEMBER_COLUMNS,
    ImportKind.ORGANIZATIONS: ORGANIZATION_COLUMNS,
    ImportKind.RATINGS: RATING_COLUMNS,
}
TEXT_COLUMNS = {"card_number", "citizen_id", "phone", "code", "parent_code", "organization_code"}


def columns_of(kind):
    return COLUMNS[kind]


def template_bytes(kind, rows=()):
    """The .xlsx template of ``kind`` (with ``rows`` of values under the headers, for tests and demos)."""
    columns = COLUMNS[kind]
    workbook = Workbook()
    data = workbook.active
    data.title = _("Data")
    bold = Font(bold=True)
    for index, column in enumerate(columns, start=1):
        cell = data.cell(row=1, column=index, value=column.title)
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        letter = get_column_letter(index)
        data.column_dimensions[letter].width = max(14, len(column.title) + 2)
        if column.key in TEXT_COLUMNS:
            # Stored as text so Excel keeps the leading zeros of card numbers and citizen IDs.
            data.column_dimensions[letter].number_format = "@"
    data.freeze_panes = "A2"
    for row in rows:
        data.append(list(row))
    notes = workbook.create_sheet(_("Explanations"))
    notes.append([_("Column"), _("Required"), _("Allowed values or format"), _("Notes")])
    for cell in notes[1]:
        cell.font = bold
    for column in columns:
        allowed = "; ".join(str(label) for _value, label in column.choices)
        notes.append([column.title, _("Yes") if column.required else "", allowed, str(column.help)])
    for letter, width in zip("ABCD", (34, 10, 60, 70), strict=True):
        notes.column_dimensions[letter].width = width
    notes.append([])
    notes.append(
        [
            _(
                "Columns marked * are required. Headers are matched without regard to case, accents or spacing; "
                "other columns are ignored. Each import is checked whole before anything is written."
            )
        ]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
