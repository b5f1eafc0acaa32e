"""Demo resolution study: Nam Định City studying Resolution 4 (XII) and the texts that carry it out, in 2018.

Four plans of the City Standing Committee over the whole city, spread over the
year as the 2018 recommendation asks (March, May, August) and one deliberately
in December, inside the review weeks, to show the warning. Essays are asked
only of office-holders (the default rule), except the May plan studied at the
Party cell meetings, which asks none. The seven organizations that received
in-depth review directives recorded their sessions and attendance; essays are
handed in, and those of the March plan assessed. Speakers and dates are
invented, and marked so.

Called by ``seed_demo`` after the organizations, members, reviews and
documents exist. Deterministic (one random stream per plan) and idempotent: a
plan already there (same committee, title and start) is left alone.
"""

import datetime
from dataclasses import dataclass

from core import bulk, demo
from documents.models import Document, DocumentType
from organizations.models import Organization
from studies import services
from studies.models import (
    Attendance,
    AttendanceStatus,
    Essay,
    EssayGrade,
    EssayRule,
    EssayStatus,
    StudyForm,
    StudyPlan,
    StudySession,
)

INVENTED = "Dữ liệu minh họa, không có thật."
RESOLUTION_4 = (
    "04-NQ/TW",
    "Ban Chấp hành Trung ương",
    datetime.date(2016, 10, 30),
    "Nghị quyết Hội nghị lần thứ tư Ban Chấp hành Trung ương Đảng khóa XII về tăng cường xây dựng, chỉnh đốn "
    "Đảng; ngăn chặn, đẩy lùi sự suy thoái về tư tưởng chính trị, đạo đức, lối sống, những biểu hiện "
    "“tự diễn biến”, “tự chuyển hóa” trong nội bộ",
)
SPEAKER = "Báo cáo viên Ban Tuyên giáo Thành ủy (minh họa)"
EXCUSES = ("Ốm, điều trị tại bệnh viện", "Đi công tác", "Việc gia đình", "Đi học tập trung")
ELDERLY_EXCUSE = "Tuổi cao, sức yếu"
BATCH = 2000


@dataclass(frozen=True)
class DemoPlan:
    key: str
    title: str
    document: str
    form: str
    starts_on: datetime.date
    ends_on: datetime.date
    essay_rule: str
    essay_deadline: datetime.date | None
    assessed: bool
    held_by: int  # how many of the directed organizations recorded their session
    handed_in: float  # share of the essays asked that were handed in


PLANS = (
    DemoPlan("2018-03", "Học tập chuyên đề năm 2018: Nghị quyết Trung ương 4 (khóa XII)", "04-NQ/TW",
             StudyForm.CONFERENCE, datetime.date(2018, 3, 5), datetime.date(2018, 3, 30), EssayRule.OFFICE_HOLDERS,
             datetime.date(2018, 4, 20), True, 7, 0.97),
    DemoPlan("2018-05", "Quán triệt Quy định về trách nhiệm nêu gương của cán bộ, đảng viên", "03-QĐ/TU",
             StudyForm.CELL_MEETING, datetime.date(2018, 5, 7), datetime.date(2018, 5, 31), EssayRule.NOBODY,
             None, False, 7, 0),
    DemoPlan("2018-08", "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh (Chỉ thị 05-CT/TW)",
             "05-CT/TW", StudyForm.ONLINE, datetime.date(2018, 8, 6), datetime.date(2018, 8, 31),
             EssayRule.OFFICE_HOLDERS, datetime.date(2018, 9, 14), False, 7, 0.95),
    DemoPlan("2018-12", "Quán triệt Hướng dẫn 08-HD/TU: kiểm điểm gắn với nhận diện biểu hiện suy thoái", "08-HD/TU",
             StudyForm.CONFERENCE, datetime.date(2018, 12, 3), datetime.date(2018, 12, 28), EssayRule.OFFICE_HOLDERS,
             datetime.date(2019, 1, 10), False, 3, 0.85),
)  # fmt: skip
GRADES = ((EssayGrade.GOOD, 0.4), (EssayGrade.FAIR, 0.45), (EssayGrade.PASS, 0.13), (EssayGrade.FAIL, 0.02))


def _resolution_4(city):
    """Resolution 4 in the register (a real document), registered by the city committee if missing."""
    number, body, issued_on, title = RESOLUTION_4
    document = Document.objects.filter(issuing_body=body, year=issued_on.year, number=number).first()
    if document is None:
        document = Document.objects.create(
            organization=city, number=number, kind=DocumentType.RESOLUTION, issuing_body=body, issued_on=issued_on,
            title=title, summary="Văn bản thật, ban hành ngày 30/10/2016 (khóa XII).",
        )  # fmt: skip
    return document


def _day(rng, start, end):
    return start + datetime.timedelta(days=rng.randint(0, (end - start).days))


def _attendance(rng, session, members, elderly_before):
    rows = []
    for member in members:
        draw = rng.random()
        if draw < 0.88:
            status, reason = AttendanceStatus.PRESENT, ""
        elif draw < 0.96:
            elderly = member.date_of_birth < elderly_before
            status, reason = AttendanceStatus.EXCUSED, ELDERLY_EXCUSE if elderly else rng.choice(EXCUSES)
        else:
            status, reason = AttendanceStatus.ABSENT, ""
        rows.append(Attendance(session=session, member=member, status=status, reason=reason))
    return rows


def _sessions(rng, plan, spec, directed):
    """The directed organizations' sessions (the first ``held_by`` of them) and everyone's attendance."""
    elderly_before = datetime.date(plan.starts_on.year - 75, 1, 1)
    attendance = []
    for organization in directed[: spec.held_by]:
        session = StudySession.objects.create(
            plan=plan, organization=organization, held_on=_day(rng, plan.starts_on, plan.ends_on), form=plan.form,
            speaker=SPEAKER if plan.form == StudyForm.CONFERENCE else "", notes=INVENTED,
        )  # fmt: skip
        members = services.studying_members(organization).order_by("organization__path", "card_number")
        attendance += _attendance(rng, session, members, elderly_before)
    Attendance.objects.bulk_create(attendance, batch_size=BATCH)
    return len(attendance)


def _essays(rng, plan, spec):
    """Hand in ``spec.handed_in`` of the essays asked (in member order), assessing them where the plan says so."""
    essays = list(Essay.objects.filter(plan=plan).order_by("organization__path", "member__card_number"))
    last_day = max(spec.essay_deadline, plan.ends_on)
    for essay in essays:
        if rng.random() >= spec.handed_in:
            continue
        essay.submitted_on = _day(rng, plan.starts_on, last_day)
        essay.status = EssayStatus.RECEIVED
        essay.text = INVENTED
        essay.received_at = datetime.datetime.combine(essay.submitted_on, datetime.time(9), tzinfo=datetime.UTC)
        if spec.assessed:
            essay.grade = rng.choices([g for g, _w in GRADES], weights=[w for _g, w in GRADES])[0]
            essay.status, essay.assessed_at = EssayStatus.ASSESSED, essay.received_at
    fields = ["submitted_on", "status", "text", "received_at", "grade", "assessed_at"]
    bulk.update(Essay, essays, fields)
    return sum(essay.status != EssayStatus.OWED for essay in essays), len(essays)


def seed(stdout, scale="city"):
    city = Organization.objects.filter(code=demo.CITY_CODE).first()
    if city is None:
        stdout.write("studies: no city committee yet, skipped\n")
        return
    documents = {document.number: document for document in Document.objects.filter(organization=city)}
    documents.setdefault(RESOLUTION_4[0], _resolution_4(city))
    directed = list(Organization.objects.filter(code__in=demo.DIRECTED_CODES).order_by("code"))
    existing = set(StudyPlan.objects.filter(issuer=city).values_list("title", "starts_on"))
    created = 0
    for spec in PLANS:
        if (spec.title, spec.starts_on) in existing or spec.document not in documents:
            continue
        rng = demo.rng(f"studies:{spec.key}")
        plan = StudyPlan(
            title=spec.title, document=documents[spec.document], issuer=city, applies_to=city, form=spec.form,
            starts_on=spec.starts_on, ends_on=spec.ends_on, essay_rule=spec.essay_rule,
            essay_deadline=spec.essay_deadline, essays_assessed=spec.assessed, notes=INVENTED,
        )  # fmt: skip
        services.save_plan(plan)
        recorded = _sessions(rng, plan, spec, directed)
        handed_in, asked = _essays(rng, plan, spec) if plan.asks_essays else (0, 0)
        stdout.write(f"studies: {spec.key} {recorded} attendance rows, {handed_in}/{asked} essays handed in\n")
        created += 1
    stdout.write(f"studies: {created} plans added, {len(PLANS) - created} already there or without their document\n")
