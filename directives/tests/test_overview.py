"""The cycle overview, section IV of the collective review, and the list's query budget."""

import datetime

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.errors import DomainError
from directives import services
from directives.models import ExplanationReport
from directives.tests.conftest import fill_report
from tests.factories import make_member, make_organization, make_user


def _issue_directives(count, cycle, city, inspector, city_staff, standing, items, start=0):
    for number in range(start, start + count):
        wards = [make_organization(f"Đảng bộ phường {number}-{side}", parent=city) for side in "xy"]
        directive = services.propose(
            inspector, issuer=city, cycle=cycle, title=f"Gợi ý {number}", reasons=["complaints"],
            organizations=wards, catalogue_items=items,
        )  # fmt: skip
        services.issue(
            directive, city_staff, number=f"{number + 1}-TB/TU", issued_on=datetime.date(2017, 11, 1),
            report_deadline=datetime.date(2017, 11, 20), review_days=2, standing_member=standing,
        )  # fmt: skip
        directive.board_representatives.set([city_staff, inspector])


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_overview_query_count_is_the_same_for_2_and_20_directives(
    login, cycle, city, inspector, city_staff, standing_member_a, catalogue_items
):
    client = login(city_staff)
    url = reverse("directives:overview", args=[cycle.pk])
    _issue_directives(2, cycle, city, inspector, city_staff, standing_member_a, catalogue_items)
    few = _count(client, url)
    _issue_directives(18, cycle, city, inspector, city_staff, standing_member_a, catalogue_items, start=2)
    many = _count(client, url)
    assert few == many
    page = client.get(url).content.decode()
    assert page.count("Gợi ý ") >= 20 and "Đảng bộ phường 19-y" in page


def test_directive_list_query_count_does_not_grow(login, cycle, city, inspector, city_staff, catalogue_items):
    client = login(city_staff)
    _issue_directives(2, cycle, city, inspector, city_staff, None, catalogue_items)
    few = _count(client, reverse("directives:list"))
    _issue_directives(10, cycle, city, inspector, city_staff, None, catalogue_items, start=2)
    assert _count(client, reverse("directives:list")) == few


def test_overview_shows_status_days_to_deadline_and_delegation(login, issued, report, secretary_a, city_staff,
                                                               time_machine):  # fmt: skip
    overview = reverse("directives:overview", args=[issued.cycle_id])
    time_machine.move_to(datetime.datetime(2017, 11, 15, 10, 0))
    assert "còn 5 ngày" in login(city_staff).get(overview).content.decode()
    time_machine.move_to(datetime.datetime(2017, 11, 23, 10, 0))
    page = login(city_staff).get(overview).content.decode()
    assert "quá hạn 3 ngày" in page
    assert str(issued.standing_member) in page
    fill_report(report, secretary_a)
    services.submit_explanation(report, secretary_a)
    page = login(city_staff).get(overview).content.decode()
    assert "Đảng bộ phường Trần Hưng Đạo" in page and "Đã nộp" in page
    # The report is in: nothing is overdue any more.
    assert "quá hạn" not in page and "còn " not in page


def test_section_iv_shows_the_explanation_items_and_follows_edits(report, secretary_a, collective_review, member_a):
    fill_report(report, secretary_a, people=[(member_a, "Buông lỏng quản lý khu phố 1")])
    items = list(services.section_iv_items(collective_review))
    assert [item.pk for item in items] == [item.pk for item in report.ordered_items()]
    html = render_to_string("directives/includes/_section_iv.html", {"collective_review": collective_review})
    assert "IV. Giải trình những vấn đề được gợi ý kiểm điểm" in html
    assert "Bí thư chịu trách nhiệm chính." in html and "Buông lỏng quản lý khu phố 1" in html
    report.refresh_from_db()
    fill_report(report, secretary_a, head="Đồng chí Bí thư nhận khuyết điểm")
    html = render_to_string("directives/includes/_section_iv.html", {"collective_review": collective_review})
    assert "Đồng chí Bí thư nhận khuyết điểm" in html


def test_section_iv_is_empty_for_another_organization_or_a_revoked_directive(
    issued, report, secretary_a, city_staff, cycle, ward_b
):
    from reviews.models import CollectiveReview

    other = CollectiveReview.objects.create(cycle=cycle, organization=ward_b)
    assert not services.section_iv_items(other).exists()
    html = render_to_string("directives/includes/_section_iv.html", {"collective_review": other})
    assert "Tổ chức này không được gợi ý kiểm điểm trong đợt này." in html
    mine = CollectiveReview.objects.create(cycle=cycle, organization=report.organization)
    assert services.section_iv_items(mine).exists()
    services.revoke(issued, city_staff, "Nhầm")
    assert not services.section_iv_items(mine).exists()


@pytest.mark.django_db
def test_only_members_of_the_organization_may_be_named(report, secretary_a, ward_b, branch_a):
    inside = make_member(branch_a, full_name="Người trong chi bộ")
    outsider = make_member(ward_b, full_name="Người phường khác")
    with pytest.raises(DomainError):
        fill_report(report, secretary_a, people=[(outsider, "Không liên quan")])
    assert report.items.filter(people__isnull=False).count() == 0
    assert ExplanationReport.objects.get(pk=report.pk).revision == 0
    fill_report(ExplanationReport.objects.get(pk=report.pk), secretary_a, people=[(inside, "Có trách nhiệm")])
    assert report.items.filter(people__member=inside).count() == report.items.count()


def test_a_standing_member_elsewhere_is_not_offered_for_the_delegation(proposal, ward_b):
    from accounts.models import Role
    from directives.forms import IssueForm

    elsewhere = make_organization("Tỉnh khác", code="TK")
    outsider = make_user("tv_khac", Role.STANDING_MEMBER, elsewhere)
    form = IssueForm(directive=proposal)
    assert outsider not in form.fields["standing_member"].queryset


def test_overview_filtered_by_report_state_lists_only_those_targets_in_constant_queries(
    login, cycle, city, inspector, city_staff, standing_member_a, catalogue_items
):
    client = login(city_staff)
    url = reverse("directives:overview", args=[cycle.pk]) + "?status=issued&state=draft"
    _issue_directives(2, cycle, city, inspector, city_staff, standing_member_a, catalogue_items)
    few = _count(client, url)
    _issue_directives(8, cycle, city, inspector, city_staff, standing_member_a, catalogue_items, start=2)
    assert _count(client, url) == few
    assert client.get(url).context["target_count"] == 20  # every report of an issued directive starts as a draft
    ExplanationReport.objects.filter(organization__name__endswith="-x").update(status="submitted")
    response = client.get(url)
    assert response.context["target_count"] == 10
    page = response.content.decode()
    assert "Đảng bộ phường 9-y" in page and "Đảng bộ phường 9-x" not in page
    assert client.get(url.replace("state=draft", "state=concluded")).context["target_count"] == 0
    assert client.get(url.replace("state=draft", "state=bogus")).context["target_count"] == 20  # unknown: no filter
