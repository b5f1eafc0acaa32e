"""The printable documents by name: how each is loaded through the access module, built and named.

A document's URL names its kind and the id of the record it prints
(``/paperwork/collective/12/docx/``); the record is loaded with the access
module exactly as its page loads it, so a record out of the user's reach
answers 404 whatever is printed from it.
"""

from dataclasses import dataclass

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from accounts import access
from core.params import integer
from core.text import search_key
from directives import services as directive_services
from directives.models import Directive, ExplanationReport
from paperwork.content import cycle_report, directives, reviews
from reports.models import CycleReportVersion
from reviews.models import CollectiveReview, IndividualReview


def slug(text):
    return slugify(search_key(text))


@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    load: object  # (user, pk) -> the record, or Http404
    build: object  # (record, options: a QueryDict) -> [Paper]
    stem: object  # record -> the file name without its extension

    def papers(self, record, options=None):
        """The record's papers, worded in the product's language whatever the reader's interface."""
        with translation.override(settings.LANGUAGE_CODE):
            return self.build(record, options or {})


def collective_review(user, pk):
    queryset = CollectiveReview.objects.select_related("cycle__rule_set", "organization__parent")
    return access.get_or_404(queryset, user, pk=pk)


def individual_review(user, pk):
    queryset = IndividualReview.objects.select_related("cycle__rule_set", "organization__parent", "member")
    return access.get_or_404(queryset.prefetch_related("answers__manifestation"), user, pk=pk)


def directive(user, pk):
    # A directive is seen by its issuer's reach and, once issued, by its targets' (DirectiveQuerySet.visible_to).
    queryset = Directive.objects.visible_to(user).select_related("issuer__parent", "cycle", "standing_member")
    record = get_object_or_404(queryset, pk=pk)
    # Each target prints only its own details and named members, as its page shows them.
    record.reader_part = directive_services.part_seen_by(record, user)
    return record


def explanation_report(user, pk):
    queryset = ExplanationReport.objects.select_related(
        "directive__issuer", "directive__cycle", "organization__parent", "origin_organization"
    )
    return access.get_or_404(queryset, user, via="organization", pk=pk)


def _explanation_name(report):
    # A successor answering for a merged ward has two reports of one directive: the ward's code tells them apart.
    origin = f"-thay-{slug(report.origin_organization.code)}" if report.origin_organization_id else ""
    return f"bao-cao-giai-trinh-{slug(report.organization.code)}{origin}-{report.directive_id}"


def cycle_report_version(user, pk):
    queryset = CycleReportVersion.objects.select_related("report__cycle", "report__organization__parent")
    return access.get_or_404(queryset, user, via="report__organization", pk=pk)


def _copies(options):
    return integer(options.get("copies"))


def _prefilled(options):
    return options.get("blank") != "1"


def _version_papers(version, options):
    date = timezone.localdate(version.finalized_at) if version.finalized_at else None
    report = version.report
    return cycle_report.cycle_report_paper(
        report.organization,
        version.figures,
        version.assessment,
        version.direction,
        day=report.cycle.reference_date,
        date=date,
        version=version.number,
    )


def _code(review):
    return f"{review.cycle.year}-{slug(review.organization.code)}"


KINDS = {
    kind.name: kind
    for kind in (
        Kind("collective", _("Collective review (Form 01)"), collective_review, lambda r, o: reviews.collective_form(r),
             lambda r: f"mau-01-{_code(r)}"),
        Kind("individual", _("Individual review"), individual_review, lambda r, o: reviews.individual_form(r),
             lambda r: f"mau-{r.form.lower()}-{r.cycle.year}-{slug(r.member.full_name)}-{r.pk}"),
        Kind("minutes", _("Meeting minutes"), collective_review, lambda r, o: reviews.minutes(r),
             lambda r: f"bien-ban-hoi-nghi-{_code(r)}"),
        Kind("member-slips", _("Voting slips for rating the members"), collective_review,
             lambda r, o: reviews.member_slips(r, _prefilled(o), _copies(o)),
             lambda r: f"phieu-bieu-quyet-dang-vien-{_code(r)}"),
        Kind("organization-slips", _("Voting slips for rating the organizations"), collective_review,
             lambda r, o: reviews.organization_slips(r, _prefilled(o), _copies(o)),
             lambda r: f"phieu-bieu-quyet-to-chuc-{_code(r)}"),
        Kind("decision", _("Decision recognising the rating results"), collective_review,
             lambda r, o: reviews.decision(r), lambda r: f"quyet-dinh-cong-nhan-{_code(r)}"),
        Kind("directive", _("The directive as issued"), directive,
             lambda r, o: directives.directive_paper(r, r.reader_part),
             lambda r: f"goi-y-kiem-diem-{slug(r.number) or r.pk}"),
        Kind("explanation", _("Explanation report"), explanation_report,
             lambda r, o: directives.explanation_paper(r),
             _explanation_name),
        Kind("cycle-report-version", _("Cycle report"), cycle_report_version, _version_papers,
             lambda r: f"bao-cao-kiem-diem-{r.report.cycle.year}-{slug(r.report.organization.code)}-v{r.number}"),
    )
}  # fmt: skip


def get_or_404(name):
    try:
        return KINDS[name]
    except KeyError:
        raise Http404 from None
