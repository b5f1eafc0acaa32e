"""Access-checked downloads: streamed by Django by default, handed to nginx with X_ACCEL_REDIRECT."""

import pytest
from django.http import Http404
from django.urls import reverse

from core.downloads import PROTECTED_LOCATION, media_download
from operations.tests.conftest import PDF


def test_by_default_the_app_streams_the_evidence(login, evidence, secretary_a):
    response = login(secretary_a).get(reverse("commitments:evidence", args=[evidence.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert "X-Accel-Redirect" not in response


def test_behind_nginx_the_app_answers_with_an_internal_redirect_and_no_body(login, evidence, secretary_a, settings):
    settings.X_ACCEL_REDIRECT = True
    response = login(secretary_a).get(reverse("commitments:evidence", args=[evidence.pk]))
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == PROTECTED_LOCATION + evidence.file.name
    assert response.content == b""
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == ("attachment; filename*=utf-8''bi%C3%AAn%20b%E1%BA%A3n%20h%E1%BB%8Dp.pdf")


def test_behind_nginx_the_access_check_still_comes_first(login, evidence, secretary_b, settings):
    settings.X_ACCEL_REDIRECT = True
    response = login(secretary_b).get(reverse("commitments:evidence", args=[evidence.pk]))
    assert response.status_code == 404
    assert "X-Accel-Redirect" not in response


@pytest.mark.parametrize("name", ["", "../secret_key", "/etc/passwd", "missing.pdf"])
def test_a_name_outside_media_root_or_missing_is_404(settings, tmp_path, name):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    (tmp_path / "secret_key").write_text("x")
    settings.X_ACCEL_REDIRECT = True
    with pytest.raises(Http404):
        media_download(name, "file.pdf")
