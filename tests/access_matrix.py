"""The machinery of the access-matrix tests: one cell is {actor} × {object of A or B} × URL.

A cell logs the actor in, requests the URL, compares the outcome with the
documented one and, for a refused write, checks that the stored rows are
exactly as they were. Failures read as leaks ("member of B leaked to
secretary_a").
"""

from django.urls import reverse

OK = "ok"  # 200 for a page, 302 to the result for an accepted write
LOGIN = "login"

ACTORS = ["secretary_a", "secretary_b", "city_staff", "inspector", "standing_member_a", "anonymous"]


def outcome(response):
    if response.status_code == 302 and response["Location"].startswith(reverse("login")):
        return LOGIN
    if response.status_code in (200, 302):
        return OK
    return response.status_code


def verdict(thing, actor, side, url_name, method, expected, got):
    where = f"{method.upper()} {url_name} on the {thing} of {side}"
    if got == OK and expected != OK:
        return f"{where}: {thing} of {side} leaked to {actor} (expected {expected}, got {got})"
    if got == 403 and expected == 404:
        return f"{where}: existence of the {thing} of {side} leaked to {actor} (403 instead of 404)"
    return f"{where} as {actor}: expected {expected}, got {got}"


def check_cell(request, client, *, thing, actor, side, url_name, url, method, data, expected, snapshot):
    """Request ``url`` as ``actor`` and assert the documented ``expected`` outcome."""
    if actor != "anonymous":
        client.force_login(request.getfixturevalue(actor))
    before = snapshot()
    response = client.get(url) if method == "get" else client.post(url, data)
    got = outcome(response)
    assert got == expected, verdict(thing, actor, side, url_name, method, expected, got)
    if method == "post" and expected != OK:
        assert snapshot() == before, f"refused {url_name} by {actor} on {side} still changed the stored rows"
    if method == "post" and expected == OK:
        assert response.status_code == 302, f"{url_name} by {actor} was not accepted: {response.context['form'].errors}"
        assert snapshot() != before
