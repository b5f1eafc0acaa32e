"""Each refusal of the study steps (``studies.services``): the Vietnamese message, the field, and nothing changed.

``plan`` is the city's plan over the whole city, asking the office-holders for
an essay and assessing them; ``session_a`` is ward A's session of it.
"""

import datetime

import pytest

from studies import services
from studies.models import AttendanceStatus, EssayGrade, StudyPlan, StudySession
from studies.tests.conftest import START, make_plan
from tests.refusals import assert_refused

pytestmark = pytest.mark.django_db

HANDED_IN_ON = datetime.date(2018, 4, 2)


def _received(plan, member, user):
    return services.receive_essay(plan.essays.get(member=member), user, submitted_on=HANDED_IN_ON, text="Bài viết")


# ---------------------------------------------------------------- save_plan and save_session


def test_a_plan_over_an_organization_outside_the_issuers_is_refused(ward_a, ward_b, document, city_staff):
    plan = StudyPlan(
        title="Học tập Nghị quyết", document=document, issuer=ward_a, applies_to=ward_b,
        starts_on=START, ends_on=START, essay_deadline=START,
    )  # fmt: skip
    assert_refused(
        lambda: services.save_plan(plan, city_staff),
        "Cấp ủy chỉ ban hành kế hoạch cho các tổ chức đảng trực thuộc",
        field="applies_to",
    )


def test_a_session_of_an_organization_outside_the_plan_is_refused(ward_a, ward_b, document, secretary_b):
    session = StudySession(plan=make_plan(ward_a, document), organization=ward_b, held_on=START)
    assert_refused(
        lambda: services.save_session(session, secretary_b),
        "Tổ chức đảng này không thuộc phạm vi kế hoạch.",
        field="organization",
    )


# ---------------------------------------------------------------- record_attendance


def test_attendance_of_a_member_of_another_organization_is_refused(session_a, people):
    entries = {
        people["secretary"].pk: (AttendanceStatus.PRESENT, ""),
        people["secretary_b"].pk: (AttendanceStatus.PRESENT, ""),
    }
    assert_refused(
        lambda: services.record_attendance(session_a, entries),
        "Chỉ điểm danh được đảng viên của tổ chức đảng tổ chức buổi học tập.",
    )


def test_an_excused_absence_without_its_reason_is_refused(session_a, people):
    entries = {
        people["secretary"].pk: (AttendanceStatus.PRESENT, ""),
        people["ordinary"].pk: (AttendanceStatus.EXCUSED, ""),
    }
    assert_refused(
        lambda: services.record_attendance(session_a, entries), "Nhập lý do của từng trường hợp vắng có lý do."
    )


# ---------------------------------------------------------------- receive_essay and assess_essay


def test_an_essay_with_neither_text_nor_file_is_refused(plan, people, secretary_a):
    essay = plan.essays.get(member=people["leader"])
    assert_refused(
        lambda: services.receive_essay(essay, secretary_a, submitted_on=HANDED_IN_ON, text="  "),
        "Nhập nội dung bài thu hoạch hoặc đính kèm tệp.",
    )


def test_receiving_an_essay_already_assessed_is_refused(plan, people, secretary_a):
    essay = services.assess_essay(_received(plan, people["leader"], secretary_a), secretary_a, grade=EssayGrade.GOOD)
    assert_refused(
        lambda: services.receive_essay(essay, secretary_a, submitted_on=HANDED_IN_ON, text="Bài viết lại"),
        "Bài thu hoạch đã được chấm, không thể sửa nữa.",
    )


def test_assessing_an_essay_of_a_plan_that_does_not_assess_is_refused(city, document, people, secretary_a):
    essay = _received(make_plan(city, document, essays_assessed=False), people["leader"], secretary_a)
    assert_refused(
        lambda: services.assess_essay(essay, secretary_a, grade=EssayGrade.GOOD),
        "Kế hoạch này không chấm bài thu hoạch.",
    )


def test_assessing_an_essay_not_yet_received_is_refused(plan, people, secretary_a):
    essay = plan.essays.get(member=people["leader"])
    assert_refused(
        lambda: services.assess_essay(essay, secretary_a, grade=EssayGrade.GOOD),
        "Chỉ chấm bài thu hoạch sau khi đã nhận bài.",
    )
