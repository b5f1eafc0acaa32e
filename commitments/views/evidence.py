"""Evidence download: the only way out for an evidence file, after the access check."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404

from accounts import access
from commitments.models import EvidenceFile
from core.uploads import content_type


@login_required
def evidence_download(request, pk):
    evidence = access.get_or_404(
        EvidenceFile.objects.select_related("commitment"), request.user, via="commitment__organization", pk=pk
    )
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        handle, as_attachment=True, filename=evidence.original_name, content_type=content_type(evidence.kind)
    )
