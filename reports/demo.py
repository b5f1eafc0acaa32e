"""Demo, last chapter: the 2025 restructuring of Nam Định City and the first cycle under Quy định 366.

It runs after every app's 2017 and 2018 data (``seed_demo`` follows
INSTALLED_APPS order, and reports sits above them all), so that history is
recorded under the old tree first and then lives through the restructuring,
through ``organizations.services`` as a real committee would record it:

1. The round of 2024–2025 before the provinces merged, whose exact mapping is
   not verified (``docs/restructuring-2025.md``): central wards merged into
   their neighbours, communes become wards, Lộc An becomes Hưng Lộc. Every
   event of this round carries ``core.demo.INVENTED`` in its note.
2. 1/7/2025: the city's units merged into the eight new wards of the former
   city, under Tỉnh ủy Ninh Bình (Nghị quyết 1674/NQ-UBTVQH15), and Thành ủy
   Nam Định dissolved into Tỉnh ủy Ninh Bình (Nghị quyết 202/2025/QH15). The
   communes that came from other districts are not in the demo.
3. The 2025 cycle of Tỉnh ủy Ninh Bình under QĐ 366 / HD 43, in varied states,
   with two new users: the provincial committee's staff and the secretary of
   the new ward Nam Định.

The 2017 and 2018 cycles are not touched: their records keep the tree of
their year (``reviews.models.placement``), and the 2018 users keep their roles
to read them. City scale only; idempotent (nothing happens once Tỉnh ủy Ninh
Bình exists).
"""

import datetime
import random

from django.contrib.auth.hashers import make_password

from accounts.models import Role, RoleAssignment, User
from core import demo
from organizations import services
from organizations.models import Organization, OrganizationKind, Sector
from reviews import demo as reviews_demo

PROVINCE_CODE = "TINH-NINH-BINH"
MERGED_ON = datetime.date(2025, 7, 1)
INTERIM_ON = datetime.date(2025, 1, 1)
YEAR = 2025

PROVINCES_MERGED = services.Basis(
    number="202/2025/QH15", date=datetime.date(2025, 6, 12), issuer="Quốc hội", note="Hợp nhất tỉnh Nam Định, Hà Nam "
    "và tỉnh Ninh Bình thành tỉnh Ninh Bình; kết thúc hoạt động cấp huyện từ 01/7/2025."
)  # fmt: skip
WARDS_ARRANGED = services.Basis(
    number="1674/NQ-UBTVQH15", date=datetime.date(2025, 6, 16), issuer="Ủy ban Thường vụ Quốc hội",
    note="Sắp xếp các đơn vị hành chính cấp xã của tỉnh Ninh Bình năm 2025.",
)  # fmt: skip
INTERIM = services.Basis(
    number="Minh họa", date=datetime.date(2024, 12, 1), issuer="Minh họa",
    note=f"Vòng sắp xếp 2024–2025: ánh xạ chưa được kiểm chứng. {demo.INVENTED}",
)  # fmt: skip

# Round of 2024–2025 (not verified): ward merged → ward it joins.
INTERIM_MERGERS = {
    "P-VI-HOANG": "P-VI-XUYEN", "P-NGUYEN-DU": "P-VI-XUYEN",
    "P-BA-TRIEU": "P-TRAN-HUNG-DAO", "P-TRAN-TE-XUONG": "P-TRAN-HUNG-DAO",
    "P-TRAN-DANG-NINH": "P-QUANG-TRUNG", "P-PHAN-DINH-PHUNG": "P-QUANG-TRUNG",
    "P-VAN-MIEU": "P-NANG-TINH", "P-NGO-QUYEN": "P-NANG-TINH",
    "P-TRAN-QUANG-KHAI": "P-CUA-BAC", "P-THONG-NHAT": "P-CUA-NAM", "P-HA-LONG": "P-LOC-VUONG",
}  # fmt: skip
# Communes that became wards in that round (code → new name), also not verified.
INTERIM_RENAMES = {
    "X-LOC-HOA": "Đảng bộ phường Lộc Hòa",
    "X-MY-XA": "Đảng bộ phường Mỹ Xá",
    "X-NAM-PHONG": "Đảng bộ phường Nam Phong",
    "X-NAM-VAN": "Đảng bộ phường Nam Vân",
    "X-LOC-AN": "Đảng bộ phường Hưng Lộc",
}
# 1/7/2025 (docs/restructuring-2025.md): new ward → the demo's units it was formed from.
NEW_WARDS = (
    ("PN-NAM-DINH", "Đảng bộ phường Nam Định", (
        "P-LOC-VUONG", "P-VI-XUYEN", "P-TRAN-HUNG-DAO", "P-QUANG-TRUNG", "P-CUA-BAC", "P-NANG-TINH", "P-CUA-NAM",
    )),
    ("PN-THIEN-TRUONG", "Đảng bộ phường Thiên Trường", ("P-LOC-HA",)),
    ("PN-DONG-A", "Đảng bộ phường Đông A", ("X-LOC-HOA",)),
    ("PN-VI-KHE", "Đảng bộ phường Vị Khê", ("X-NAM-PHONG",)),
    ("PN-THANH-NAM", "Đảng bộ phường Thành Nam", ("X-MY-XA",)),
    ("PN-TRUONG-THI", "Đảng bộ phường Trường Thi", ("P-TRUONG-THI",)),
    ("PN-HONG-QUANG", "Đảng bộ phường Hồng Quang", ("X-NAM-VAN",)),
    ("PN-MY-LOC", "Đảng bộ phường Mỹ Lộc", ("X-LOC-AN",)),
)  # fmt: skip
NOT_IN_DEMO = "Các xã từ huyện khác nhập vào (theo Đề án) không có trong dữ liệu minh họa."

# (username, full name, role, organization code)
USERS = (
    ("tinhuy", "Văn phòng Tỉnh ủy Ninh Bình (minh họa)", Role.CITY_STAFF, PROVINCE_CODE),
    ("bithu_phuongnamdinh", "Bí thư Đảng ủy phường Nam Định (minh họa)", Role.SECRETARY, "PN-NAM-DINH"),
)


def is_seeded():
    return Organization.objects.filter(code=PROVINCE_CODE).exists()


def _by_code(code):
    return Organization.objects.get(code=code)


def _interim_round():
    for merged, into in INTERIM_MERGERS.items():
        services.merge([_by_code(merged)], _by_code(into), INTERIM_ON, INTERIM)
    for code, name in INTERIM_RENAMES.items():
        organization = _by_code(code)
        services.rename(organization, name, INTERIM_ON, INTERIM)


def _province():
    province = Organization(
        name="Tỉnh ủy Ninh Bình",
        code=PROVINCE_CODE,
        kind=OrganizationKind.SUPERIOR_COMMITTEE,
        sector=Sector.OTHER,
        valid_from=MERGED_ON,
        description="Tỉnh ủy của tỉnh Ninh Bình mới (hợp nhất Nam Định, Hà Nam, Ninh Bình) từ 01/7/2025. "
        + demo.INVENTED,
    )
    return services.create_organization(province)


def _new_wards(province):
    wards = {}
    for code, name, formed_from in NEW_WARDS:
        into = Organization(
            name=name,
            code=code,
            kind=OrganizationKind.GRASSROOTS_COMMITTEE,
            sector=Sector.WARD,
            parent=province,
            description=NOT_IN_DEMO,
        )
        event = services.merge([_by_code(c) for c in formed_from], into, MERGED_ON, WARDS_ARRANGED)
        wards[code] = event.subject
    return wards


def _users(stdout):
    password = make_password(demo.DEMO_PASSWORD)
    for username, full_name, role, code in USERS:
        user, _created = User.objects.get_or_create(
            username=username, defaults={"full_name": full_name, "password": password}
        )
        RoleAssignment.objects.get_or_create(
            user=user, organization=_by_code(code), role=role, ends_on=None, defaults={"starts_on": MERGED_ON}
        )
    stdout.write(f"  users: {', '.join(u[0] for u in USERS)} (password {demo.DEMO_PASSWORD})\n")
    return User.objects.get(username=USERS[0][0])


def seed(stdout, scale="city"):
    if scale != "city" or is_seeded() or not Organization.objects.filter(code=demo.CITY_CODE).exists():
        stdout.write("  restructuring 2025: nothing to do\n")
        return
    _interim_round()
    province = _province()
    wards = _new_wards(province)
    city = _by_code(demo.CITY_CODE)
    services.dissolve(city, MERGED_ON, PROVINCES_MERGED, successor=province)
    staff = _users(stdout)
    cycle, _created = reviews_demo.open_demo_cycle(province, YEAR, "QD366", staff)
    # In progress, none rated yet: QĐ 366 rates a ward after every member and branch under it.
    reviews_demo.progress(cycle, staff, stdout, random.Random(YEAR), datetime.datetime(YEAR, 12, 20, 9, 0))
    stdout.write(f"  restructuring 2025: {len(wards)} new wards under {province}; cycle {cycle} opened\n")
