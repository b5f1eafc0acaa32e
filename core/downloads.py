"""Access-checked downloads of files under MEDIA_ROOT (evidence, documents, exports).

The view checks access first, then returns ``media_download(...)``. Behind nginx
(``X_ACCEL_REDIRECT`` on) the response is empty and names the file in an
``X-Accel-Redirect`` header: nginx's ``internal`` location (``deploy/nginx``)
sends the bytes, so no web worker is held for the length of a download. Without
it Django streams the file itself, which is what the development server does.
"""

import mimetypes
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header

# nginx's internal location that maps onto MEDIA_ROOT; deploy/nginx/kiemdiem.conf names the same.
PROTECTED_LOCATION = "/protected-media/"


def media_download(name, filename, content_type=None):
    """An attachment response for ``name`` (relative to MEDIA_ROOT) saved as ``filename``; 404 if missing."""
    root = Path(settings.MEDIA_ROOT).resolve()
    path = (root / name).resolve()
    if not name or not path.is_relative_to(root) or not path.is_file():
        raise Http404
    content_type = content_type or mimetypes.guess_type(filename)[0] or "application/octet-stream"
    if not settings.X_ACCEL_REDIRECT:
        return FileResponse(path.open("rb"), as_attachment=True, filename=filename, content_type=content_type)
    response = HttpResponse(content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["X-Accel-Redirect"] = quote(PROTECTED_LOCATION + path.relative_to(root).as_posix())
    return response
