"""Fixtures of the study tests: Resolution 4 in the register, a city plan, office-holders and ordinary members."""

import datetime

import pytest

from documents.models import Document, DocumentType
from studies import services
from studies.models import EssayRule, StudyForm, StudyPlan, StudySession
from tests.factories import make_member

START = datetime.date(2018, 3, 5)
DEADLINE = datetime.date(2018, 4, 20)
# A minimal valid PDF (the content decides the type, not the name).
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def document(city):
    return Document.objects.create(
        organization=city, number="04-NQ/TW", kind=DocumentType.RESOLUTION, issuing_body="Ban Chấp hành Trung ương",
        issued_on=datetime.date(2016, 10, 30), title="Nghị quyết Trung ương 4 (khóa XII)",
    )  # fmt: skip


@pytest.fixture
def people(branch_a, branch_b, member_a, member_b):
    """Who studies in A and B: office-holders of each kind, ordinary members, an excused elderly member."""
    return {
        "secretary": make_member(branch_a, full_name="Bí thư A1", party_position="Bí thư Chi bộ"),
        "leader": make_member(branch_a, full_name="Lãnh đạo A1", is_leader=True),
        "deputy": make_member(branch_a, full_name="Phó Chủ tịch A1", government_position="Phó Chủ tịch UBND phường"),
        "ordinary": member_a,  # Trần Thị Hoa, no post
        "teacher": make_member(branch_a, full_name="Giáo viên A1", government_position="Giáo viên"),
        "excused": make_member(
            branch_a,
            full_name="Cụ ông A1",
            party_position="Chi ủy viên",
            status="excused",
            date_of_birth=datetime.date(1930, 1, 1),
            admission_date=datetime.date(1955, 1, 1),
            full_membership_date=datetime.date(1956, 1, 1),
        ),  # fmt: skip
        "secretary_b": make_member(branch_b, full_name="Bí thư B1", party_position="Bí thư Chi bộ"),
        "ordinary_b": member_b,
    }


def make_plan(issuer, document, applies_to=None, **values):
    values = {
        "title": "Học tập Nghị quyết Trung ương 4",
        "form": StudyForm.CONFERENCE,
        "starts_on": START,
        "ends_on": datetime.date(2018, 3, 30),
        "essay_rule": EssayRule.OFFICE_HOLDERS,
        "essay_deadline": DEADLINE,
        **values,
    }
    plan = StudyPlan(document=document, issuer=issuer, applies_to=applies_to or issuer, **values)
    return services.save_plan(plan)


@pytest.fixture
def plan(city, document, people):
    return make_plan(city, document, essays_assessed=True)


@pytest.fixture
def session_a(plan, ward_a):
    return services.save_session(StudySession(plan=plan, organization=ward_a, held_on=datetime.date(2018, 3, 10)))


@pytest.fixture
def session_b(plan, ward_b):
    return services.save_session(StudySession(plan=plan, organization=ward_b, held_on=datetime.date(2018, 3, 12)))
