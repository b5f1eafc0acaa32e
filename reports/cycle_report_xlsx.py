"""The cycle report as an Excel workbook: one sheet per part, Vietnamese headers, frozen header rows."""

import io

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from core.exports import XLSX_CONTENT_TYPE, as_text, excel_value
from organizations import lineage


def _sheet(workbook, title, headers, rows, widths):
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append([str(h) for h in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        sheet.append([excel_value(value)[0] for value in row])
    for row in sheet.iter_rows():
        for cell in row:
            as_text(cell)
    sheet.freeze_panes = "A2"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    return sheet


def _named(row):
    """The row's organization as named on the cycle's date, today's name beside a changed one (one cell)."""
    return lineage.name_then_text(row.get("organization_then") or row["organization"])


def _level_rows(levels):
    rows = [
        (row["label"], row["count"], row["share"], row["previous_count"], row["previous_share"])
        for row in levels["rows"]
    ]
    good_label = levels.get("good_label") or _("In the good levels")  # figures frozen before the label lack it
    rows.append(
        (good_label, levels["good"], levels["good_share"], levels["previous_good"], levels["previous_good_share"])
    )
    rows.append((_("Total"), levels["total"], None, levels["previous_total"], None))
    return rows


def workbook_bytes(figures, assessment, direction, status):
    workbook = Workbook()
    workbook.remove(workbook.active)
    summary = _sheet(
        workbook,
        _("Overview of the report"),
        [_("Item"), _("Content")],
        [
            (_("Review cycle"), figures["cycle"]),
            (_("Scope"), _named(figures)),
            (_("Rule set"), figures["rule_set"]),
            (_("Compared with"), figures["previous"] or "—"),
            (_("Status"), status),
            (_("Prepared on"), figures["generated_on"]),
            (_("Assessment"), assessment),
            (_("Directions for the coming period"), direction),
        ],
        [34, 100],
    )
    for row in summary.iter_rows(min_row=2):
        row[1].alignment = Alignment(wrap_text=True, vertical="top")
    level_headers = [_("Level"), _("Number"), _("Share (%)"), _("Previous cycle"), _("Previous share (%)")]
    _sheet(
        workbook,
        _("Organization ratings"),
        level_headers,
        _level_rows(figures["organization_levels"]),
        [40, 10, 10, 14, 16],
    )
    _sheet(workbook, _("Member ratings"), level_headers, _level_rows(figures["member_levels"]), [40, 10, 10, 14, 16])
    _sheet(
        workbook,
        _("Directed organizations"),
        [_("Directive"), _("Organization"), _("Explanation report"), _("Conclusion"), _("Review to be redone")],
        [
            (row["directive"], _named(row), row["report"] or _("Not started"), row["conclusion"],
             _("Yes") if row["redo_required"] else "")
            for row in figures["directed"]
        ],
        [40, 36, 18, 60, 12],
    )  # fmt: skip
    remedy = figures["remediation"]
    _sheet(
        workbook,
        _("Remediation"),
        [_("Organization"), *remedy["labels"]],
        [*[(_named(row), *row["counts"]) for row in remedy["rows"]], (_("Total"), *remedy["totals"])],
        [40, *[14] * len(remedy["labels"])],
    )
    _sheet(
        workbook,
        _("Members not reviewed"),
        [_("Full name"), _("Organization"), _("Reason")],
        [(row["name"], _named(row), row["reason"]) for row in figures["not_reviewed"]["members"]],
        [30, 40, 60],
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(figures, assessment, direction, status, filename):
    response = HttpResponse(workbook_bytes(figures, assessment, direction, status), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
