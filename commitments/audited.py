"""What the audit trail follows in this app (audit.registry): commitments and everything done about them."""

from audit.registry import track
from commitments.models import CarryOverItem, Commitment, EvidenceFile, ExtensionRequest, ProgressUpdate, Verification

track(Commitment, organization="organization")
for model in (ProgressUpdate, EvidenceFile, Verification, ExtensionRequest, CarryOverItem):
    track(model, organization="commitment__organization", parent="commitment")
