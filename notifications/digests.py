"""What a daily digest says: a person's waiting reminders grouped by kind and organization.

Groups are ordered by their earliest deadline, so groups holding overdue items
come first; inside a group items go by deadline. A digest lists at most
``DIGEST_LIMIT`` items and says how many more wait in the inbox, so a city staff
member with thousands of overdue items still gets a readable email.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q

from core.emails import absolute_url
from notifications.providers import registry

DIGEST_LIMIT = 200
LINE_FIELDS = ("kind", "organization__name", "title", "url", "deadline", "step")


@dataclass
class DigestLine:
    title: str
    url: str
    deadline: object
    step: str
    step_label: str
    days_overdue: int

    @property
    def is_overdue(self):
        return self.days_overdue > 0


@dataclass
class DigestGroup:
    kind_label: str
    organization: str
    lines: list = field(default_factory=list)

    @property
    def overdue_count(self):
        return sum(1 for line in self.lines if line.is_overdue)


def group_lines(deliveries, today, link=lambda url: url):
    """``DigestGroup`` list from deliveries ordered by deadline (see the module docstring)."""
    groups = {}
    for delivery in deliveries:
        key = (delivery.kind, delivery.organization_id)
        group = groups.get(key)
        if group is None:
            group = groups[key] = DigestGroup(registry.label(delivery.kind), delivery.organization.name)
        group.lines.append(
            DigestLine(
                title=delivery.title,
                url=link(delivery.url),
                deadline=delivery.deadline,
                step=delivery.step,
                step_label=delivery.get_step_display(),
                days_overdue=(today - delivery.deadline).days,
            )
        )
    return list(groups.values())


def digest_context(digest, deliveries, today):
    """Template context of ``digest`` built from its waiting ``deliveries`` queryset."""
    # Counted in SQL, and only the lines shown are read: a digest costs the same with 50 or 50,000 items.
    counts = deliveries.aggregate(total=Count("pk"), overdue=Count("pk", filter=Q(deadline__lt=today)))
    total, overdue = counts["total"], counts["overdue"]
    ordered = deliveries.select_related("organization").order_by("deadline", "kind", "organization__name", "pk")
    shown = list(ordered.only(*LINE_FIELDS)[:DIGEST_LIMIT])
    groups = group_lines(shown, today, link=absolute_url)
    return {
        "digest": digest,
        "recipient": digest.recipient,
        "groups": groups,
        "total": total,
        "overdue": overdue,
        "more": max(total - len(shown), 0),
        "today": today,
    }
