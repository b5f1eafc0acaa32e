"""What the audit trail follows in this app (audit.registry): directives, their reports and conclusions."""

from audit.registry import track
from directives.models import (
    ConcludedShortcoming,
    Conclusion,
    ContentItem,
    Directive,
    DirectiveItem,
    DirectiveTarget,
    ExplanationItem,
    ExplanationReport,
    IndividualResponsibility,
)

track(ContentItem)
track(Directive, organization="issuer")
track(DirectiveItem, organization="directive__issuer", parent="directive")
track(DirectiveTarget, organization="organization", parent="directive")
track(ExplanationReport, organization="organization")
track(ExplanationItem, organization="report__organization", parent="report")
track(IndividualResponsibility, parent="item")
track(Conclusion, organization="organization", parent="directive")
track(ConcludedShortcoming, organization="organization", parent="conclusion")
