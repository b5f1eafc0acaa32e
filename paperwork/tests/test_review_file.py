"""The whole review file: one zip with the organization's papers, its cells' and one form per reviewed member."""

import io
import zipfile

import pytest
from django.urls import reverse

from core.jobs import JobStatus
from paperwork import files, tasks
from paperwork.models import ReviewFileJob
from paperwork.tests.conftest import docx_text, pdf_text
from reviews.models import IndividualReview

pytestmark = pytest.mark.django_db


def _zip(review, output="docx"):
    buffer = io.BytesIO()
    files.write_zip(buffer, review, output)
    return zipfile.ZipFile(io.BytesIO(buffer.getvalue()))


def test_the_zip_holds_one_form_per_reviewed_member_and_the_organizations_papers(world, ward_a):
    archive = _zip(world["ward_review"])
    names = archive.namelist()
    forms = [name for name in names if "/ca-nhan/" in name]
    reviewed = IndividualReview.objects.filter(cycle=world["cycle"], organization__path__startswith=ward_a.path)
    assert len(forms) == reviewed.count() == 3
    assert all(name.endswith(".docx") for name in names)
    root = "ho-so-kiem-diem-2025-p-thd/"
    for expected in ("01-mau-01-p-thd", "02-bien-ban-hoi-nghi-p-thd", "05-quyet-dinh-cong-nhan-p-thd"):
        assert f"{root}{expected}.docx" in names
    assert f"{root}chi-bo/p-thd-1/01-mau-01-p-thd-1.docx" in names  # the branch's own Mẫu 01
    hoa = next(name for name in forms if "tran-thi-hoa" in name)
    assert "Họ và tên: Trần Thị Hoa" in docx_text(archive.read(hoa))


def test_the_view_enqueues_the_task_once_the_job_is_committed_and_the_owner_downloads_the_file(
    world, login, secretary_a, django_capture_on_commit_callbacks
):
    client = login(secretary_a)
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(reverse("paperwork:file_start", args=[world["ward_review"].pk]), {"output": "docx"})
    job = ReviewFileJob.objects.get()
    assert response["Location"] == reverse("paperwork:file_job", args=[job.pk])
    assert len(callbacks) == 1
    page = client.get(response["Location"]).content.decode()
    assert reverse("paperwork:file_job_status", args=[job.pk]) in page and "core/js/job_progress.js" in page

    tasks.build_review_file(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    entries = len(files.entries(world["ward_review"]))
    assert (job.progress_done, job.progress_total, job.percent) == (entries, entries, 100)
    status = client.get(reverse("paperwork:file_job_status", args=[job.pk])).json()
    assert status["download_url"] == reverse("paperwork:file_job_download", args=[job.pk])
    download = client.get(status["download_url"])
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    assert len([name for name in archive.namelist() if "/ca-nhan/" in name]) == 3


def test_a_second_delivery_of_the_task_does_nothing(world, secretary_a):
    job = ReviewFileJob.objects.create(owner=secretary_a, review=world["ward_review"])
    tasks.build_review_file(job.pk)
    job.refresh_from_db()
    first = (job.file, job.finished_at)
    tasks.build_review_file(job.pk)
    job.refresh_from_db()
    assert (job.file, job.finished_at) == first
    assert len(list(job.path.parent.iterdir())) == 1


def test_a_task_for_a_deleted_job_does_nothing(db):
    tasks.build_review_file(987654)  # no exception


def test_a_job_whose_review_is_out_of_its_owners_reach_fails_without_a_file(world, secretary_b):
    job = ReviewFileJob.objects.create(owner=secretary_b, review=world["ward_review"])
    tasks.build_review_file(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.file == ""


def test_the_file_can_be_built_as_pdf(world):
    archive = _zip(world["ward_b_review"], output="pdf")
    forms = [name for name in archive.namelist() if "/ca-nhan/" in name]
    assert len(forms) == 1 and forms[0].endswith(".pdf")
    assert "Lê Văn Bình" in pdf_text(archive.read(forms[0]))
