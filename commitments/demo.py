"""Demo commitments from the 2017 cycle's collective reviews and directive conclusions, in every state.

Called by ``seed_demo`` after the organizations, members, users, reviews and
directives exist. Deterministic (one seeded Random) and idempotent: each part
(collective reviews, directive conclusions) is skipped when the 2017 cycle
already has commitments of its source. Last, commitments not verified are
carried over into section III of the reviews of every later cycle.
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from accounts.models import Role, RoleAssignment
from commitments import services
from commitments.models import (
    Commitment,
    CommitmentEvent,
    CommitmentStatus,
    EventKind,
    ExtensionRequest,
    ExtensionStatus,
    ProgressUpdate,
    SourceKind,
    Verification,
    VerificationOutcome,
)
from directives.models import ConcludedShortcoming
from members.models import Member
from organizations.models import Organization
from reviews.models import CollectiveReview, CycleKind, CycleStatus, ReviewCycle, RuleSet

SEED = 2017
CREATED_ON = datetime.date(2018, 1, 15)
REPORTED_AT = datetime.datetime(2018, 6, 20, 9, 0, tzinfo=datetime.UTC)
VERIFIED_AT = datetime.datetime(2018, 7, 10, 9, 0, tzinfo=datetime.UTC)

# (shortcoming, measure) pairs typical of 2017 collective reviews under Resolution 4 (invented wording).
PAIRS = [
    (
        "Quy chế làm việc chậm được sửa đổi, chưa sát với thực tế",
        "Rà soát, sửa đổi quy chế làm việc của cấp ủy nhiệm kỳ",
    ),
    (
        "Chất lượng sinh hoạt chi bộ chưa cao, nội dung còn đơn điệu",
        "Sinh hoạt chuyên đề hằng quý theo Hướng dẫn 12-HD/BTGTW",
    ),
    ("Tự phê bình và phê bình còn nể nang, né tránh", "Tổ chức đối thoại định kỳ giữa cấp ủy với đảng viên"),
    ("Quản lý đất đai còn để xảy ra lấn chiếm", "Kiểm tra, xử lý dứt điểm các trường hợp lấn chiếm đất công"),
    ("Trật tự xây dựng chưa được kiểm soát chặt chẽ", "Lập tổ kiểm tra trật tự xây dựng, báo cáo hằng tháng"),
    ("Công tác kiểm tra, giám sát chưa thường xuyên", "Xây dựng và thực hiện chương trình kiểm tra, giám sát năm"),
    ("Việc thực hiện quy chế dân chủ ở cơ sở còn hình thức", "Công khai thu chi ngân sách tại trụ sở và trên loa"),
    (
        "Cải cách hành chính còn chậm, người dân phải đi lại nhiều",
        "Niêm yết thủ tục, rút ngắn thời gian giải quyết hồ sơ",
    ),
]
# Share of commitments per demo state; the remaining ones stay open with a future deadline.
STATES = [
    ("verified", 30),
    ("waiting", 20),
    ("reopened", 10),
    ("overdue", 15),
    ("extended", 10),
    ("open", 15),
]


def _cycle():
    rule_set, _created = RuleSet.objects.get_or_create(
        code="HD27", defaults={"name": "Hướng dẫn 27-HD/BTCTW", "first_year": 2017, "last_year": 2021}
    )
    cycle, _created = ReviewCycle.objects.get_or_create(
        year=2017,
        kind=CycleKind.ANNUAL,
        defaults={
            "rule_set": rule_set,
            "opened_on": datetime.date(2017, 11, 1),
            "reference_date": datetime.date(2017, 12, 31),
            "status": CycleStatus.CLOSED,
        },
    )
    return cycle


def _reviews(cycle, organizations):
    existing = dict(
        CollectiveReview.objects.filter(cycle=cycle, organization__in=organizations).values_list(
            "organization_id", "pk"
        )
    )
    missing = [CollectiveReview(cycle=cycle, organization=org) for org in organizations if org.pk not in existing]
    CollectiveReview.objects.bulk_create(missing, batch_size=1000)
    return dict(
        CollectiveReview.objects.filter(cycle=cycle, organization__in=organizations).values_list(
            "organization_id", "pk"
        )
    )


def _heads(organizations):
    """organization id → (user, name) of its secretary user, else the member titled "Bí thư"."""
    heads = {}
    for member in Member.objects.filter(organization__in=organizations, party_position__icontains="Bí thư").order_by(
        "-pk"
    ):
        heads[member.organization_id] = (None, member.full_name)
    assignments = RoleAssignment.objects.filter(organization__in=organizations, role=Role.SECRETARY).select_related(
        "user"
    )
    for assignment in assignments.order_by("-pk"):
        heads[assignment.organization_id] = (assignment.user, assignment.user.get_full_name())
    return heads


def _first_user(role):
    assignment = RoleAssignment.objects.filter(role=role).select_related("user").order_by("pk").first()
    return assignment.user if assignment else None


def _extension_people(owner, staff, inspector):
    """(requester, decider) for a demo extension, two different people, or None."""
    requester = owner or staff
    decider = staff if requester is not None and staff is not None and requester.pk != staff.pk else inspector
    if requester is None or decider is None or requester.pk == decider.pk:
        return None
    return requester, decider


def _pick_state(rng):
    roll = rng.randrange(100)
    for state, share in STATES:
        if roll < share:
            return state
        roll -= share
    return "open"


@transaction.atomic
def seed(stdout, scale="city"):
    cycle = _cycle()
    _seed_collective(stdout, cycle)
    _seed_directive_conclusions(stdout, cycle)
    carried = sum(services.carry_over(later) for later in ReviewCycle.objects.filter(opened_on__gt=cycle.opened_on))
    stdout.write(f"commitments: {carried} commitments carried over into later cycles")


def _seed_collective(stdout, cycle):
    if Commitment.objects.filter(cycle=cycle, source_kind=SourceKind.COLLECTIVE_REVIEW).exists():
        stdout.write("commitments: 2017 collective-review commitments already present")
        return
    organizations = list(Organization.objects.grassroots().order_by("code"))
    if not organizations:
        stdout.write("commitments: no grassroots organizations yet, skipped")
        return
    rng = random.Random(SEED)
    today = timezone.localdate()
    reviews = _reviews(cycle, organizations)
    heads = _heads(organizations)
    inspector = _first_user(Role.INSPECTION)
    staff = _first_user(Role.CITY_STAFF)

    planned = []
    for organization in organizations:
        head_user, head_name = heads.get(organization.pk, (None, ""))
        for pair_index in rng.sample(range(len(PAIRS)), rng.randint(1, 3)):
            shortcoming, measure = PAIRS[pair_index]
            state = _pick_state(rng)
            if state == "extended" and _extension_people(head_user, staff, inspector) is None:
                state = "open"
            deadline = datetime.date(2018, 6, 30)
            if state in ("overdue", "reopened"):
                deadline = today - datetime.timedelta(days=rng.randint(3, 90))
            elif state in ("open", "extended"):
                deadline = today + datetime.timedelta(days=rng.randint(10, 180))
            commitment = Commitment(
                cycle=cycle,
                source_kind=SourceKind.COLLECTIVE_REVIEW,
                collective_review_id=reviews[organization.pk],
                organization=organization,
                shortcoming=shortcoming,
                measure=measure,
                accountable_user=head_user,
                accountable_name=head_name,
                created_on=CREATED_ON,
                original_deadline=deadline,
                deadline=deadline,
                created_by=staff,
                created_at=datetime.datetime.combine(CREATED_ON, datetime.time(8), tzinfo=datetime.UTC),
            )
            _apply_state(commitment, state, rng)
            commitment.fill_search_text()
            planned.append((commitment, state, head_user))
    Commitment.objects.bulk_create([item[0] for item in planned], batch_size=1000)
    _history(planned, inspector, staff, rng)
    stdout.write(f"commitments: {len(planned)} commitments from the 2017 collective reviews")


# Measures answering the shortcomings of directive conclusions, by keyword of the shortcoming (invented wording).
DIRECTIVE_MEASURES = [
    (
        "bộ máy",
        [
            "Kiện toàn các chức danh lãnh đạo, quản lý còn khuyết trong quý I/2018",
            "Rà soát, bổ sung quy hoạch cán bộ lãnh đạo, quản lý nhiệm kỳ 2020–2025",
        ],
    ),
    (
        "hội",
        [
            "Chỉ đạo các hội, đoàn thể bầu bổ sung chủ tịch, phó chủ tịch",
            "Phân công cấp ủy viên phụ trách từng hội, đoàn thể",
        ],
    ),
]
DEFAULT_MEASURES = ["Xây dựng kế hoạch khắc phục, báo cáo Ban Thường vụ Thành ủy"]
# States given in turn to a conclusion's commitments, so the few of them still show every state.
DIRECTIVE_STATES = ["verified", "waiting", "overdue", "extended", "reopened", "open"]


def _seed_directive_conclusions(stdout, cycle):
    """One commitment per measure of each shortcoming concluded by the 2017 directives (Trần Hưng Đạo's)."""
    if Commitment.objects.filter(cycle=cycle, source_kind=SourceKind.DIRECTIVE_CONCLUSION).exists():
        stdout.write("commitments: 2017 directive commitments already present")
        return
    shortcomings = list(
        ConcludedShortcoming.objects.filter(conclusion__directive__cycle=cycle)
        .select_related("conclusion")
        .order_by("conclusion__organization__code", "pk")
    )
    rng = random.Random(SEED + 1)
    today = timezone.localdate()
    organizations = [shortcoming.conclusion.organization_id for shortcoming in shortcomings]
    heads = _heads(Organization.objects.filter(pk__in=organizations))
    inspector = _first_user(Role.INSPECTION)
    staff = _first_user(Role.CITY_STAFF)
    planned = []
    for shortcoming in shortcomings:
        head_user, head_name = heads.get(shortcoming.conclusion.organization_id, (None, ""))
        text = shortcoming.text.lower()
        measures = next((m for keyword, m in DIRECTIVE_MEASURES if keyword in text), DEFAULT_MEASURES)
        for measure in measures:
            state = DIRECTIVE_STATES[len(planned) % len(DIRECTIVE_STATES)]
            if state == "extended" and _extension_people(head_user, staff, inspector) is None:
                state = "open"
            deadline = datetime.date(2018, 6, 30)
            if state in ("overdue", "reopened"):
                deadline = today - datetime.timedelta(days=rng.randint(3, 90))
            elif state in ("open", "extended"):
                deadline = today + datetime.timedelta(days=rng.randint(10, 180))
            commitment = Commitment(
                cycle=cycle,
                source_kind=SourceKind.DIRECTIVE_CONCLUSION,
                directive_conclusion_id=shortcoming.conclusion_id,
                organization_id=shortcoming.conclusion.organization_id,
                shortcoming=shortcoming.text,
                measure=measure,
                accountable_user=head_user,
                accountable_name=head_name,
                created_on=CREATED_ON,
                original_deadline=deadline,
                deadline=deadline,
                created_by=inspector or staff,
                created_at=datetime.datetime.combine(CREATED_ON, datetime.time(8), tzinfo=datetime.UTC),
            )
            _apply_state(commitment, state, rng)
            commitment.fill_search_text()
            planned.append((commitment, state, head_user))
    Commitment.objects.bulk_create([item[0] for item in planned], batch_size=1000)
    _history(planned, inspector, staff, rng)
    stdout.write(f"commitments: {len(planned)} commitments from the 2017 directive conclusions")


def _apply_state(commitment, state, rng):
    if state == "verified":
        commitment.status = CommitmentStatus.VERIFIED
        commitment.progress = 100
        commitment.completion_summary = "Đã hoàn thành biện pháp, có biên bản kèm theo"
        commitment.reported_completed_at = REPORTED_AT
        commitment.closed_at = VERIFIED_AT
    elif state == "waiting":
        commitment.status = CommitmentStatus.REPORTED_COMPLETED
        commitment.progress = 100
        commitment.completion_summary = "Đã hoàn thành, đề nghị Ủy ban Kiểm tra thẩm định"
        commitment.reported_completed_at = REPORTED_AT + datetime.timedelta(days=rng.randint(0, 30))
    elif state == "reopened":
        commitment.status = CommitmentStatus.REOPENED
        commitment.progress = 60
        commitment.reported_completed_at = REPORTED_AT
    elif state == "overdue":
        commitment.status = CommitmentStatus.IN_PROGRESS
        commitment.progress = rng.choice([20, 40, 50])
    elif state == "extended":
        commitment.status = CommitmentStatus.IN_PROGRESS
        commitment.progress = rng.choice([30, 60, 70])
        commitment.original_deadline = datetime.date(2018, 6, 30)
        commitment.extension_count = 1


def _history(planned, inspector, staff, rng):
    events, updates, verifications, extensions = [], [], [], []
    created_at = datetime.datetime.combine(CREATED_ON, datetime.time(8), tzinfo=datetime.UTC)
    for commitment, state, owner in planned:
        events.append(CommitmentEvent(commitment=commitment, kind=EventKind.CREATED, actor=staff, at=created_at))
        if commitment.progress:
            day = datetime.date(2018, 4, 1)
            updates.append(
                ProgressUpdate(
                    commitment=commitment,
                    date=day,
                    percentage=min(commitment.progress, 50),
                    note="Đã triển khai kế hoạch",
                    created_by=owner,
                )
            )
            events.append(
                CommitmentEvent(
                    commitment=commitment,
                    kind=EventKind.PROGRESS,
                    actor=owner,
                    at=datetime.datetime.combine(day, datetime.time(9), tzinfo=datetime.UTC),
                    note=f"{min(commitment.progress, 50)}%",
                )
            )
        if commitment.reported_completed_at:
            events.append(
                CommitmentEvent(
                    commitment=commitment,
                    kind=EventKind.REPORTED_COMPLETED,
                    actor=owner,
                    at=commitment.reported_completed_at,
                    note=commitment.completion_summary or "Đã hoàn thành",
                )
            )
        if state in ("verified", "reopened"):
            outcome = VerificationOutcome.VERIFIED if state == "verified" else VerificationOutcome.NOT_EFFECTIVE
            assessment = (
                "Biện pháp đã đi vào nền nếp, có chuyển biến rõ"
                if state == "verified"
                else "Chưa có chuyển biến thực chất, cần tiếp tục khắc phục"
            )
            verifications.append(
                Verification(
                    commitment=commitment,
                    outcome=outcome,
                    assessment=assessment,
                    verified_by=inspector,
                    verified_at=VERIFIED_AT,
                )
            )
            kind = EventKind.VERIFIED if state == "verified" else EventKind.NOT_EFFECTIVE
            events.append(
                CommitmentEvent(commitment=commitment, kind=kind, actor=inspector, at=VERIFIED_AT, note=assessment)
            )
        people = _extension_people(owner, staff, inspector) if state == "extended" else None
        if people:
            requester, decider = people
            extensions.append(
                ExtensionRequest(
                    commitment=commitment,
                    previous_deadline=commitment.original_deadline,
                    requested_deadline=commitment.deadline,
                    reason="Ảnh hưởng của mưa bão, cần thêm thời gian",
                    requested_by=requester,
                    requested_at=VERIFIED_AT,
                    status=ExtensionStatus.APPROVED,
                    decided_by=decider,
                    decided_at=VERIFIED_AT,
                )
            )
            events.append(
                CommitmentEvent(commitment=commitment, kind=EventKind.EXTENSION_APPROVED, actor=decider, at=VERIFIED_AT)
            )
    CommitmentEvent.objects.bulk_create(events, batch_size=2000)
    ProgressUpdate.objects.bulk_create(updates, batch_size=2000)
    Verification.objects.bulk_create(verifications, batch_size=2000)
    ExtensionRequest.objects.bulk_create(extensions, batch_size=2000)
