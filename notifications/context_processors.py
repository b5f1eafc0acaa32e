"""The unread count for the header badge: at most one indexed COUNT per request.

Every template rendered with the request (a page and the slots other apps render into it) runs the
context processors; the count is made once, when a template first shows it, and kept on the request.
"""

from django.utils.functional import SimpleLazyObject

from notifications.models import Notification


def unread_notifications(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    if not hasattr(request, "_unread_notifications"):
        request._unread_notifications = SimpleLazyObject(lambda: Notification.objects.for_user(user).unread().count())
    return {"unread_notifications": request._unread_notifications}
