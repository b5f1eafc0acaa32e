"""What the audit trail follows in this app (audit.registry)."""

from audit.registry import track
from documents.models import Document

track(Document, organization="organization")
