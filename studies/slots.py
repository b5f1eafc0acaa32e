"""What studies adds to the annual reviews (registered in ``apps.py``).

* The slot ``review.study`` on a review's page: a member's study and essay
  record (the individual review), or the organization's sessions, attendance
  and essays (the collective review), for the plans of the cycle's year.
* ``reviews.hooks.section_prefills``: section I of a review opened for
  editing with that section still empty starts with the same record in words.
  Section I (strengths and results) is where Mẫu 01 and 2A/2B/2C report the
  political and ideological work, studying the resolutions included.
"""

import datetime

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from accounts import access
from reviews.models import IndividualReview
from studies.figures import percent, plan_rows
from studies.models import HANDED_IN, Attendance, AttendanceStatus, Essay, StudyPlan, in_line_with

PREFILLED_SECTION = "strengths"


def plans_of(year):
    """The plans whose period meets ``year``: what a review of that year reports on."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return StudyPlan.objects.filter(starts_on__lte=last, ends_on__gte=first).select_related("document")


def member_record(member, year, user=None):
    """A member's attendance and essays under the plans of ``year`` (in ``user``'s reach when given: a member
    who moved keeps a record of sessions held elsewhere)."""
    plans = plans_of(year)
    attendance = Attendance.objects.filter(member=member, session__plan__in=plans)
    essays = Essay.objects.filter(member=member, plan__in=plans)
    if user is not None:
        attendance = access.scope(attendance, user, via="session__organization")
        essays = access.scope(essays, user)
    attendance = list(
        attendance.select_related("session__plan__document", "session__organization").order_by("session__held_on", "pk")
    )
    essays = list(essays.select_related("plan__document"))
    counts = {status: sum(row.status == status for row in attendance) for status in AttendanceStatus.values}
    handed_in = sum(essay.status in HANDED_IN for essay in essays)
    return {"year": year, "attendance": attendance, "essays": essays, "counts": counts, "handed_in": handed_in}


def organization_record(organization, year):
    """Per plan of ``year`` studied under ``organization``: its sessions, attendance and essays there."""
    plans = list(plans_of(year).filter(in_line_with(organization.path, "applies_to")).order_by("starts_on", "pk"))
    rows = [row for row in plan_rows(plans, under=organization) if row["sessions"]["count"] or row["asked"]["count"]]
    totals = {
        key: sum(row[key]["count"] for row in rows)
        for key in ("sessions", "recorded", "present", "excused", "absent", "asked", "owed", "received")
    }
    totals["attendance_rate"] = percent(totals["present"], totals["recorded"])
    return {"year": year, "organization": organization, "rows": rows, "totals": totals}


def study_record(context, review):
    """The slot ``review.study``: the record for an individual or a collective review."""
    year = review.cycle.year
    if isinstance(review, IndividualReview):
        data = member_record(review.member, year, context["request"].user)
        template = "studies/includes/_review_member.html"
    else:
        data = organization_record(review.organization, year)
        template = "studies/includes/_review_organization.html"
    return render_to_string(template, data, request=context["request"])


def section_prefill(review):
    """``{section: text}`` to start an empty section I with: the study record in words (or nothing)."""
    year = review.cycle.year
    # The text becomes part of the report, which is written in the product's language.
    with translation.override(settings.LANGUAGE_CODE):
        if isinstance(review, IndividualReview):
            text = _member_text(member_record(review.member, year))
        else:
            text = _organization_text(organization_record(review.organization, year))
    return {PREFILLED_SECTION: text} if text else {}


def _member_text(record):
    attendance, essays, counts = record["attendance"], record["essays"], record["counts"]
    if not attendance and not essays:
        return ""
    sessions = len({row.session_id for row in attendance})
    documents = ", ".join(dict.fromkeys(row.session.plan.document.number for row in attendance))
    text = _(
        "Studying resolutions and directives in %(year)s: attended %(present)s of %(sessions)s study sessions "
        "(%(documents)s); excused %(excused)s, absent %(absent)s."
    ) % {
        "year": record["year"],
        "present": counts[AttendanceStatus.PRESENT],
        "sessions": sessions,
        "documents": documents or "—",
        "excused": counts[AttendanceStatus.EXCUSED],
        "absent": counts[AttendanceStatus.ABSENT],
    }
    if essays:
        text += " " + _("Study essays handed in: %(handed)s of %(asked)s.") % {
            "handed": record["handed_in"],
            "asked": len(essays),
        }
    return text


def _organization_text(record):
    rows, totals = record["rows"], record["totals"]
    if not rows:
        return ""
    text = _(
        "Studying resolutions and directives in %(year)s: %(plans)s study plans (%(documents)s), %(sessions)s "
        "sessions held; members present %(present)s of %(recorded)s times (%(rate)s%%), excused %(excused)s, "
        "absent %(absent)s."
    ) % {
        "year": record["year"],
        "plans": len(rows),
        "documents": ", ".join(row["plan"].document.number for row in rows),
        "rate": totals["attendance_rate"] if totals["attendance_rate"] is not None else "—",
        **totals,
    }
    if totals["asked"]:
        text += " " + _("Study essays: %(received)s of %(asked)s handed in, %(owed)s owed.") % {
            "received": totals["received"],
            "asked": totals["asked"],
            "owed": totals["owed"],
        }
    return text
