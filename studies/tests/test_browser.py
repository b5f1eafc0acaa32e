"""On a phone in Chromium: a ward secretary records a study session and takes its attendance."""

import pytest

from conftest import PASSWORD
from studies.models import Attendance, AttendanceStatus, StudySession


@pytest.mark.browser
@pytest.mark.usefixtures("django_db_serialized_rollback")  # the flush afterwards must not lose the migrations' rows
def test_a_secretary_records_a_session_and_its_attendance_on_a_phone(
    browser_page, live_server, plan, people, secretary_a
):
    page = browser_page
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", secretary_a.username)
    page.fill("#id_password", PASSWORD)
    page.click("main form [type=submit]")
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/studies/{plan.pk}/")
    page.click("#record-session")
    page.fill("#id_held_on", "12/03/2018")
    page.fill("#id_speaker", "Đồng chí Trưởng Ban Tuyên giáo Thành ủy")
    page.click("main form [type=submit]")
    session = StudySession.objects.get()
    page.wait_for_url(f"{live_server.url}/studies/sessions/{session.pk}/attendance/")

    ordinary, teacher = people["ordinary"], people["teacher"]
    page.click(f"label[for=id_status_{ordinary.pk}_1]")  # excused
    page.fill(f"#id_reason_{ordinary.pk}", "Ốm, điều trị tại bệnh viện")
    page.click(f"label[for=id_status_{teacher.pk}_2]")  # absent
    page.click("text=Lưu điểm danh")
    page.wait_for_url(f"{live_server.url}/studies/sessions/{session.pk}/")

    counts = page.locator("#attendance-counts").inner_text()
    assert "Có mặt: 3" in counts and "Vắng có lý do: 1" in counts and "Vắng không lý do: 1" in counts
    stored = dict(Attendance.objects.filter(session=session).values_list("member_id", "status"))
    assert stored[ordinary.pk] == AttendanceStatus.EXCUSED and stored[teacher.pk] == AttendanceStatus.ABSENT
    assert Attendance.objects.get(member=ordinary).reason == "Ốm, điều trị tại bệnh viện"
    assert session.speaker == "Đồng chí Trưởng Ban Tuyên giáo Thành ủy"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than the phone
