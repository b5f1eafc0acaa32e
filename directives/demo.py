"""Demo data of the article's case: in the 2017 cycle the City Standing Committee, advised by the
Inspection Committee, issued in-depth review directives to seven collectives (wards Quang Trung,
Trần Đăng Ninh, Vị Hoàng, Trần Hưng Đạo, Nguyễn Du; communes Lộc Hòa, Nam Phong).

Numbers, dates and the texts of the answers are invented. Deterministic (random.Random with a fixed
seed) and idempotent: a directive whose number is already registered is left as it is.
"""

import datetime
import random

from accounts.models import Role, RoleAssignment
from core.workflow import SubmissionAction, transition
from directives import notices, services
from directives.models import (
    ConcludedShortcoming,
    Conclusion,
    ContentItem,
    Directive,
    DirectiveItem,
    DirectiveStatus,
    DirectiveTarget,
    IndividualResponsibility,
)
from documents.demo import CITY_BODY, city_committee
from documents.models import Document, DocumentType
from members.models import Member
from organizations.models import GRASSROOTS_KINDS, Organization, Sector
from reviews.models import CycleKind, ReviewCycle, RuleSet

ISSUED_ON = datetime.date(2017, 11, 6)
DEADLINE = datetime.date(2017, 11, 27)

# (name contained in the organization's name, sector, state of its explanation report)
TARGETS = [
    ("Quang Trung", Sector.WARD, "SUBMITTED"),
    ("Trần Đăng Ninh", Sector.WARD, "RETURNED"),
    ("Vị Hoàng", Sector.WARD, "RESUBMITTED"),
    ("Trần Hưng Đạo", Sector.WARD, "CONCLUDED"),
    ("Nguyễn Du", Sector.WARD, "DRAFT_FILLED"),
    ("Lộc Hòa", Sector.COMMUNE, "ACCEPTED"),
    ("Nam Phong", Sector.COMMUNE, "DRAFT"),
]
# Land encroachment is named for the communes' People's Committees in the article.
COMMUNE_ONLY_POSITION = 6


def _cycle():
    rule_set, _created = RuleSet.objects.get_or_create(
        code="HD27", defaults={"name": "Hướng dẫn 27-HD/BTCTW", "first_year": 2014, "last_year": 2017}
    )
    cycle, _created = ReviewCycle.objects.get_or_create(
        year=2017,
        kind=CycleKind.ANNUAL,
        defaults={
            "rule_set": rule_set,
            "opened_on": datetime.date(2017, 10, 25),
            "reference_date": datetime.date(2017, 12, 15),
        },
    )
    return cycle


def _user_with(role, organization):
    assignment = (
        RoleAssignment.objects.filter(role=role, organization__path__startswith=organization.path)
        .select_related("user")
        .order_by("organization__depth", "pk")
        .first()
    )
    return assignment.user if assignment else None


def _find(name, sector):
    return (
        Organization.objects.filter(name__icontains=name, kind__in=GRASSROOTS_KINDS, sector=sector)
        .order_by("pk")
        .first()
    )


def seed(stdout, scale="city"):
    city = city_committee()
    if city is None:
        stdout.write("directives: no superior committee yet, skipped")
        return
    rng = random.Random(2017)
    cycle = _cycle()
    # The guidance and the 2017 review plan govern this cycle.
    for document in Document.objects.filter(issuing_body=CITY_BODY, number__in=["08-HD/TU", "60-KH/TU"]):
        document.cycles.add(cycle)
    actors = {
        "staff": _user_with(Role.CITY_STAFF, city),
        "inspection": _user_with(Role.INSPECTION, city),
        "standing": _user_with(Role.STANDING_MEMBER, city),
    }
    catalogue = list(ContentItem.objects.order_by("position", "pk"))
    added = 0
    for index, (name, sector, state) in enumerate(TARGETS):
        organization = _find(name, sector)
        if organization is None:
            stdout.write(f"directives: no organization named like {name!r}, skipped")
            continue
        number = f"{201 + index}-TB/TU"
        if Directive.objects.filter(number=number, issuer=city).exists():
            continue
        items = [c for c in catalogue if sector == Sector.COMMUNE or c.position != COMMUNE_ONLY_POSITION]
        # The standing member in charge of the ward or commune leads its delegation.
        in_charge = {**actors, "standing": _user_with(Role.STANDING_MEMBER, organization) or actors["standing"]}
        directive = _issue(city, cycle, organization, number, items, in_charge)
        _answer(directive, organization, state, actors, rng)
        added += 1
    stdout.write(f"directives: {added} directives added for the 2017 cycle")


def _issue(city, cycle, organization, number, catalogue_items, actors):
    document = Document(
        organization=city,
        number=number,
        kind=DocumentType.NOTICE,
        issuing_body=CITY_BODY,
        issued_on=ISSUED_ON,
        title=f"Thông báo gợi ý kiểm điểm sâu đối với {organization.name}",
        summary="Số hiệu và ngày giả định cho dữ liệu mẫu. Theo tham mưu của Ủy ban Kiểm tra Thành ủy.",
    )
    document.save()
    document.cycles.add(cycle)
    directive = Directive.objects.create(
        issuer=city,
        cycle=cycle,
        title=f"Gợi ý kiểm điểm sâu {organization.name} năm 2017",
        status=DirectiveStatus.ISSUED,
        reasons=["public_concern", "violation_signs"],
        reason_details="Nơi có vấn đề phức tạp, dư luận bức xúc, có biểu hiện suy thoái.",
        proposed_by=actors["inspection"],
        number=number,
        document=document,
        issued_on=ISSUED_ON,
        issued_by=actors["staff"],
        report_deadline=DEADLINE,
        review_days=2 if organization.sector == Sector.WARD else 3,
        standing_member=actors["standing"],
    )
    DirectiveTarget.objects.bulk_create([DirectiveTarget(directive=directive, organization=organization)])
    DirectiveItem.objects.bulk_create(
        DirectiveItem(directive=directive, catalogue_item=item, text=item.title, position=position)
        for position, item in enumerate(catalogue_items, start=1)
    )
    directive.board_representatives.set([user for user in (actors["staff"], actors["inspection"]) if user])
    services.open_reports(directive)
    return directive


def _answer(directive, organization, state, actors, rng):
    """Bring the report to ``state``, then tell who must act next, as the services would have."""
    report = directive.reports.get()
    version = _write(directive, report, organization, state, actors, rng)
    if version is None:
        if state != "CONCLUDED":
            notices.issued(directive, actors["staff"])
    elif state != "CONCLUDED":
        notices.report_moved(report, version, version.created_by)


def _write(directive, report, organization, state, actors, rng):
    """Fill and move ``report`` to ``state``; the last workflow version (None while a draft)."""
    if state == "DRAFT":
        return None
    secretary = _user_with(Role.SECRETARY, organization)
    # The secretary opened the directive before answering it.
    DirectiveTarget.objects.filter(directive=directive, organization=organization).update(
        read_at=datetime.datetime(2017, 11, 7, 8, 30, tzinfo=datetime.UTC), read_by=secretary
    )
    leaders = list(
        Member.objects.filter(organization__path__startswith=organization.path, is_leader=True).order_by("pk")[:3]
    )
    items = list(report.items.select_related("directive_item"))
    for item in items:
        item.facts = f"Đảng ủy đã rà soát việc {item.directive_item.text.lower()} trên địa bàn."
        item.objective_causes = rng.choice(
            ["Địa bàn rộng, dân cư đông.", "Khối lượng công việc lớn, biên chế ít.", "Quy định còn chồng chéo."]
        )
        item.subjective_causes = rng.choice(
            ["Có lúc buông lỏng kiểm tra, giám sát.", "Chưa quyết liệt trong chỉ đạo.", "Phối hợp chưa chặt chẽ."]
        )
        item.collective_responsibility = "Tập thể Đảng ủy, UBND chịu trách nhiệm về những hạn chế đã nêu."
        item.head_responsibility = "Đồng chí Bí thư Đảng ủy chịu trách nhiệm người đứng đầu cấp ủy."
        item.save(update_fields=["facts", "objective_causes", "subjective_causes", "collective_responsibility",
                                 "head_responsibility"])  # fmt: skip
    if leaders:
        IndividualResponsibility.objects.bulk_create(
            IndividualResponsibility(item=item, member=member, member_name=member.full_name,
                                     text="Chịu trách nhiệm trong lĩnh vực được phân công.")
            for item in items[:2]
            for member in leaders[:2]
        )  # fmt: skip
    if state == "DRAFT_FILLED":
        return None
    staff = actors["staff"]
    version = transition(report, SubmissionAction.SUBMIT, secretary)
    if state == "SUBMITTED":
        return version
    first_key = items[0].directive_item.key
    version = transition(
        report, SubmissionAction.RETURN, staff, reasons={first_key: "Chưa làm rõ trách nhiệm của cá nhân."}
    )
    if state == "RETURNED":
        return version
    version = transition(report, SubmissionAction.SUBMIT, secretary)
    if state == "RESUBMITTED":
        return version
    version = transition(report, SubmissionAction.ACCEPT, staff)
    if state == "CONCLUDED":
        conclusion = Conclusion.objects.create(
            directive=directive,
            organization=organization,
            text="Đảng ủy đã tự nhận khuyết điểm nghiêm túc, thẳng thắn, coi đó là bài học kinh nghiệm "
            "trong công tác lãnh đạo, chỉ đạo, kiện toàn bộ máy cán bộ lãnh đạo quản lý.",
            concluded_by=actors["inspection"],
            concluded_at=datetime.datetime(2017, 12, 8, 9, 0, tzinfo=datetime.UTC),
        )
        conclusion.satisfactory_items.set([item.directive_item for item in items[:5]])
        ConcludedShortcoming.objects.bulk_create(
            ConcludedShortcoming(conclusion=conclusion, organization=organization, text=text)
            for text in (
                "Chậm kiện toàn bộ máy cán bộ lãnh đạo quản lý.",
                "Chậm kiện toàn chức danh chủ tịch, phó chủ tịch các hội, đoàn thể.",
            )
        )
    return version
