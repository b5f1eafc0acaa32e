"""Demo review data: the 2017 cycle (HD 27) completed, the 2018 cycle (QĐ 132) open and in progress.

Called by ``seed_demo`` after the organizations, members and users exist.
Organizations are picked by kind, members by organization, never by code.
Deterministic (fixed random seeds), idempotent (a cycle that exists is left
alone) and built with bulk inserts. The texts are invented for the demo.
"""

import datetime
import random
from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from accounts.models import Role, RoleAssignment
from core import bulk
from core.workflow import ReturnReason, SubmissionAction, SubmissionStatus, SubmissionVersion
from members.models import BodyKind, LeadershipBody, LeadershipSeat, Member, MemberStatus
from organizations.models import GRASSROOTS_KINDS, PATH_SEGMENT, Organization, OrganizationKind, Sector
from organizations.naming import committee_name
from reviews.models import (
    CollectiveReview,
    IndividualReview,
    LeaderReview,
    LeadershipReview,
    MeetingRecord,
    ReviewCycle,
    RuleSet,
)
from reviews.rules import quota_breach
from reviews.services import open_cycle

# The article: 85% of grassroots organizations "trong sạch vững mạnh" or "hoàn thành tốt nhiệm vụ" in 2017.
GOOD_SHARE_2017 = 85
BATCH = 2000

STRENGTHS = (
    "Chấp hành nghiêm nguyên tắc tập trung dân chủ và quy chế làm việc; lãnh đạo hoàn thành các chỉ tiêu "
    "nghị quyết đại hội và kế hoạch năm."
)
WEAKNESSES = (
    "Nội dung sinh hoạt chi bộ có lúc chưa phong phú.\n"
    "Công tác kiểm tra, giám sát chưa thường xuyên.\n"
    "Việc quản lý đất đai, trật tự xây dựng ở một số địa bàn còn buông lỏng."
)
CAUSES = "Khách quan: khối lượng công việc lớn. Chủ quan: một số cấp ủy viên chưa sâu sát."
RESPONSIBILITY = "Trách nhiệm chính thuộc tập thể cấp ủy, trước hết là đồng chí bí thư."
DIRECTIONS = "Đổi mới nội dung sinh hoạt; tăng cường kiểm tra, giám sát; khắc phục dứt điểm các hạn chế đã chỉ ra."
MEMBER_TEXT = {
    "strengths": "Giữ vững lập trường chính trị, gương mẫu thực hiện nhiệm vụ được giao.",
    "weaknesses": "Có lúc chưa mạnh dạn phát biểu ý kiến trong sinh hoạt chi bộ.",
    "directions": "Tích cực nghiên cứu, học tập; thẳng thắn đóng góp ý kiến.",
}


def _root():
    """The superior committee the demo cycles cover: the top one with grassroots organizations under it."""
    for committee in Organization.objects.filter(kind=OrganizationKind.SUPERIOR_COMMITTEE).order_by("depth", "path"):
        if Organization.objects.subtree_of(committee).filter(kind__in=GRASSROOTS_KINDS).exists():
            return committee
    return None


def _city_staff():
    assignment = RoleAssignment.objects.filter(role=Role.CITY_STAFF).select_related("user").order_by("pk").first()
    return assignment.user if assignment else None


def open_demo_cycle(root, year, code, user):
    existing = ReviewCycle.objects.filter(organization=root, year=year, kind="annual", number=1).first()
    if existing:
        return existing, False
    cycle = ReviewCycle(
        year=year,
        rule_set=RuleSet.objects.get(code=code),
        organization=root,
        opened_on=datetime.date(year, 11, 1),
        reference_date=datetime.date(year, 12, 1),
        drafts_due=datetime.date(year, 11, 20),
        meetings_due=datetime.date(year, 12, 15),
        submissions_due=datetime.date(year, 12, 25),
        ratings_due=datetime.date(year, 12, 31),
    )
    return open_cycle(cycle, user), True


def _fill(review):
    if isinstance(review, CollectiveReview):
        review.strengths, review.weaknesses, review.causes = STRENGTHS, WEAKNESSES, CAUSES
        review.responsibility, review.directions = RESPONSIBILITY, DIRECTIONS
    else:
        for name, text in MEMBER_TEXT.items():
            setattr(review, name, text)


def _update_many(model, pks, **values):
    """Set the same ``values`` on every row of ``pks``, a batch per UPDATE.

    Demo reviews of one kind share their texts and level, so grouped UPDATEs
    replace ``bulk_update``'s per-row CASE expressions, which take minutes at
    province scale.
    """
    for start in range(0, len(pks), BATCH):
        model.objects.filter(pk__in=pks[start : start + BATCH]).update(**values)


def _versions(reviews, steps, user, at):
    """Immutable versions for reviews moved straight into a state: ``steps`` is a list of actions."""
    if not reviews:
        return []
    content_type = ContentType.objects.get_for_model(reviews[0])
    status_after = {
        SubmissionAction.SUBMIT: SubmissionStatus.SUBMITTED,
        SubmissionAction.RETURN: SubmissionStatus.RETURNED,
        SubmissionAction.ACCEPT: SubmissionStatus.ACCEPTED,
    }
    rows = []
    for review in reviews:
        for number, action in enumerate(steps, 1):
            after = status_after[action]
            if action == SubmissionAction.SUBMIT and number > 1:
                after = SubmissionStatus.RESUBMITTED
            rows.append(
                SubmissionVersion(
                    content_type=content_type,
                    object_id=review.pk,
                    number=number,
                    action=action,
                    status_after=after,
                    snapshot=review.snapshot(),
                    created_by=user,
                    created_at=at,
                )
            )
    return SubmissionVersion.objects.bulk_create(rows, batch_size=BATCH)


def _organization_levels_2017(count, rated):
    """Levels for ``count`` grassroots organizations, exactly 85% TSVM or HTTNV (rounded), best first."""
    good = round(count * GOOD_SHARE_2017 / 100)
    good = min(good, rated)
    tsvm = good * 58 // 100
    rest = rated - good
    weak = rest // 6
    return ["tsvm"] * tsvm + ["httnv"] * (good - tsvm) + ["htnv"] * (rest - weak) + ["yeu_kem"] * weak


def _member_levels_2017(cycle, member_rows, rng):
    """{level: review pks} for the 2017 members, drawn at random, then held to the quota of the rule set.

    The draw gives about 10% "xuất sắc" against 76% "tốt" overall, but a small organization may draw more
    than its quota allows: the extra ones become "tốt", as the decision's quota check would have refused
    them (``reviews.rating.check_quota``: counted within each grassroots organization).
    """
    rules = cycle.rules
    top, base = rules.top("member"), rules.quota_base("member")
    grassroots = set(
        cycle.collective_reviews.filter(organization__kind__in=GRASSROOTS_KINDS).values_list(
            "organization__path", flat=True
        )
    )
    by_group = defaultdict(lambda: defaultdict(list))
    for pk, path in member_rows:
        # The member's grassroots organization: the one of the path's prefixes (a segment each) that is one.
        prefixes = (path[:end] for end in range(PATH_SEGMENT, len(path) + 1, PATH_SEGMENT))
        group = next((prefix for prefix in prefixes if prefix in grassroots), path)
        roll = rng.random()
        level = "htxsnv" if roll < 0.1 else "httnv" if roll < 0.86 else "htnv" if roll < 0.985 else "khtnv"
        by_group[group][level].append(pk)
    by_level = defaultdict(list)
    for levels in by_group.values():
        while levels[top] and quota_breach(len(levels[top]), len(levels[base]), rules.quota_limit()):
            levels[base].append(levels[top].pop())
        for level, pks in levels.items():
            by_level[level].extend(pks)
    return by_level


@transaction.atomic
def _complete_2017(cycle, user, stdout):
    rng = random.Random(2017)
    at = timezone.make_aware(datetime.datetime(2017, 12, 28, 9, 0))
    reviews = list(cycle.collective_reviews.select_related("organization").order_by("organization__path"))
    grassroots = [r for r in reviews if r.organization.kind in GRASSROOTS_KINDS]
    rated = [r for r in grassroots if r.is_rated]
    levels = _organization_levels_2017(len(grassroots), len(rated))
    rng.shuffle(levels)
    for review, level in zip(rated, levels, strict=True):
        review.decided_level = review.proposed_level = review.self_level = level
    for review in reviews:
        _fill(review)
        if review.is_rated and review not in rated:
            review.decided_level = rng.choice(["tsvm", "httnv", "httnv", "htnv"])
            review.proposed_level = review.self_level = review.decided_level
        review.status = SubmissionStatus.ACCEPTED
        review.submitted_at = review.accepted_at = review.decided_at = review.proposed_at = at
        review.decided_by = review.proposed_by = user
    bulk.update(
        CollectiveReview,
        reviews,
        [
            "strengths", "weaknesses", "causes", "responsibility", "directions", "status", "submitted_at",
            "accepted_at", "self_level", "proposed_level", "proposed_by", "proposed_at", "decided_level",
            "decided_by", "decided_at",
        ],
    )  # fmt: skip
    _versions(reviews, [SubmissionAction.SUBMIT, SubmissionAction.ACCEPT], user, at)
    MeetingRecord.objects.bulk_create(
        [
            MeetingRecord(
                review=review,
                held_on=datetime.date(2017, 12, 10 + index % 10),
                draft_shared_on=datetime.date(2017, 12, 4),
                attendees_expected=30,
                attendees_present=28,
                minutes="Hội nghị thống nhất thông qua báo cáo kiểm điểm.",
            )
            for index, review in enumerate(reviews)
        ],
        batch_size=BATCH,
    )

    member_rows = list(cycle.individual_reviews.order_by("pk").values_list("pk", "organization__path"))
    member_ids = [pk for pk, _path in member_rows]
    by_level = _member_levels_2017(cycle, member_rows, rng)
    for level, pks in by_level.items():
        _update_many(
            IndividualReview,
            pks,
            **MEMBER_TEXT,
            self_level=level,
            proposed_level=level,
            decided_level=level,
            status=SubmissionStatus.ACCEPTED,
            submitted_at=at,
            accepted_at=at,
            decided_at=at,
            decided_by=user,
        )
    members = member_ids
    good = sum(1 for r in grassroots if r.decided_level in ("tsvm_tb", "tsvm", "httnv"))
    stdout.write(
        f"  2017: {len(reviews)} collective reviews accepted, {good}/{len(grassroots)} grassroots organizations "
        f"“trong sạch vững mạnh” or “hoàn thành tốt nhiệm vụ”; {len(members)} individual reviews\n"
    )


# (share of grassroots organizations, state) for the 2018 cycle in progress.
STATES_2018 = [
    (30, "draft_empty"),
    (15, "draft_written"),
    (15, "submitted"),
    (10, "returned"),
    (10, "resubmitted"),
    (12, "accepted"),
    (8, "rated"),
]


@transaction.atomic
def _rate_2018(review, rng):
    review.self_level = review.proposed_level = review.decided_level = rng.choice(["httnv", "httnv", "htnv"])


def _progress_2018(cycle, user, stdout):
    progress(cycle, user, stdout, random.Random(2018), datetime.datetime(2018, 12, 20, 9, 0), _rate_2018)


def progress(cycle, user, stdout, rng, moment, rate=None):
    """Put ``cycle``'s reviews in varied states (``STATES_2018``), drawn from ``rng``, as done at ``moment``.

    ``rate(review, rng)`` sets the levels of a rated review; without it (QĐ 366 rates an organization only
    after every member and unit below it, ``reviews.rule_check``) those stay accepted, not yet rated.
    """
    at = timezone.make_aware(moment)
    year = cycle.year
    reviews = list(cycle.collective_reviews.select_related("organization").order_by("organization__path"))
    states = [state for share, state in STATES_2018 for _ in range(share)]
    by_state = {}
    for review in reviews:
        state = rng.choice(states)
        by_state.setdefault(state, []).append(review)
        if state == "draft_empty":
            continue
        _fill(review)
        if state == "returned":
            review.status = SubmissionStatus.RETURNED
        elif state in ("submitted", "resubmitted"):
            review.status = SubmissionStatus[state.upper()]
            review.submitted_at = at
        elif state in ("accepted", "rated"):
            review.status = SubmissionStatus.ACCEPTED
            review.submitted_at = review.accepted_at = at
        if state == "rated" and review.is_rated and rate is not None:
            rate(review, rng)
            review.decided_by, review.decided_at = user, at
    bulk.update(
        CollectiveReview,
        reviews,
        [
            "strengths", "weaknesses", "causes", "responsibility", "directions", "status", "submitted_at",
            "accepted_at", "self_level", "proposed_level", "decided_level", "decided_by", "decided_at",
        ],
    )  # fmt: skip
    submit, give_back, accept = SubmissionAction.SUBMIT, SubmissionAction.RETURN, SubmissionAction.ACCEPT
    _versions(by_state.get("submitted", []), [submit], user, at)
    returned = _versions(by_state.get("returned", []), [submit, give_back], user, at)
    _versions(by_state.get("resubmitted", []), [submit, give_back, submit], user, at)
    _versions(by_state.get("accepted", []) + by_state.get("rated", []), [submit, accept], user, at)
    ReturnReason.objects.bulk_create(
        [
            ReturnReason(version=v, section="weaknesses", text="Đề nghị nêu rõ nguyên nhân chủ quan của từng hạn chế.")
            for v in returned
            if v.action == give_back
        ]
    )
    met = [
        r for state in ("submitted", "returned", "resubmitted", "accepted", "rated") for r in by_state.get(state, [])
    ]
    MeetingRecord.objects.bulk_create(
        [
            MeetingRecord(
                review=review,
                held_on=datetime.date(year, 12, 12),
                draft_shared_on=datetime.date(year, 12, 10 if index % 7 == 0 else 6),  # a few shared too late
                attendees_expected=25,
                attendees_present=23,
                standing_member="Ủy viên Ban Thường vụ phụ trách",
                minutes="Hội nghị kiểm điểm tập thể và cá nhân.",
            )
            for index, review in enumerate(met)
        ],
        batch_size=BATCH,
    )
    members = _member_progress_2018(cycle, by_state, rng, user, at)
    summary = ", ".join(f"{state} {len(items)}" for state, items in sorted(by_state.items()))
    stdout.write(f"  {year}: {len(reviews)} collective reviews in progress ({summary}); {len(members)} individual\n")


# What the members' reviews of a grassroots organization are at, by the step of its collective review: an
# organization rates itself after its members' reviews are done, so the board's "members' reviews accepted"
# follows the collective review ((share written, share submitted, share accepted) of its members).
MEMBERS_BY_STATE_2018 = {
    "draft_empty": (0.2, 0.0, 0.0),
    "draft_written": (0.4, 0.3, 0.0),
    "submitted": (0.0, 0.4, 0.6),
    "returned": (0.0, 0.5, 0.5),
    "resubmitted": (0.0, 0.3, 0.7),
    "accepted": (0.0, 0.0, 1.0),
    "rated": (0.0, 0.0, 1.0),
}


def _member_progress_2018(cycle, by_state, rng, user, at):
    """The members' reviews written, submitted or accepted as their grassroots organization's review goes."""
    state_of = {
        r.organization.path: state for state, items in by_state.items() for r in items if r.organization.is_grassroots
    }
    length = len(next(iter(state_of))) if state_of else 0
    written, submitted, accepted = [], [], []
    members = list(cycle.individual_reviews.order_by("pk").values_list("pk", "organization__path"))
    for pk, path in members:
        shares = MEMBERS_BY_STATE_2018[state_of.get(path[:length], "draft_empty")]
        roll = rng.random()
        if roll < shares[2]:
            accepted.append(pk)
        elif roll < shares[2] + shares[1]:
            submitted.append(pk)
        elif roll < sum(shares):
            written.append(pk)
    _update_many(IndividualReview, written, **MEMBER_TEXT)
    _update_many(IndividualReview, submitted, **MEMBER_TEXT, status=SubmissionStatus.SUBMITTED, submitted_at=at)
    _update_many(
        IndividualReview, accepted, **MEMBER_TEXT, status=SubmissionStatus.ACCEPTED, submitted_at=at, accepted_at=at
    )
    return members


# The city committee's leadership collectives (the article: the Standing Committee and the Executive Committee
# reviewed as collectives, every standing member individually). Seats of the 2015–2020 term; the sizes are the
# usual ones of a city committee, the people are members of the demo's agencies who hold a post there.
EXECUTIVE_SEATS = 35
STANDING_SEATS = 13
TERM_START = datetime.date(2015, 10, 20)
LEADER_TEXT = {
    "strengths": "Giữ vững nguyên tắc tập trung dân chủ; chỉ đạo quyết liệt lĩnh vực được phân công.",
    "weaknesses": "Việc kiểm tra, đôn đốc cơ sở trong lĩnh vực phụ trách có lúc chưa thường xuyên.",
    "directions": "Sâu sát cơ sở hơn; chỉ đạo dứt điểm các việc tồn đọng.",
    "collective_comments": "Tập thể thống nhất đánh giá đồng chí gương mẫu, đoàn kết; cần sâu sát cơ sở hơn.",
}


def _leadership_bodies(root):
    """The city committee's Executive and Standing Committees with their seats (idempotent)."""
    name = committee_name(root)
    executive, created = LeadershipBody.objects.get_or_create(
        organization=root, kind=BodyKind.EXECUTIVE, defaults={"name": f"Ban Chấp hành {name}"}
    )
    standing, _created = LeadershipBody.objects.get_or_create(
        organization=root, kind=BodyKind.STANDING, defaults={"name": f"Ban Thường vụ {name}"}
    )
    if not created:
        return
    leaders = list(
        Member.objects.filter(
            organization__path__startswith=root.path,
            organization__sector=Sector.AGENCY,  # the city's Party and government agencies
            is_leader=True,
            works_in_political_system=True,
            status=MemberStatus.ACTIVE,
            admission_date__lt=TERM_START,
        ).order_by("organization__path", "pk")[:EXECUTIVE_SEATS]
    )
    heads = ["Bí thư", "Phó Bí thư", "Phó Bí thư"]  # the head first, then the deputies (Hướng dẫn 43's order)
    seats = []
    for position, member in enumerate(leaders, start=1):
        if position <= STANDING_SEATS:
            title = f"{heads[position - 1] if position <= len(heads) else 'Ủy viên Ban Thường vụ'} {name}"
            seats.append(LeadershipSeat(body=standing, member=member, title=title, position=position, start=TERM_START))
        else:
            title = f"Ủy viên Ban Chấp hành {name}"
        seats.append(LeadershipSeat(body=executive, member=member, title=title, position=position, start=TERM_START))
    LeadershipSeat.objects.bulk_create(seats)


# A ward's đảng ủy is a leadership collective too: the article's first directed ward, for its secretary's pages.
WARD_COMMITTEE = "Đảng bộ phường Quang Trung"


def _ward_committee(root):
    """The đảng ủy of the demo's first directed ward, its members those whose Party post is in it (idempotent)."""
    ward = Organization.objects.subtree_of(root).filter(name=WARD_COMMITTEE).first()
    if ward is None:
        return
    body, created = LeadershipBody.objects.get_or_create(
        organization=ward, kind=BodyKind.EXECUTIVE, defaults={"name": committee_name(ward)}
    )
    if not created:
        return
    members = Member.objects.filter(
        organization__path__startswith=ward.path,
        party_position__contains="Đảng ủy",
        status=MemberStatus.ACTIVE,
        admission_date__lt=TERM_START,
    ).order_by("organization__path", "pk")
    LeadershipSeat.objects.bulk_create(
        LeadershipSeat(body=body, member=member, title=member.party_position, position=position, start=TERM_START)
        for position, member in enumerate(members, start=1)
    )


def _leadership_2018(cycle, user, at):
    """The Standing Committee's review accepted with the province's delegation, every standing member's review
    there accepted with the collective's comments; the Executive Committee's and the ward đảng ủy's submitted
    (the ward's directed by the city's standing member in charge)."""
    for review in LeadershipReview.objects.filter(cycle=cycle).select_related("body"):
        city = review.organization_id == cycle.organization_id
        standing = review.body.kind == BodyKind.STANDING
        for name, text in (("strengths", STRENGTHS), ("weaknesses", WEAKNESSES), ("causes", CAUSES)):
            setattr(review, name, text)
        review.responsibility, review.directions = RESPONSIBILITY, DIRECTIONS
        review.held_on = datetime.date(2018, 12, 14 if standing else 18)
        if city:
            review.directed_by = "Đồng chí Ủy viên Ban Thường vụ Tỉnh ủy, Trưởng Ban Tổ chức Tỉnh ủy"
            review.delegation = "Đoàn công tác của Ban Thường vụ Tỉnh ủy; đại diện Ban Tổ chức, Ủy ban Kiểm tra Tỉnh ủy"
        else:
            review.directed_by = "Đồng chí Ủy viên Ban Thường vụ Thành ủy phụ trách"
            review.delegation = "Đại diện Ban Tổ chức, Ủy ban Kiểm tra Thành ủy"
        review.status = SubmissionStatus.ACCEPTED if standing else SubmissionStatus.SUBMITTED
        review.submitted_at = at
        review.accepted_at = at if standing else None
        review.save()
        _versions(
            [review],
            [SubmissionAction.SUBMIT, SubmissionAction.ACCEPT] if standing else [SubmissionAction.SUBMIT],
            user,
            at,
        )
        LeaderReview.objects.filter(leadership_review=review).update(
            **LEADER_TEXT,
            status=SubmissionStatus.ACCEPTED if standing else SubmissionStatus.SUBMITTED,
            submitted_at=at,
            accepted_at=at if standing else None,
        )


def seed(stdout, scale="city"):
    """Add the 2017 and 2018 review cycles; running it again changes nothing."""
    root = _root()
    if root is None:
        stdout.write("reviews: no superior committee with grassroots organizations; nothing to seed\n")
        return
    user = _city_staff()
    cycle_2017, created = open_demo_cycle(root, 2017, "HD27", user)
    if created:
        if not cycle_2017.collective_reviews.exists():
            stdout.write("reviews: no organization existed on 01/12/2017 (check the organizations' valid_from)\n")
        _complete_2017(cycle_2017, user, stdout)
    if not ReviewCycle.objects.filter(organization=root, year=2018).exists():
        _leadership_bodies(root)  # seated from 2015, recorded for the 2018 cycle (the 2017 one is closed)
        _ward_committee(root)
    cycle_2018, created = open_demo_cycle(root, 2018, "QD132", user)
    if created:
        _progress_2018(cycle_2018, user, stdout)
        _leadership_2018(cycle_2018, user, timezone.make_aware(datetime.datetime(2018, 12, 20, 9, 0)))
    stdout.write(f"reviews: cycles {cycle_2017} and {cycle_2018} ready ({scale})\n")
