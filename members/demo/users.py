"""Demo users, one per role, all with the password ``core.demo.DEMO_PASSWORD``.

Secretaries are linked to the member record of their organization's
secretary, so the users are seeded here, right after the members (accounts
lie below members and organizations and know neither). Idempotent: users are
matched by username, role assignments by their unique key.
"""

from django.contrib.auth.hashers import make_password
from django.db.models import Q

from accounts.models import Role, RoleAssignment, User
from core import demo
from members.models import Member
from organizations.models import Organization

# (username, full name or "" to take the linked member's, role, organization codes)
USERS = (
    ("vanphong", "Văn phòng Thành ủy (minh họa)", Role.CITY_STAFF, (demo.CITY_CODE,)),
    ("bantochuc", "Ban Tổ chức Thành ủy (minh họa)", Role.CITY_STAFF, (demo.CITY_CODE,)),
    ("ubkt", "Ủy ban Kiểm tra Thành ủy (minh họa)", Role.INSPECTION, (demo.CITY_CODE,)),
    ("thuongvu", "Ủy viên Ban Thường vụ phụ trách các phường (minh họa)", Role.STANDING_MEMBER,
     ("P-QUANG-TRUNG", "P-TRAN-DANG-NINH", "P-VI-HOANG", "P-TRAN-HUNG-DAO", "P-NGUYEN-DU")),
    ("thuongvu_xa", "Ủy viên Ban Thường vụ phụ trách các xã (minh họa)", Role.STANDING_MEMBER,
     ("X-LOC-AN", "X-LOC-HOA", "X-MY-XA", "X-NAM-PHONG", "X-NAM-VAN")),
    ("bithu_quangtrung", "", Role.SECRETARY, ("P-QUANG-TRUNG",)),
    ("bithu_trandangninh", "", Role.SECRETARY, ("P-TRAN-DANG-NINH",)),
    ("bithu_vihoang", "", Role.SECRETARY, ("P-VI-HOANG",)),
    ("bithu_tranhungdao", "", Role.SECRETARY, ("P-TRAN-HUNG-DAO",)),
    ("bithu_nguyendu", "", Role.SECRETARY, ("P-NGUYEN-DU",)),
    ("bithu_lochoa", "", Role.SECRETARY, ("X-LOC-HOA",)),
    ("bithu_namphong", "", Role.SECRETARY, ("X-NAM-PHONG",)),
    ("bithu_trantexuong", "", Role.SECRETARY, ("P-TRAN-TE-XUONG",)),
    ("bithu_thcs_trandangninh", "", Role.SECRETARY, ("GD-01",)),
)  # fmt: skip
SUPERUSER = "admin"


def _secretary_member(organization):
    """The member holding the secretary's post in ``organization``'s sub-tree, if any."""
    post = Q(party_position__startswith="Bí thư Đảng ủy") | Q(organization=organization, party_position="Bí thư Chi bộ")
    candidates = Member.objects.filter(post, organization__path__startswith=organization.path, user__isnull=True)
    return candidates.order_by("card_number").first()


def seed(stdout, scale="city"):
    organizations = {org.code: org for org in Organization.objects.filter(code__in={c for u in USERS for c in u[3]})}
    password = make_password(demo.DEMO_PASSWORD)  # hashed once: hashing is slow on purpose
    existing = set(User.objects.values_list("username", flat=True))
    created = 0
    if SUPERUSER not in existing:
        User.objects.create(
            username=SUPERUSER, full_name="Quản trị hệ thống", password=password, is_staff=True, is_superuser=True
        )
        created += 1
    for username, full_name, role, codes in USERS:
        if username in existing:
            continue
        member = _secretary_member(organizations[codes[0]]) if role == Role.SECRETARY else None
        user = User.objects.create(
            username=username,
            full_name=full_name or (member.full_name if member else username),
            password=password,
            member=member,
        )
        RoleAssignment.objects.bulk_create(
            [RoleAssignment(user=user, organization=organizations[code], role=role) for code in codes]
        )
        created += 1
    stdout.write(f"  users: {created} created; password of every demo user: {demo.DEMO_PASSWORD}")
