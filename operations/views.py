"""``/health/`` for monitors: 200 when every part is well, 503 naming the parts that are not."""

from django.db import transaction
from django.http import JsonResponse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET

from operations.health import run_checks


def health_body(results):
    failing = {name: reason for name, reason in results.items() if reason}
    return {
        "status": "failing" if failing else "ok",
        "failing": sorted(failing),
        "checks": {name: reason or "ok" for name, reason in results.items()},
    }


@require_GET
@transaction.non_atomic_requests
def health(request):
    body = health_body(run_checks())
    response = JsonResponse(body, status=503 if body["failing"] else 200, json_dumps_params={"indent": 2})
    add_never_cache_headers(response)
    return response
