"""Template helpers that let other apps' pages show directive data without knowing its models."""

from django import template

from directives import services

register = template.Library()


@register.simple_tag
def section_iv_items(collective_review):
    """The explanation items that form section IV of ``collective_review``."""
    return services.section_iv_items(collective_review)


@register.simple_tag
def member_section_iv_items(member_review):
    """The directive items naming the member of ``member_review``, with the member's own responsibility."""
    return services.member_section_iv_items(member_review)


@register.inclusion_tag("directives/includes/_home_directives.html", takes_context=True)
def home_directives(context):
    """Issued directives aimed at the organizations where the user is secretary, with their reports."""
    user = context["request"].user
    return {"home_directives": services.directives_for_secretary(user)}
