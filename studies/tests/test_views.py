"""The pages at work: a plan saved, a session and its attendance recorded, essays received (files checked by content)
and assessed where the plan says so."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from studies.models import Attendance, AttendanceStatus, EssayGrade, EssayStatus, StudyPlan, StudySession
from studies.tests.conftest import PDF

pytestmark = pytest.mark.django_db

WARD_A = ("secretary", "leader", "deputy", "ordinary", "teacher")


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_city_staff_save_a_plan_and_its_office_holders_owe_essays(city, document, people, login, city_staff):
    data = {
        "title": "Học tập Nghị quyết Trung ương 4", "document": document.pk, "issuer": city.pk, "applies_to": "",
        "form": "conference", "starts_on": "05/03/2018", "ends_on": "30/03/2018", "essay_rule": "office_holders",
        "essay_deadline": "20/04/2018", "office_titles": "Phó Chủ tịch", "notes": "",
    }  # fmt: skip
    response = login(city_staff).post(reverse("studies:plan_create"), data)
    plan = StudyPlan.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("studies:plan", args=[plan.pk])
    assert (plan.issuer, plan.applies_to, plan.created_by) == (city, city, city_staff)
    owed = set(plan.essays.filter(status=EssayStatus.OWED).values_list("member__full_name", flat=True))
    assert owed == {"Bí thư A1", "Lãnh đạo A1", "Phó Chủ tịch A1", "Bí thư B1"}


def test_a_secretary_records_a_session_then_its_attendance(plan, ward_a, people, login, secretary_a):
    client = login(secretary_a)
    data = {
        "organization": ward_a.pk,
        "held_on": "12/03/2018",
        "form": "conference",
        "speaker": "Đ/c Hưng, Ban Tuyên giáo",
    }
    response = client.post(reverse("studies:session_create", args=[plan.pk]), data | {"notes": ""})
    session = StudySession.objects.get()
    assert response["Location"] == reverse("studies:attendance_edit", args=[session.pk])
    assert session.recorded_by == secretary_a
    form = client.get(response["Location"]).context["form"]
    assert [member.full_name for member in form.members] == sorted(people[name].full_name for name in WARD_A)
    post = {f"status_{people[name].pk}": "present" for name in WARD_A} | {f"reason_{people[n].pk}": "" for n in WARD_A}
    post |= {f"status_{people['ordinary'].pk}": "excused", f"reason_{people['ordinary'].pk}": "Ốm"}
    post |= {f"status_{people['teacher'].pk}": "absent"}
    response = client.post(reverse("studies:attendance_edit", args=[session.pk]), post)
    assert response["Location"] == reverse("studies:session", args=[session.pk])
    stored = dict(Attendance.objects.values_list("member__full_name", "status"))
    assert stored.pop("Trần Thị Hoa") == AttendanceStatus.EXCUSED
    assert stored.pop("Giáo viên A1") == AttendanceStatus.ABSENT
    assert set(stored.values()) == {AttendanceStatus.PRESENT}
    page = client.get(reverse("studies:session", args=[session.pk]))
    assert (page.context["counts"].present, page.context["counts"].excused, page.context["counts"].absent) == (3, 1, 1)


def test_a_new_session_starts_with_the_secretarys_organization_today_and_the_plans_form(
    plan, ward_a, login, secretary_a
):
    form = login(secretary_a).get(reverse("studies:session_create", args=[plan.pk])).context["form"]
    assert (form["organization"].value(), form["held_on"].value(), form["form"].value()) == (
        ward_a.pk, timezone.localdate(), plan.form,
    )  # fmt: skip


def test_an_excused_absence_needs_its_reason(session_a, people, login, secretary_a):
    post = {f"status_{people[name].pk}": "present" for name in WARD_A} | {f"reason_{people[n].pk}": "" for n in WARD_A}
    post[f"status_{people['ordinary'].pk}"] = "excused"
    response = login(secretary_a).post(reverse("studies:attendance_edit", args=[session_a.pk]), post)
    assert response.status_code == 200
    assert f"reason_{people['ordinary'].pk}" in response.context["form"].errors
    assert not Attendance.objects.exists()


def test_taking_the_attendance_again_corrects_it(session_a, people, login, secretary_a):
    client = login(secretary_a)
    url = reverse("studies:attendance_edit", args=[session_a.pk])
    post = {f"status_{people[name].pk}": "present" for name in WARD_A} | {f"reason_{people[n].pk}": "" for n in WARD_A}
    client.post(url, post)
    client.post(url, post | {f"status_{people['leader'].pk}": "absent"})
    assert Attendance.objects.count() == 5
    assert Attendance.objects.get(member=people["leader"]).status == AttendanceStatus.ABSENT


def test_an_essay_is_received_with_its_file_and_the_file_is_served_through_access(plan, people, login, secretary_a):
    essay = plan.essays.get(member=people["leader"])
    client = login(secretary_a)
    upload = SimpleUploadedFile("bai-thu-hoach.pdf", PDF, content_type="application/pdf")
    response = client.post(
        reverse("studies:essay_receive", args=[essay.pk]), {"submitted_on": "15/04/2018", "text": "", "file": upload}
    )
    assert response["Location"] == reverse("studies:essay", args=[essay.pk])
    essay.refresh_from_db()
    assert (essay.status, essay.file_name, essay.file_kind, essay.received_by) == (
        EssayStatus.RECEIVED, "bai-thu-hoach.pdf", "pdf", secretary_a,
    )  # fmt: skip
    download = client.get(reverse("studies:essay_file", args=[essay.pk]))
    assert b"".join(download.streaming_content) == PDF


def test_a_program_renamed_to_pdf_is_refused_by_its_content(plan, people, login, secretary_a):
    essay = plan.essays.get(member=people["leader"])
    upload = SimpleUploadedFile("bai.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = login(secretary_a).post(
        reverse("studies:essay_receive", args=[essay.pk]), {"submitted_on": "15/04/2018", "text": "", "file": upload}
    )
    assert response.status_code == 200
    assert "file" in response.context["receive_form"].errors
    essay.refresh_from_db()
    assert essay.status == EssayStatus.OWED


def test_an_essay_with_neither_text_nor_file_is_not_received(plan, people, login, secretary_a):
    essay = plan.essays.get(member=people["leader"])
    response = login(secretary_a).post(
        reverse("studies:essay_receive", args=[essay.pk]), {"submitted_on": "15/04/2018"}
    )
    assert response.status_code == 200
    assert response.context["receive_form"].non_field_errors()
    essay.refresh_from_db()
    assert essay.status == EssayStatus.OWED


def test_a_received_essay_is_assessed_where_the_plan_says_so(plan, people, login, secretary_a):
    essay = plan.essays.get(member=people["leader"])
    client = login(secretary_a)
    assert client.get(reverse("studies:essay", args=[essay.pk])).context["assess_form"] is None  # owed
    client.post(reverse("studies:essay_receive", args=[essay.pk]), {"submitted_on": "15/04/2018", "text": "Bài viết"})
    assert client.get(reverse("studies:essay", args=[essay.pk])).context["assess_form"] is not None
    client.post(reverse("studies:essay_assess", args=[essay.pk]), {"grade": "good", "assessment": "Sâu sắc"})
    essay.refresh_from_db()
    assert (essay.status, essay.grade, essay.assessed_by) == (EssayStatus.ASSESSED, EssayGrade.GOOD, secretary_a)


def test_a_plan_that_does_not_assess_refuses_an_assessment(plan, people, login, secretary_a):
    StudyPlan.objects.filter(pk=plan.pk).update(essays_assessed=False)
    essay = plan.essays.get(member=people["leader"])
    client = login(secretary_a)
    client.post(reverse("studies:essay_receive", args=[essay.pk]), {"submitted_on": "15/04/2018", "text": "Bài viết"})
    assert client.get(reverse("studies:essay", args=[essay.pk])).context["assess_form"] is None
    response = client.post(reverse("studies:essay_assess", args=[essay.pk]), {"grade": "good", "assessment": ""})
    assert response.status_code == 200
    essay.refresh_from_db()
    assert essay.status == EssayStatus.RECEIVED


@pytest.mark.parametrize("url_name", ["studies:plans", "studies:sessions", "studies:attendance", "studies:essays"])
def test_each_list_opens_in_both_languages(url_name, session_a, login, city_staff):
    client = login(city_staff)
    assert client.get(reverse(url_name)).status_code == 200
    client.post(reverse("switch_language"), {"language": "en", "next": "/"})
    assert client.get(reverse(url_name)).status_code == 200
