"""What commitments renders on the review and directive pages, through ``core.slots`` (registered in ``apps.py``)."""

from django.template.loader import render_to_string

from accounts import access
from commitments import includes
from commitments.models import SourceKind


def carry_over_section(context, review):
    """Section III of ``review`` (collective or individual): the earlier commitments carried into it."""
    request = context["request"]
    data = includes.carry_over_items(review)
    data["can_assess"] = access.can(request.user, "commitment.assess_carry_over", review.organization)
    return render_to_string("commitments/includes/_carry_over_items.html", data, request=request)


def create_button(context, source_kind, source):
    """A link to the creation screen of ``source``, for those who may create its commitments."""
    request = context["request"]
    if not access.can(request.user, "commitment.create", source.organization):
        return ""
    data = {"source_kind": SourceKind(source_kind), "source": source}
    return render_to_string("commitments/includes/_create_button.html", data, request=request)
