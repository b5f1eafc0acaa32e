"""The cycle report to the Executive Committee in the official layout, from the figures the reports app computes.

The figures are the same JSON values the report's page, print view and Excel
file show (``reports.cycle_report.build_figures``), live for the working copy
or frozen in a finalized version; only the layout is added here.
"""

from paperwork import bodies
from paperwork.layout import Heading, Paper, Table, Text, dotted
from paperwork.wording import words
from reports.cycle_report import not_reviewed_listed, remediation_listed, remediation_rows


def _level_blocks(levels, figures, heading, summary):
    text = words("cycle_report")
    blocks = [
        Heading(text[heading]),
        Text(
            text[summary].format(
                total=levels["total"], rated=levels["rated"], good=levels["good"], share=levels["good_share"]
            )
        ),
    ]
    compare = bool(figures.get("previous"))
    if compare and levels.get("previous_good_share") is not None:
        blocks.append(Text(text["previous"].format(cycle=figures["previous"], share=levels["previous_good_share"])))
    columns = list(text["level_columns"]) + (list(text["previous_columns"]) if compare else [])

    def cells(row):
        values = [row["label"], row["count"], "" if row["share"] is None else row["share"]]
        if compare:
            values += [row["previous_count"] or 0, "" if row["previous_share"] is None else row["previous_share"]]
        return tuple(values)

    rows = [cells(row) for row in levels["rows"]]
    rows.append((text["total"], levels["total"], "", *((levels["previous_total"] or "", "") if compare else ())))
    blocks.append(Table(tuple(columns), tuple(rows), widths=(5, 2, 2, 2, 2)[: len(columns)]))
    return blocks


def _directed_blocks(figures):
    text = words("cycle_report")
    if not figures["directed"]:
        return [Heading(text["directed"]), Text(text["not_directed"])]
    rows = []
    for row in figures["directed"]:
        conclusion = row["conclusion"] if row["concluded"] else text["not_concluded"]
        if row["concluded"] and row["redo_required"]:
            conclusion = f"{conclusion} {text['redo']}"
        rows.append((row["directive"], row["organization"], row["report"] or "", conclusion or ""))
    return [Heading(text["directed"]), Table(tuple(text["directed_columns"]), tuple(rows), widths=(3, 3, 2, 4))]


def _remediation_blocks(figures):
    text, remedy = words("cycle_report"), figures["remediation"]
    rows = [(row["organization"], *row["counts"]) for row in remediation_rows(figures)]
    rows.append((text["total"], *remedy["totals"]))
    columns = (text["organization_column"], *remedy["labels"])
    blocks = [Heading(text["remediation"]), Text(text["remediation_summary"].format(count=remedy["total"]))]
    if not remediation_listed(figures):
        blocks.append(Text(text["remediation_summarised"].format(count=len(remedy["rows"]))))
    return [*blocks, Table(columns, tuple(rows), widths=(4, *([1] * len(remedy["labels"]))))]


def _not_reviewed_blocks(figures):
    """Section V: the members not reviewed by reason, then by name, or by organization with where the names are."""
    text, missing = words("cycle_report"), figures["not_reviewed"]
    if not missing["by_reason"]:
        return [Heading(text["not_reviewed"]), Text(text["everyone_reviewed"])]
    blocks = [Heading(text["not_reviewed"])]
    blocks += [Text(text["by_reason"].format(reason=row["reason"], count=row["count"])) for row in missing["by_reason"]]
    if not_reviewed_listed(figures):
        rows = tuple((row["name"], row["organization"], row["reason"]) for row in missing["members"])
        blocks.append(Table(tuple(text["not_reviewed_columns"]), rows, widths=(4, 4, 4)))
        return blocks
    rows = tuple((row["organization"], row["count"]) for row in missing["by_organization"])
    blocks += [
        Text(text["not_reviewed_summarised"].format(count=missing["total"])),
        Table(tuple(text["by_organization_columns"]), (*rows, (text["total"], missing["total"])), widths=(8, 3)),
    ]
    return blocks


def cycle_report_paper(organization, figures, assessment, direction, *, day, date=None, version=None):
    """The report of ``figures`` for ``organization``'s scope; without a ``version`` it prints as a draft.

    ``day`` is the cycle's reference date: the report is issued under the committee's name then.
    """
    text = words("cycle_report")
    organization = bodies.as_on(day, organization)
    body = bodies.issuing_body(organization)
    meta = text["meta"].format(cycle=figures["cycle"], rules=figures["rule_set"], organization=figures["organization"])
    blocks = [Text(meta, italic=True)]
    if version:
        blocks.append(Text(text["version"].format(number=version), italic=True))
    blocks += _level_blocks(figures["organization_levels"], figures, "organizations", "organizations_summary")
    blocks += _level_blocks(figures["member_levels"], figures, "members", "members_summary")
    blocks += _directed_blocks(figures) + _remediation_blocks(figures) + _not_reviewed_blocks(figures)
    blocks += [Heading(text["assessment"]), *dotted(assessment), Heading(text["direction"]), *dotted(direction)]
    paper = Paper(
        header=bodies.header(organization, kind=words("kinds")["report"], date=date, year=figures["year"]),
        title=text["title"],
        subtitle=text["subtitle"].format(year=figures["year"]),
        blocks=blocks,
        recipients=(text["executive"].format(body=body), words("collective")["filed"].format(body=body)),
        signatures=(bodies.head_signature(organization),),
        draft=version is None,
    )
    return [paper]
