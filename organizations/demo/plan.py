"""The demo organization tree as plain data, before anything touches the database.

``build_plan(scale)`` returns the units parents-first. It depends only on the
seed value, so the members demo can call it again to learn how many members
each unit gets and what kind of people they are (``profile``).

Codes (stable whatever the seed):

- ``TU`` the city committee; ``TINH`` the province committee (province scale).
- Wards ``P-<NAME>`` (``P-TRAN-HUNG-DAO``), communes ``X-<NAME>`` (``X-LOC-HOA``).
- Invented city units by sector: ``CQ-nn`` agencies, ``GD-nn`` schools,
  ``YT-nn`` health, ``DN-nn`` enterprises, ``LL-nn`` armed forces, ``KH-nn`` other.
- Branches: the grassroots code plus a two-digit number (``P-TRAN-HUNG-DAO-07``).
- Province scale: districts ``H-<NAME>``, their units ``H-<NAME>-nnn``; the
  blocks ``KCQ`` (provincial agencies) and ``KDN`` (provincial enterprises).
"""

import datetime
from dataclasses import dataclass

from core import demo
from core.text import search_key
from organizations.models import OrganizationKind as Kind
from organizations.models import Sector

VALID_FROM = datetime.date(1990, 1, 1)
CITY_MEMBERS = 15_000
PROVINCE_EXTRA_MEMBERS = 85_000

WARDS = (
    "Bà Triệu", "Cửa Bắc", "Cửa Nam", "Hạ Long", "Lộc Hạ", "Lộc Vượng", "Năng Tĩnh", "Ngô Quyền", "Nguyễn Du",
    "Phan Đình Phùng", "Quang Trung", "Thống Nhất", "Trần Đăng Ninh", "Trần Hưng Đạo", "Trần Quang Khải",
    "Trần Tế Xương", "Trường Thi", "Văn Miếu", "Vị Hoàng", "Vị Xuyên",
)  # fmt: skip
COMMUNES = ("Lộc An", "Lộc Hòa", "Mỹ Xá", "Nam Phong", "Nam Vân")

# (sector, code prefix, profile, names of invented grassroots organizations). A
# name starting with "Đảng bộ" is a grassroots committee with branches; the
# others are grassroots cells.
INVENTED = (
    (Sector.AGENCY, "CQ", "agency", (
        "Đảng bộ Cơ quan Ủy ban nhân dân thành phố", "Đảng bộ Khối cơ quan Đảng – Đoàn thể thành phố",
        "Chi bộ Tòa án nhân dân thành phố", "Chi bộ Viện Kiểm sát nhân dân thành phố",
        "Chi bộ Chi cục Thi hành án dân sự thành phố", "Đảng bộ Chi cục Thuế thành phố",
        "Chi bộ Kho bạc Nhà nước thành phố", "Chi bộ Bảo hiểm xã hội thành phố", "Chi bộ Chi cục Thống kê thành phố",
        "Chi bộ Trung tâm Văn hóa – Thể thao thành phố", "Chi bộ Ban Quản lý dự án đầu tư xây dựng thành phố",
        "Chi bộ Đội Quản lý trật tự đô thị thành phố", "Chi bộ Ban Quản lý chợ Rồng",
        "Chi bộ Đài Truyền thanh thành phố",
        "Chi bộ Ngân hàng Chính sách xã hội thành phố", "Chi bộ Trung tâm Phát triển quỹ đất thành phố",
        "Chi bộ Phòng Giáo dục và Đào tạo thành phố", "Chi bộ Hạt Quản lý đê thành phố",
    )),
    (Sector.SCHOOL, "GD", "school", (
        "Chi bộ Trường THCS Trần Đăng Ninh", "Chi bộ Trường THCS Nguyễn Hiền", "Chi bộ Trường THCS Hàn Thuyên",
        "Chi bộ Trường THCS Lê Quý Đôn", "Chi bộ Trường THCS Phan Đình Phùng", "Chi bộ Trường THCS Trần Bích San",
        "Chi bộ Trường THCS Lộc Hạ", "Chi bộ Trường THCS Năng Tĩnh", "Chi bộ Trường THCS Cửa Bắc",
        "Chi bộ Trường THCS Mỹ Xá", "Chi bộ Trường Tiểu học Trần Quốc Toản", "Chi bộ Trường Tiểu học Nguyễn Văn Trỗi",
        "Chi bộ Trường Tiểu học Kim Đồng", "Chi bộ Trường Tiểu học Lê Hồng Phong", "Chi bộ Trường Tiểu học Hùng Vương",
        "Chi bộ Trường Tiểu học Quang Trung", "Chi bộ Trường Tiểu học Vị Xuyên", "Chi bộ Trường Mầm non Hoa Sen",
        "Chi bộ Trường Mầm non Sao Mai", "Chi bộ Trường Mầm non Họa Mi", "Chi bộ Trường Mầm non Hoa Hồng",
        "Đảng bộ Trung tâm Giáo dục nghề nghiệp – Giáo dục thường xuyên thành phố",
    )),
    (Sector.HEALTH, "YT", "health", (
        "Đảng bộ Trung tâm Y tế thành phố", "Đảng bộ Bệnh viện Đa khoa Thành Nam",
        "Chi bộ Phòng khám Đa khoa khu vực Lộc Hạ", "Chi bộ Trung tâm Dân số – Kế hoạch hóa gia đình thành phố",
        "Chi bộ Bệnh viện Y học cổ truyền Thành Nam",
    )),
    (Sector.ENTERPRISE, "DN", "enterprise", (
        "Đảng bộ Công ty Cổ phần Dệt may Sông Đào", "Đảng bộ Công ty Cổ phần Môi trường đô thị Thành Nam",
        "Chi bộ Công ty TNHH Cơ khí Thành Nam", "Chi bộ Công ty Cổ phần Xe khách Vị Hoàng",
        "Chi bộ Công ty TNHH Một thành viên Cấp nước Thành Nam", "Chi bộ Công ty Cổ phần Xây dựng Lộc Vượng",
        "Chi bộ Công ty Cổ phần In Thành Nam", "Chi bộ Hợp tác xã Dịch vụ nông nghiệp Lộc Hòa",
        "Chi bộ Công ty TNHH Thương mại Cửa Bắc", "Chi bộ Công ty Cổ phần Chiếu sáng và Cây xanh Thành Nam",
        "Chi bộ Công ty Cổ phần Bánh kẹo Non Côi", "Chi bộ Quỹ Tín dụng nhân dân Mỹ Xá",
    )),
    (Sector.ARMED_FORCES, "LL", "armed_forces", (
        "Đảng bộ Công an thành phố", "Đảng bộ Quân sự thành phố",
        "Chi bộ Đội Cảnh sát Phòng cháy chữa cháy khu vực thành phố",
    )),
    (Sector.OTHER, "KH", "agency", (
        "Chi bộ Hội Chữ thập đỏ thành phố", "Chi bộ Hội Người mù thành phố", "Chi bộ Ban Quản lý Di tích Đền Trần",
        "Chi bộ Thư viện thành phố", "Chi bộ Nhà Văn hóa Thiếu nhi thành phố",
        "Chi bộ Trung tâm Bảo trợ xã hội thành phố",
        "Chi bộ Hội Luật gia thành phố",
    )),
)  # fmt: skip

PROFILE_BRANCHES = {
    "agency": ("Văn phòng", "Phòng Tổ chức – Hành chính", "Phòng Nghiệp vụ", "Phòng Tổng hợp", "Phòng Kế hoạch"),
    "school": ("Tổ Văn phòng", "Tổ Khoa học tự nhiên", "Tổ Khoa học xã hội", "Tổ Ngoại ngữ", "Tổ Nghề"),
    "health": (
        "Khoa Khám bệnh",
        "Khoa Nội",
        "Khoa Ngoại",
        "Khoa Dược",
        "Phòng Kế hoạch tổng hợp",
        "Khoa Y tế dự phòng",
    ),
    "enterprise": ("Văn phòng Công ty", "Phân xưởng số 1", "Phân xưởng số 2", "Đội Vận hành", "Phòng Kinh doanh"),
    "armed_forces": ("Cơ quan Chỉ huy", "Đội Tham mưu", "Đội Cảnh sát", "Đội Hậu cần", "Đội Nghiệp vụ"),
}

PROVINCE_DISTRICTS = (
    "Mỹ Lộc", "Vụ Bản", "Ý Yên", "Nam Trực", "Trực Ninh", "Xuân Trường", "Giao Thủy", "Hải Hậu", "Nghĩa Hưng",
)  # fmt: skip
# Invented commune names are a district's first syllable with one of these.
_SECOND_SYLLABLES = (
    "An", "Bình", "Châu", "Cường", "Đông", "Hà", "Hòa", "Hưng", "Khánh", "Lạc", "Lâm", "Lợi", "Long", "Minh", "Nghĩa",
    "Phong", "Phú", "Phúc", "Quang", "Sơn", "Tân", "Thành", "Thắng", "Thịnh", "Thuận", "Tiến", "Trung", "Vinh",
)  # fmt: skip
_DISTRICT_CELLS = (
    (Sector.SCHOOL, "school", "Chi bộ Trường THCS"),
    (Sector.SCHOOL, "school", "Chi bộ Trường Tiểu học"),
    (Sector.SCHOOL, "school", "Chi bộ Trường Mầm non"),
    (Sector.HEALTH, "health", "Chi bộ Trạm Y tế"),
    (Sector.AGENCY, "agency", "Chi bộ Phòng"),
    (Sector.ENTERPRISE, "enterprise", "Chi bộ Hợp tác xã"),
)


@dataclass
class Unit:
    code: str
    name: str
    kind: str
    sector: str
    parent: str | None
    profile: str = ""  # what kind of people its members are; see members.demo
    members: int = 0  # members whose own organization is this unit
    description: str = ""


def ascii_code(name):
    return search_key(name).upper().replace(" ", "-")


def _grassroots(units, code, name, kind, sector, parent, description=""):
    unit = Unit(code, name, kind, sector, parent, description=description)
    units.append(unit)
    return unit


def _branch(units, parent, number, name, profile, members):
    units.append(
        Unit(f"{parent.code}-{number:02d}", name, Kind.BRANCH, parent.sector, parent.code, profile, members, "")
    )


def _ward_or_commune(units, rng, code, name, sector, parent):
    grassroots = _grassroots(units, code, name, Kind.GRASSROOTS_COMMITTEE, sector, parent)
    place = "phường" if sector == Sector.WARD else "xã"
    _branch(
        units, grassroots, 1, f"Chi bộ Cơ quan Đảng ủy – Ủy ban nhân dân {place}", "local_office", rng.randint(18, 30)
    )
    _branch(units, grassroots, 2, f"Chi bộ Quân sự {place}", "armed_forces", rng.randint(5, 9))
    if sector == Sector.WARD:
        for number in range(3, 3 + rng.randint(10, 20)):
            _branch(units, grassroots, number, f"Chi bộ Tổ dân phố số {number - 2}", "residential", rng.randint(25, 45))
    else:
        villages = rng.randint(8, 14)
        for number in range(3, 3 + villages):
            _branch(units, grassroots, number, f"Chi bộ xóm {number - 2}", "village", rng.randint(25, 50))
        for number, school in enumerate(("Trường Mầm non", "Trường Tiểu học", "Trường THCS"), start=3 + villages):
            _branch(
                units, grassroots, number, f"Chi bộ {school} {name.split(' xã ')[-1]}", "school", rng.randint(6, 14)
            )


def _invented(units, rng, code, name, sector, profile, parent, small=(8, 29)):
    if name.startswith("Đảng bộ"):
        grassroots = _grassroots(units, code, name, Kind.GRASSROOTS_COMMITTEE, sector, parent, demo.INVENTED)
        choices = PROFILE_BRANCHES[profile]
        for number in range(1, 1 + rng.randint(3, len(choices))):
            _branch(units, grassroots, number, f"Chi bộ {choices[number - 1]}", profile, rng.randint(12, 40))
    else:
        cell = _grassroots(units, code, name, Kind.GRASSROOTS_CELL, sector, parent, demo.INVENTED)
        cell.profile, cell.members = profile, rng.randint(*small)


def _scale_members(units, target):
    """Scale the branch sizes of ``units`` so their members add up to ``target`` (within rounding)."""
    branches = [unit for unit in units if unit.kind == Kind.BRANCH]
    fixed = sum(unit.members for unit in units if unit.kind != Kind.BRANCH)
    factor = (target - fixed) / sum(unit.members for unit in branches)
    for unit in branches:
        unit.members = max(3, round(unit.members * factor))


def city_units(parent=None):
    rng = demo.rng("organizations-city")
    units = [Unit(demo.CITY_CODE, "Đảng bộ Thành phố Nam Định", Kind.SUPERIOR_COMMITTEE, Sector.OTHER, parent)]
    for ward in WARDS:
        _ward_or_commune(units, rng, f"P-{ascii_code(ward)}", f"Đảng bộ phường {ward}", Sector.WARD, demo.CITY_CODE)
    for commune in COMMUNES:
        _ward_or_commune(
            units, rng, f"X-{ascii_code(commune)}", f"Đảng bộ xã {commune}", Sector.COMMUNE, demo.CITY_CODE
        )
    for sector, prefix, profile, names in INVENTED:
        for number, name in enumerate(names, start=1):
            _invented(units, rng, f"{prefix}-{number:02d}", name, sector, profile, demo.CITY_CODE)
    _scale_members(units, CITY_MEMBERS)
    return units


def province_units():
    """The province around the city: nine invented-content districts and two blocks."""
    rng = demo.rng("organizations-province")
    units = [Unit(demo.PROVINCE_CODE, "Đảng bộ tỉnh Nam Định", Kind.SUPERIOR_COMMITTEE, Sector.OTHER, None)]
    description = f"{demo.INVENTED} Quy mô tỉnh để đo hiệu năng."
    for district in PROVINCE_DISTRICTS:
        code = f"H-{ascii_code(district)}"
        units.append(Unit(code, f"Đảng bộ huyện {district}", Kind.SUPERIOR_COMMITTEE, Sector.OTHER, demo.PROVINCE_CODE))
        first = district.split()[0]
        names = [f"{first} {second}" for second in _SECOND_SYLLABLES]
        for number, commune in enumerate(names[:27], start=1):
            _ward_or_commune(units, rng, f"{code}-{number:03d}", f"Đảng bộ xã {commune}", Sector.COMMUNE, code)
            units[-1].description = description
        _ward_or_commune(units, rng, f"{code}-028", f"Đảng bộ thị trấn {district}", Sector.WARD, code)
        for number in range(29, 92):
            sector, profile, prefix = _DISTRICT_CELLS[number % len(_DISTRICT_CELLS)]
            name = f"{prefix} {names[number % len(names)]} số {number}"
            _invented(units, rng, f"{code}-{number:03d}", name, sector, profile, code, small=(6, 20))
    for code, name, count, sector, profile in (
        ("KCQ", "Đảng bộ Khối các cơ quan tỉnh", 50, Sector.AGENCY, "agency"),
        ("KDN", "Đảng bộ Khối doanh nghiệp tỉnh", 39, Sector.ENTERPRISE, "enterprise"),
    ):
        units.append(Unit(code, name, Kind.SUPERIOR_COMMITTEE, Sector.OTHER, demo.PROVINCE_CODE))
        for number in range(1, count + 1):
            prefix = "Đảng bộ" if number % 3 == 0 else "Chi bộ"
            unit_name = f"{prefix} {'Sở' if profile == 'agency' else 'Công ty'} minh họa số {number} ({name[8:]})"
            _invented(units, rng, f"{code}-{number:03d}", unit_name, sector, profile, code)
    for unit in units:
        if unit.kind != Kind.BRANCH and unit.code != demo.PROVINCE_CODE and not unit.description:
            unit.description = description
    _scale_members(units, PROVINCE_EXTRA_MEMBERS)
    return units


def build_plan(scale="city"):
    """The units of ``scale`` ("city" or "province"), parents before children."""
    if scale == "city":
        return city_units()
    if scale == "province":
        province = province_units()
        return [province[0], *city_units(parent=demo.PROVINCE_CODE), *province[1:]]
    raise ValueError(f"Unknown scale {scale!r}")
