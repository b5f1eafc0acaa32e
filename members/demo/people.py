"""Invented demo members: who they are, by the kind of unit they belong to.

``people(units, rng, first_number)`` yields ``(unit code, field values)`` for
every member of the plan's units, in a fixed order, so a given seed always
gives the same people with the same card numbers. Ages, the share of retired
members, excused elderly members, suspended members and recent admissions
follow the unit's ``profile``.
"""

import datetime

from core import demo
from core.text import search_key
from members.demo.names import (
    FAMILY_NAMES,
    FEMALE_GIVEN,
    FEMALE_MIDDLE_OLD,
    FEMALE_MIDDLE_YOUNG,
    MALE_GIVEN,
    MALE_MIDDLE_OLD,
    MALE_MIDDLE_YOUNG,
    weighted,
)
from members.models import MIN_ADMISSION_AGE, PROBATION_MONTHS, MemberStatus, Sex, add_months
from organizations.models import OrganizationKind, Sector

REF = demo.REFERENCE_DATE
PROVINCE_ID_CODE = "036"  # Nam Định's code in the 12-digit citizen ID
CARD_PREFIX = "36"

# profile: (female share, (min, max) age of working members, share of retired members,
#           works in the political system, head title, deputy title, staff titles)
PROFILES = {
    "residential": (0.45, (28, 59), 0.78, False, "", "", ("",) * 9 + ("Tổ trưởng tổ dân phố",)),
    "village": (0.40, (25, 59), 0.45, False, "", "", ("",) * 9 + ("Trưởng xóm",)),
    "local_office": (0.35, (25, 58), 0.0, True, "", "", (
        "Công chức Địa chính – Xây dựng", "Công chức Tư pháp – Hộ tịch", "Công chức Văn hóa – Xã hội",
        "Công chức Văn phòng – Thống kê", "Công chức Tài chính – Kế toán",
    )),
    "agency": (0.50, (24, 59), 0.0, True, "Thủ trưởng cơ quan", "Phó Thủ trưởng cơ quan",
               ("Chuyên viên", "Chuyên viên", "Chuyên viên chính", "Cán sự", "Kế toán")),
    "school": (0.75, (23, 58), 0.0, True, "Hiệu trưởng", "Phó Hiệu trưởng",
               ("Giáo viên", "Giáo viên", "Giáo viên", "Tổ trưởng chuyên môn", "Nhân viên văn phòng")),
    "health": (0.65, (24, 59), 0.0, True, "Giám đốc", "Phó Giám đốc",
               ("Bác sĩ", "Điều dưỡng", "Điều dưỡng", "Dược sĩ", "Kỹ thuật viên")),
    "enterprise": (0.40, (22, 58), 0.0, False, "Giám đốc", "Phó Giám đốc",
                   ("Công nhân", "Công nhân", "Kỹ sư", "Kế toán", "Nhân viên kinh doanh")),
    "armed_forces": (0.10, (21, 55), 0.0, True, "Chỉ huy trưởng", "Phó Chỉ huy trưởng",
                     ("Cán bộ", "Chiến sĩ", "Chiến sĩ", "Trợ lý", "Nhân viên")),
}  # fmt: skip
LOCAL_OFFICERS = (
    # (Party position, government position, mass organization position), all leaders
    ("Bí thư Đảng ủy", "", ""),
    ("Phó Bí thư Thường trực Đảng ủy", "", ""),
    ("Phó Bí thư Đảng ủy", "Chủ tịch Ủy ban nhân dân", ""),
    ("Đảng ủy viên", "Phó Chủ tịch Ủy ban nhân dân", ""),
    ("Đảng ủy viên", "", "Chủ tịch Ủy ban Mặt trận Tổ quốc"),
    ("Đảng ủy viên", "Trưởng Công an", ""),
    ("Đảng ủy viên", "", "Chủ tịch Hội Liên hiệp Phụ nữ"),
    ("Đảng ủy viên", "", "Bí thư Đoàn Thanh niên"),
)
RESIDENTIAL_MASS_POSITIONS = (
    "Chi hội trưởng Hội Cựu chiến binh",
    "Chi hội trưởng Hội Người cao tuổi",
    "Chi hội trưởng Chi hội Phụ nữ",
    "Trưởng ban công tác Mặt trận",
)
# Recent admissions, for the eligibility rule (admitted less than 6 months before 31/12).
RECENT_WINDOWS = (
    (datetime.date(2017, 7, 1), datetime.date(2017, 12, 31)),
    (datetime.date(2018, 1, 1), datetime.date(2018, 6, 30)),
    (datetime.date(2018, 7, 1), datetime.date(2018, 12, 20)),
)

_FAMILY = weighted(FAMILY_NAMES)
_MIDDLE = {
    (Sex.MALE, True): weighted(MALE_MIDDLE_OLD),
    (Sex.MALE, False): weighted(MALE_MIDDLE_YOUNG),
    (Sex.FEMALE, True): weighted(FEMALE_MIDDLE_OLD),
    (Sex.FEMALE, False): weighted(FEMALE_MIDDLE_YOUNG),
}


def _day_between(rng, start, end):
    return start + datetime.timedelta(days=rng.randint(0, max((end - start).days, 0)))


def _years_before(day, years):
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _name(rng, sex, born):
    values, cumulative = _FAMILY
    family = rng.choices(values, cum_weights=cumulative)[0]
    values, cumulative = _MIDDLE[(sex, born.year < 1965)]
    middle = rng.choices(values, cum_weights=cumulative)[0]
    given = rng.choice(MALE_GIVEN if sex == Sex.MALE else FEMALE_GIVEN)
    if given == middle:
        given = rng.choice(MALE_GIVEN if sex == Sex.MALE else FEMALE_GIVEN)
    return f"{family} {middle} {given}"


def _citizen_id(sex, born, number):
    century_sex = (0 if born.year < 2000 else 2) + (1 if sex == Sex.FEMALE else 0)
    # 7919 is coprime with 10**6, so the last six digits differ for every member number.
    return f"{PROVINCE_ID_CODE}{century_sex}{born.year % 100:02d}{(number * 7919) % 1_000_000:06d}"


def _one(rng, profile, number, officer):
    """Field values of one member; ``officer`` is None or (Party, government, mass) positions."""
    female_share, (young, old), retired_share, political, _head, _deputy, titles = PROFILES[profile]
    sex = Sex.FEMALE if rng.random() < female_share else Sex.MALE
    if officer and "Phụ nữ" in officer[2]:
        sex = Sex.FEMALE
    retired = officer is None and rng.random() < retired_share
    if retired:
        age = rng.randint(55 if sex == Sex.FEMALE else 60, 93) if rng.random() < 0.97 else rng.randint(94, 99)
    else:
        age = rng.randint(max(young, 32) if officer else young, old)
    born = _day_between(rng, _years_before(REF, age + 1) + datetime.timedelta(days=1), _years_before(REF, age))
    adult = _years_before(born, -MIN_ADMISSION_AGE) + datetime.timedelta(days=1)
    if not retired and officer is None and age < 45 and rng.random() < 0.06:
        admitted = _day_between(rng, *rng.choice(RECENT_WINDOWS))
    else:
        admission_age = rng.randint(MIN_ADMISSION_AGE, min(40, age))
        admitted = _day_between(rng, _years_before(born, -admission_age), _years_before(born, -admission_age - 1))
    admitted = min(max(admitted, adult), REF)
    full = add_months(admitted, PROBATION_MONTHS)
    values = {
        "full_name": _name(rng, sex, born),
        "sex": sex,
        "date_of_birth": born,
        "card_number": f"{CARD_PREFIX}{number:06d}",
        "citizen_id": _citizen_id(sex, born, number),
        "admission_date": admitted,
        "full_membership_date": full if full <= REF else None,
        "party_position": "",
        "government_position": "",
        "mass_organization_position": "",
        "is_leader": False,
        "works_in_political_system": political and not retired,
        "status": MemberStatus.ACTIVE,
        "status_since": None,
    }
    if officer:
        values["party_position"], values["government_position"], values["mass_organization_position"] = officer
        values["is_leader"] = bool(
            values["government_position"]
            or profile in {"local_office", "agency", "school", "health", "enterprise", "armed_forces"}
        )
    elif not retired:
        values["government_position"] = rng.choice(titles)
    if retired and age >= 75 and rng.random() < (0.35 if age >= 80 else 0.08):
        values["status"] = MemberStatus.EXCUSED
        values["status_since"] = _day_between(rng, max(admitted, _years_before(born, -75)), REF)
    elif rng.random() < 0.0012:
        values["status"] = MemberStatus.SUSPENDED
        values["status_since"] = _day_between(rng, max(admitted, datetime.date(2018, 1, 1)), REF)
    elif not retired and rng.random() < 0.005:
        values["status"] = MemberStatus.TEMPORARY_ELSEWHERE
        values["status_since"] = _day_between(rng, max(admitted, datetime.date(2017, 1, 1)), REF)
    if retired and not values["mass_organization_position"] and rng.random() < 0.06:
        values["mass_organization_position"] = rng.choice(RESIDENTIAL_MASS_POSITIONS)
    return values


def _officers(unit, heads_grassroots):
    """Positions of the first members of ``unit``, in order."""
    _f, _a, _r, _p, head, deputy, _titles = PROFILES[unit.profile]
    place = {Sector.WARD: "phường", Sector.COMMUNE: "xã"}.get(unit.sector, "")
    if unit.profile == "local_office":
        return [
            (f"{party} {place}".strip() if party.startswith(("Bí thư", "Phó Bí thư")) else party,
             f"{government} {place}".strip() if government else "", f"{mass} {place}".strip() if mass else "")
            for party, government, mass in LOCAL_OFFICERS
        ]  # fmt: skip
    first = "Bí thư Đảng ủy" if heads_grassroots and unit.kind == OrganizationKind.BRANCH else "Bí thư Chi bộ"
    if unit.profile in {"residential", "village"}:
        return [(first, "", ""), ("Phó Bí thư Chi bộ", "", ""), ("Chi ủy viên", "", "")]
    if heads_grassroots:
        return [(first, head, ""), ("Phó Bí thư Chi bộ", deputy, ""), ("Chi ủy viên", "", "Chủ tịch Công đoàn")]
    return [("Bí thư Chi bộ", "Trưởng bộ phận", ""), ("Chi ủy viên", "Phó Trưởng bộ phận", "")]


def people(units, rng, first_number):
    """``(unit code, values)`` of every member of ``units`` with ``members`` > 0."""
    number = first_number
    heads = {unit.code for unit in units if unit.kind == OrganizationKind.GRASSROOTS_CELL}
    heads |= {f"{unit.code}-01" for unit in units if unit.kind == OrganizationKind.GRASSROOTS_COMMITTEE}
    for unit in units:
        officers = _officers(unit, unit.code in heads) if unit.members else []
        for index in range(unit.members):
            values = _one(rng, unit.profile, number, officers[index] if index < len(officers) else None)
            values["search_text"] = search_key(f"{values['full_name']} {values['card_number']}")
            yield unit.code, values
            number += 1
