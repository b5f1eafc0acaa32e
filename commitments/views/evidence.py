"""Evidence download: the only way out for an evidence file, after the access check."""

from django.contrib.auth.decorators import login_required

from accounts import access
from commitments.models import EvidenceFile
from core.downloads import media_download
from core.uploads import content_type


@login_required
def evidence_download(request, pk):
    evidence = access.get_or_404(
        EvidenceFile.objects.select_related("commitment"), request.user, via="commitment__organization", pk=pk
    )
    return media_download(evidence.file.name, evidence.original_name, content_type(evidence.kind))
