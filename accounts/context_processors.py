"""Values every page's header needs."""

from accounts import access


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"user_roles": access.roles_of(user)}
