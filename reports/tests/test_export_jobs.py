"""Large exports: a job, a Celery task that reports progress, a status page, a download for the owner only."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from openpyxl import load_workbook

from reports import services, tasks
from reports.models import ExportJob, ExportStatus
from reports.tests.conftest import MARKER
from tests.factories import make_member, make_user


@pytest.fixture
def small_limit(settings):
    settings.EXPORT_SYNC_LIMIT = 3


@pytest.fixture
def many_members(branch_a):
    return [make_member(branch_a, full_name=f"Đảng viên {n:02d}") for n in range(7)]


@pytest.fixture
def enqueued(monkeypatch):
    """Job ids handed to Celery (the broker is not used)."""
    ids = []
    monkeypatch.setattr(tasks.run_export, "delay", ids.append)
    return ids


def _job(owner, **extra):
    return ExportJob.objects.create(owner=owner, kind=extra.pop("kind", "members"), **extra)


def test_a_large_export_asks_before_starting_and_keeps_the_filters(login, city_staff, many_members, small_limit):
    response = login(city_staff).get(reverse("reports:export", args=["members"]), {"status": "active", "q": "đảng"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "7" in page
    assert '<input type="hidden" name="status" value="active">' in page
    assert '<input type="hidden" name="q" value="đảng">' in page
    assert not ExportJob.objects.exists()


def test_starting_a_large_export_records_a_job_and_enqueues_it_on_commit(
    login, city_staff, many_members, small_limit, enqueued, django_capture_on_commit_callbacks
):
    client = login(city_staff)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(reverse("reports:export", args=["members"]), {"status": "active", "bogus": "x"})
    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:job", args=[job.pk])
    assert (job.owner, job.kind, job.parameters, job.status) == (city_staff, "members", {"status": "active"}, "pending")
    assert enqueued == []  # nothing is sent before the transaction commits
    assert len(callbacks) == 1
    callbacks[0]()
    assert enqueued == [job.pk]


def test_the_task_writes_the_file_and_reports_progress_as_it_goes(city_staff, many_members, monkeypatch):
    monkeypatch.setattr(services, "PROGRESS_EVERY", 3)
    seen = []
    original = ExportJob.report_progress

    def spy(self, done, total=None):
        original(self, done, total)
        stored = ExportJob.objects.get(pk=self.pk)
        seen.append((stored.status, stored.progress_done, stored.progress_total))

    monkeypatch.setattr(ExportJob, "report_progress", spy)
    job = _job(city_staff, parameters={"q": "dang vien"})
    tasks.run_export(job.pk)

    assert seen == [("running", 0, 7), ("running", 3, 7), ("running", 6, 7), ("running", 7, 7)]
    job.refresh_from_db()
    assert job.status == ExportStatus.DONE
    assert (job.progress_done, job.progress_total, job.percent) == (7, 7, 100)
    assert job.started_at and job.finished_at
    sheet = load_workbook(Path(services.job_path(job))).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == [m.full_name for m in many_members]


def test_a_task_delivered_twice_writes_the_file_once(city_staff, many_members):
    job = _job(city_staff)
    tasks.run_export(job.pk)
    job.refresh_from_db()
    first_file = job.file
    tasks.run_export(job.pk)
    job.refresh_from_db()
    assert job.file == first_file
    assert len(list(services.job_path(job).parent.iterdir())) == 1


def test_a_task_for_a_deleted_job_does_nothing(db):
    tasks.run_export(987654)  # no exception


def test_a_job_for_an_unknown_export_fails_with_a_reason(city_staff):
    job = _job(city_staff, kind="vanished")
    tasks.run_export(job.pk)
    job.refresh_from_db()
    assert job.status == ExportStatus.FAILED
    assert "vanished" in job.error
    assert job.file == ""


def test_a_failure_while_writing_marks_the_job_failed_and_leaves_no_file(city_staff, many_members, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(services, "write_xlsx", broken)
    job = _job(city_staff)
    tasks.run_export(job.pk)
    job.refresh_from_db()
    assert job.status == ExportStatus.FAILED
    assert "disk full" in job.error
    exports = Path(settings.MEDIA_ROOT) / "exports"
    assert not any(path.is_file() for path in exports.rglob("*"))


def test_a_secretarys_background_export_never_contains_another_organizations_rows(secretary_a, member_a, marked_b):
    job = _job(secretary_a)
    tasks.run_export(job.pk)
    job.refresh_from_db()
    sheet = load_workbook(services.job_path(job)).active
    text = " ".join(str(v) for row in sheet.iter_rows(values_only=True) for v in row if v)
    assert "Trần Thị Hoa" in text
    assert MARKER not in text, "data of ward B leaked into ward A's background export"


def test_the_job_page_polls_a_status_endpoint_with_a_static_script(login, city_staff):
    job = _job(city_staff)
    page = login(city_staff).get(reverse("reports:job", args=[job.pk])).content.decode()
    assert f'data-status-url="{reverse("reports:job_status", args=[job.pk])}"' in page
    assert "core/js/job_progress.js" in page
    assert "<script>" not in page  # CSP: no inline script


def test_the_status_endpoint_reports_progress_and_then_the_download_link(login, city_staff, many_members):
    job = _job(city_staff)
    job.report_progress(2, 8)
    client = login(city_staff)
    status = client.get(reverse("reports:job_status", args=[job.pk])).json()
    assert status | {"status_display": None} == {
        "status": "pending",
        "status_display": None,
        "done": 2,
        "total": 8,
        "percent": 25,
        "download_url": "",
    }
    tasks.run_export(job.pk)
    status = client.get(reverse("reports:job_status", args=[job.pk])).json()
    assert status["status"] == "done"
    assert status["percent"] == 100
    assert status["download_url"] == reverse("reports:job_download", args=[job.pk])


def test_the_owner_downloads_the_finished_file(login, city_staff, many_members):
    job = _job(city_staff)
    tasks.run_export(job.pk)
    response = login(city_staff).get(reverse("reports:job_download", args=[job.pk]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet.max_row == 8


def test_an_unfinished_job_has_nothing_to_download(login, city_staff):
    job = _job(city_staff)
    assert login(city_staff).get(reverse("reports:job_download", args=[job.pk])).status_code == 404


@pytest.mark.parametrize("url_name", ["reports:job", "reports:job_status", "reports:job_download"])
def test_another_users_export_job_answers_404(url_name, login, city_staff, secretary_b, many_members):
    job = _job(secretary_b)
    tasks.run_export(job.pk)
    # Even city staff, who reach everything, cannot read someone else's file.
    assert login(city_staff).get(reverse(url_name, args=[job.pk])).status_code == 404


@pytest.mark.parametrize("url_name", ["reports:job", "reports:job_status", "reports:job_download"])
def test_anonymous_users_are_sent_to_login_for_export_jobs(url_name, client, city_staff):
    job = _job(city_staff)
    response = client.get(reverse(url_name, args=[job.pk]))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_anonymous_users_cannot_start_an_export(client, db):
    response = client.post(reverse("reports:export", args=["members"]))
    assert response.status_code == 302
    assert not ExportJob.objects.exists()


def test_my_exports_lists_only_my_jobs(login, city_staff, secretary_b):
    mine = _job(city_staff, kind="organizations")
    theirs = _job(secretary_b)
    page = login(city_staff).get(reverse("reports:jobs")).content.decode()
    assert reverse("reports:job", args=[mine.pk]) in page
    assert reverse("reports:job", args=[theirs.pk]) not in page


def test_a_user_without_roles_exports_nothing(login, member_a, small_limit):
    nobody = make_user("nobody")
    response = login(nobody).get(reverse("reports:export", args=["members"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 1
