"""Template helpers that let the review and directive pages show commitments without knowing their models."""

from django import template

from accounts import access
from commitments import includes
from commitments.models import SourceKind

register = template.Library()


@register.inclusion_tag("commitments/includes/_carry_over_items.html", takes_context=True)
def carry_over_section(context, review):
    """Section III of ``review`` (collective or individual): the earlier commitments carried into it."""
    data = includes.carry_over_items(review)
    user = context["request"].user
    data["can_assess"] = access.can(user, "commitment.assess_carry_over", review.organization)
    return data


@register.inclusion_tag("commitments/includes/_create_button.html", takes_context=True)
def create_commitments_button(context, source_kind, source):
    """A link to the creation screen of ``source``, for those who may create its commitments."""
    user = context["request"].user
    return {
        "show": access.can(user, "commitment.create", source.organization),
        "source_kind": SourceKind(source_kind),
        "source": source,
    }
