"""What Python writes to the trail itself: reads of what the app unmasks (a citizen ID shown in full).

Changes are written by the triggers (``audit.triggers``); a read changes no row,
so the view that unmasks records it here, with the acting context of its request.
"""

from audit.context import current
from audit.models import Action, AuditEvent


def record_read(obj, *fields, organization_id=None):
    """Record that the acting user was shown ``fields`` of ``obj`` (the names only, never the values)."""
    context = current() or {}
    return AuditEvent.objects.create(
        action=Action.READ,
        model=obj._meta.label_lower,
        object_id=obj.pk,
        organization_id=organization_id,
        changes={obj._meta.get_field(name).column: [None, None] for name in fields},
        user_id=context.get("u"),
        actor=context.get("a") or "",
        address=context.get("ip") or "",
        request_id=context.get("r") or "",
    )
