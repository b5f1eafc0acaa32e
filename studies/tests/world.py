"""A small study world for the tests of other apps: something for every study list's filters to narrow."""

import datetime

from documents.models import Document, DocumentType
from studies import services
from studies.models import StudySession
from studies.tests.conftest import make_plan
from tests.factories import make_member


def study_world(city, ward_a, ward_b, user):
    """A March plan and a December plan of the city, a session in A and in B, one absence, one essay handed in."""
    document = Document.objects.create(
        organization=city, number="04-NQ/TW", kind=DocumentType.RESOLUTION, issuing_body="Ban Chấp hành Trung ương",
        issued_on=datetime.date(2016, 10, 30), title="Nghị quyết Trung ương 4 (khóa XII)",
    )  # fmt: skip
    for ward in (ward_a, ward_b):
        make_member(ward, full_name=f"Bí thư {ward.name}", party_position="Bí thư Đảng ủy")
    march = make_plan(city, document, starts_on=datetime.date(2017, 3, 6), ends_on=datetime.date(2017, 3, 31),
                      essay_deadline=datetime.date(2017, 4, 20))  # fmt: skip
    december = datetime.date(2017, 12, 4)
    make_plan(city, document, title="Tháng 12", starts_on=december, ends_on=december, essay_deadline=december)
    for ward, day in ((ward_a, 10), (ward_b, 14)):
        session = services.save_session(
            StudySession(plan=march, organization=ward, held_on=datetime.date(2017, 3, day))
        )
        roster = list(services.roster(session))
        entries = {member.pk: ("present", "") for member in roster} | {roster[0].pk: ("absent", "")}
        services.record_attendance(session, entries)
    essay = march.essays.filter(organization=ward_a).first()
    services.receive_essay(essay, user, submitted_on=datetime.date(2017, 4, 2), text="Bài thu hoạch")
    return march
