"""Values every page's header needs."""

from django.utils.functional import SimpleLazyObject

from accounts import access, hooks


def _counts(user):
    counts = {}
    for count in hooks.navigation_counts:
        counts |= count(user)
    return counts


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # Lazy: a page that does not render the navigation (a download, a fragment) runs no count.
    return {"user_roles": access.roles_of(user), "nav_counts": SimpleLazyObject(lambda: _counts(user))}
