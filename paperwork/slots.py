"""The print buttons paperwork shows on lower apps' pages, through ``core.slots`` (registered in ``apps.py``).

The buttons only link to paperwork's URLs; each URL loads its record through
the access module again.
"""

from django.template.loader import render_to_string
from django.urls import reverse

from paperwork import registry
from paperwork.content.reviews import form_code
from paperwork.models import Output

OUTPUTS = ("docx", "pdf")


def _document(kind, pk, detail="", blank=False):
    """A row of the print box: the document's label and its Word and PDF links (and blank ones for slips)."""
    urls = {output: reverse("paperwork:document", args=[kind, pk, output]) for output in OUTPUTS}
    row = {"label": registry.KINDS[kind].label, "detail": detail, "kind": kind, "urls": urls}
    if blank:
        row["blank_urls"] = {output: f"{url}?blank=1" for output, url in urls.items()}
    return row


def _render(context, data):
    data.setdefault("outputs", Output.choices)
    return render_to_string("paperwork/includes/_documents.html", data, request=context["request"])


def review_documents(context, kind, review):
    """Collective review: Mẫu 01, minutes, slips, decision, whole file; individual review: its form."""
    if kind == "individual":
        return _render(
            context, {"documents": [_document("individual", review.pk, form_code(review.cycle, review.form))]}
        )
    documents = [
        _document("collective", review.pk, form_code(review.cycle, "01")),
        _document("minutes", review.pk),
        _document("member-slips", review.pk, blank=True),
        _document("organization-slips", review.pk, blank=True),
        _document("decision", review.pk),
    ]
    return _render(context, {"documents": documents, "review_file": review})


def directive_documents(context, directive):
    return _render(context, {"documents": [_document("directive", directive.pk, directive.number)]})


def explanation_documents(context, report):
    return _render(context, {"documents": [_document("explanation", report.pk)]})


def cycle_report_documents(context, cycle, organization, versions=()):
    draft = {output: reverse("paperwork:cycle_report", args=[cycle.pk, organization.pk, output]) for output in OUTPUTS}
    documents = [{"label": registry.KINDS["cycle-report-version"].label, "detail": "", "urls": draft, "draft": True}]
    documents += [_document("cycle-report-version", version.pk, version.number) for version in versions]
    return _render(context, {"documents": documents})
