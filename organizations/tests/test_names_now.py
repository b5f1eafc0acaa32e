"""What a ward merged twice since a past day is "now": the last ward of the chain, whoever else is on the page."""

import datetime

from organizations import lineage, services
from organizations.models import Organization, OrganizationKind, Sector
from tests.factories import make_organization

BASIS = services.Basis(number="1674/NQ-UBTVQH15", date=datetime.date(2025, 6, 16), issuer="Ủy ban Thường vụ Quốc hội")
DAY_2017 = datetime.date(2017, 12, 1)


def _new_ward(parent, name, code):
    return Organization(
        name=name, code=code, kind=OrganizationKind.GRASSROOTS_COMMITTEE, sector=Sector.WARD, parent=parent
    )


def _now_names(day, organizations):
    rows = [{"organization": Organization.objects.get(pk=o.pk)} for o in organizations]
    return [row["organization_then"].name_now for row in lineage.attach_names_then(rows, day)]


def test_a_ward_merged_into_one_that_was_merged_again_is_now_the_last_one_even_beside_the_middle_one(db):
    city = make_organization(
        "Đảng bộ Thành phố Nam Định", kind=OrganizationKind.SUPERIOR_COMMITTEE, sector=Sector.OTHER
    )
    phan_dinh_phung = make_organization("Đảng bộ phường Phan Đình Phùng", parent=city)
    quang_trung = make_organization("Đảng bộ phường Quang Trung", parent=city)
    first_round = services.Basis(
        number="1318/NQ-UBTVQH15", date=datetime.date(2024, 11, 14), issuer="Ủy ban Thường vụ Quốc hội"
    )
    services.merge([phan_dinh_phung], quang_trung, datetime.date(2025, 1, 1), first_round)
    nam_dinh = services.merge(
        [Organization.objects.get(pk=quang_trung.pk)],
        _new_ward(city, "Đảng bộ phường Nam Định", "P-ND"),
        datetime.date(2025, 7, 1),
        BASIS,
    ).subject

    # Alone, and on a 2017 page that lists the middle ward too (both ended): both are Nam Định now.
    assert _now_names(DAY_2017, [phan_dinh_phung]) == [nam_dinh.name]
    assert _now_names(DAY_2017, [phan_dinh_phung, quang_trung]) == [nam_dinh.name, nam_dinh.name]
    # Between the two mergers only the second one is still to come: Quang Trung took Phan Đình Phùng in.
    assert _now_names(datetime.date(2025, 3, 1), [quang_trung]) == [nam_dinh.name]
