"""How the trail's rows read: a foreign key to a row since deleted, and the link to the record's page."""

from django.urls import reverse

from audit import display
from audit.models import Action, AuditEvent
from members.models import Membership
from organizations.models import Organization, OrganizationKind
from tests.factories import make_organization


def _change_of(row, label):
    return next((before, after) for name, before, after in row.changes if name == label)


def test_a_reference_to_a_deleted_record_shows_its_last_recorded_name(ward_a, ward_b):
    gone = make_organization("Chi bộ đã giải thể", parent=ward_a, kind=OrganizationKind.BRANCH, code="P-THD-9")
    moved = make_organization("Chi bộ chuyển đi", parent=gone, kind=OrganizationKind.BRANCH, code="P-THD-10")
    moved.parent = ward_b
    moved.save()
    gone.delete()
    event = AuditEvent.objects.filter(model="organizations.organization", object_id=moved.pk, action=Action.UPDATE)
    row = display.rows(event.order_by("-id")[:1])[0]
    before, after = _change_of(row, str(Organization._meta.get_field("parent").verbose_name).capitalize())
    assert before == "(đã xóa) Chi bộ đã giải thể"
    assert after == str(ward_b)


def test_a_reference_to_a_record_the_trail_never_saw_deleted_shows_deleted_and_its_id(ward_a):
    event = AuditEvent(
        model="organizations.organization",
        object_id=ward_a.pk,
        action=Action.UPDATE,
        changes={"parent_id": [987654, None]},
    )
    row = display.rows([event])[0]
    assert row.changes[0][1] == "(đã xóa) #987654"


def test_the_export_keeps_a_references_id_without_looking_it_up(ward_a):
    event = AuditEvent(
        model="organizations.organization",
        object_id=ward_a.pk,
        action=Action.UPDATE,
        changes={"parent_id": [987654, None]},
    )
    assert display.rows([event], with_names=False)[0].changes[0][1] == "#987654"


def test_a_deleted_records_own_row_is_named_by_its_deletion(ward_a):
    gone = make_organization("Chi bộ đã xóa", parent=ward_a, kind=OrganizationKind.BRANCH, code="P-THD-8")
    pk = gone.pk
    gone.delete()
    row = display.rows(
        AuditEvent.objects.filter(model="organizations.organization", object_id=pk, action=Action.DELETE)
    )[0]
    assert row.record == "(đã xóa) Chi bộ đã xóa"


def test_a_record_with_a_page_links_to_it_and_a_part_without_one_to_its_parents(member_a):
    membership = Membership.objects.filter(member=member_a).first()
    assert membership is not None
    rows = display.rows(AuditEvent.objects.about(member_a))
    links = {(row.event.model, row.link) for row in rows}
    member_url = reverse("members:detail", args=[member_a.pk])
    assert ("members.member", member_url) in links
    assert ("members.membership", member_url) in links


def test_the_audit_log_links_members_and_organizations_to_their_pages(login, city_staff, member_a):
    page = login(city_staff).get(reverse("reports:audit_log")).content.decode()
    assert f'href="{reverse("members:detail", args=[member_a.pk])}"' in page
    assert f'href="{reverse("organizations:detail", args=[member_a.organization_id])}"' in page


def test_a_list_of_days_reads_as_numbers_separated_by_commas(ward_a):
    from notifications.models import ReminderSchedule

    event = AuditEvent(
        model="notifications.reminderschedule",
        object_id=1,
        action=Action.UPDATE,
        changes={"escalation_delays": [[3, 7], [3, 7, 14]]},
    )
    field = next(f for f in ReminderSchedule._meta.concrete_fields if f.column == "escalation_delays")
    row = display.rows([event], with_records=False)[0]
    assert row.changes == [(str(field.verbose_name).capitalize(), "3, 7", "3, 7, 14")]


def test_a_creation_folds_its_fields_and_a_change_shows_them(login, city_staff, member_a):
    page = login(city_staff).get(reverse("members:detail", args=[member_a.pk])).content.decode()
    history = page[page.index('id="history"') :]
    assert "<details" in history and "trường được ghi lại" in history


def _closed_memberships(member, organization, years):
    import datetime

    for year in years:
        Membership.objects.create(
            member=member, organization=organization, start=datetime.date(year, 1, 1), end=datetime.date(year, 6, 1)
        )


def test_naming_a_page_of_parts_takes_the_same_queries_for_one_part_or_many(member_a, ward_b):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries():
        with CaptureQueriesContext(connection) as captured:
            rows = display.rows(AuditEvent.objects.about(member_a).order_by("-id")[:10], known=[member_a])
        assert all("#" not in row.record for row in rows)  # every part named
        return len(captured)

    _closed_memberships(member_a, ward_b, [2001])
    one = queries()
    _closed_memberships(member_a, ward_b, [2002, 2003, 2004, 2005])
    assert queries() == one  # each membership's member and organization come from the page's rows


def test_the_page_s_own_object_is_named_without_reading_it_again(member_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        rows = display.rows(AuditEvent.objects.about(member_a).order_by("-id")[:10], known=[member_a])
    assert any(row.record == str(member_a) for row in rows)
    assert not any('FROM "members_member"' in query["sql"] for query in captured)


def test_naming_rows_whose_names_read_rows_the_events_do_not_mention_takes_a_query_per_relation(
    member_a, ward_a, ward_b
):
    import datetime

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _closed_memberships(member_a, ward_b, [2001, 2002, 2003, 2004, 2005])
    for number, membership in enumerate(Membership.objects.filter(organization=ward_b)):
        Membership.objects.filter(pk=membership.pk).update(end=datetime.date(2001 + number, 7, 1))
    updates = AuditEvent.objects.filter(model="members.membership", action=Action.UPDATE).order_by("-id")

    def queries(count):
        with CaptureQueriesContext(connection) as captured:
            rows = display.rows(updates[:count])
        assert len(rows) == count and all(str(member_a) in row.record for row in rows)  # named by member and ward
        return len(captured)

    assert queries(2) == queries(5)  # an update names no member or organization: read once per relation
