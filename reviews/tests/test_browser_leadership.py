"""End to end in Chromium: the Standing Committee's own review with the upper level's delegation, and a leader
reviewed in two places, the chi bộ accepting only once the collective's comments are written (QĐ 132)."""

import datetime

import pytest
from django.urls import reverse

from conftest import PASSWORD
from core.workflow import SubmissionStatus
from members.models import BodyKind, LeadershipBody, LeadershipSeat
from reviews.models import LeaderReview, LeadershipReview
from reviews.tests.conftest import open_cycle
from tests.factories import make_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _page_as(chromium, live_server, user, **viewport):
    context = chromium.new_context(**viewport)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.on("dialog", lambda dialog: dialog.accept())  # every submit asks first (data-confirm)
    page.goto(live_server.url + reverse("login"))
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(live_server.url + reverse("home"))
    return page


def _status(page):
    return page.locator("h1 [data-status]").get_attribute("data-status")


def _write_and_submit(page, url, detail, **sections):
    page.goto(url)
    for name, text in sections.items():
        page.fill(f"#id_{name}", text)
    for no_sign in page.locator("input[type=radio][value='0']").all():  # 2018 answers the checklist
        no_sign.check()
    page.click("#sections-form #save-report")
    page.wait_for_url(detail)
    page.click("#review-actions button[value=submit]")
    page.wait_for_url(detail)


def test_the_standing_committee_is_reviewed_and_a_leader_in_two_places(
    chromium, live_server, city, branch_a, city_staff, secretary_a
):
    leader = make_member(branch_a, full_name="Phạm Văn Lãnh", is_leader=True, works_in_political_system=True)
    body = LeadershipBody.objects.create(organization=city, kind=BodyKind.STANDING, name="Ban Thường vụ Thành ủy")
    LeadershipSeat.objects.create(
        body=body, member=leader, title="Bí thư Thành ủy", position=1, start=datetime.date(2015, 10, 1)
    )
    cycle = open_cycle(year=2018, code="QD132", organization=city)
    collective = LeadershipReview.objects.get(cycle=cycle, body=body)
    at_collective = LeaderReview.objects.get(cycle=cycle, member=leader)
    at_branch = cycle.individual_reviews.get(member=leader)
    url = live_server.url

    # The city staff reach the Standing Committee from the cycle board, record the delegation, review it.
    staff = _page_as(chromium, live_server, city_staff, viewport={"width": 1366, "height": 900})
    staff.goto(url + reverse("reviews:cycle_board", args=[cycle.pk]))
    staff.click("#leadership-link")
    staff.click("#leadership-reviews a:has-text('Ban Thường vụ Thành ủy')")
    detail = url + reverse("reviews:leadership_detail", args=[collective.pk])
    staff.wait_for_url(detail)
    staff.click("#delegation a")
    staff.fill("#id_held_on", "14/12/2018")
    staff.fill("#id_directed_by", "Đồng chí Trưởng Ban Tổ chức Tỉnh ủy")
    staff.click("main form button[type=submit]")
    staff.wait_for_url(detail)
    assert "Đồng chí Trưởng Ban Tổ chức Tỉnh ủy" in staff.locator("#delegation").inner_text()
    _write_and_submit(
        staff,
        url + reverse("reviews:leadership_edit", args=[collective.pk]),
        detail,
        strengths="Lãnh đạo hoàn thành các chỉ tiêu.",
        weaknesses="Kiểm tra cơ sở chưa thường xuyên.",
        directions="Tăng cường kiểm tra.",
    )
    staff.click("#review-actions button[value=accept]")
    staff.wait_for_url(detail)
    assert _status(staff) == SubmissionStatus.ACCEPTED
    assert "Phạm Văn Lãnh" in staff.locator("#leaders").inner_text()

    # The chi bộ's secretary (on a phone) writes the leader's review there; accepting waits for the collective.
    secretary = _page_as(chromium, live_server, secretary_a, viewport={"width": 390, "height": 844}, is_mobile=True)
    branch_detail = url + reverse("reviews:individual_detail", args=[at_branch.pk])
    _write_and_submit(
        secretary,
        url + reverse("reviews:individual_edit", args=[at_branch.pk]),
        branch_detail,
        strengths="Gương mẫu.",
        weaknesses="Có lúc chưa sâu sát.",
        directions="Sâu sát cơ sở.",
    )
    secretary.click("#review-actions button[value=accept]")
    secretary.wait_for_url(branch_detail)
    assert "chưa có nhận xét của tập thể lãnh đạo" in secretary.locator("main").inner_text()
    assert _status(secretary) == SubmissionStatus.SUBMITTED

    # The collective reviews the leader and writes its comments; the chi bộ then accepts, the comments shown.
    leader_detail = url + reverse("reviews:leader_detail", args=[at_collective.pk])
    staff.goto(detail)
    staff.click("#leaders a:has-text('Phạm Văn Lãnh')")
    staff.wait_for_url(leader_detail)
    assert "Chi bộ khu phố 1" in staff.locator("#other-place").inner_text()
    _write_and_submit(
        staff,
        url + reverse("reviews:leader_edit", args=[at_collective.pk]),
        leader_detail,
        strengths="Chỉ đạo quyết liệt.",
        weaknesses="Chưa sâu sát cơ sở.",
        directions="Sâu sát cơ sở hơn.",
        collective_comments="Tập thể đánh giá đồng chí gương mẫu; cần sâu sát cơ sở hơn.",
    )
    staff.click("#review-actions button[value=accept]")
    staff.wait_for_url(leader_detail)
    assert _status(staff) == SubmissionStatus.ACCEPTED

    secretary.goto(branch_detail)
    assert "cần sâu sát cơ sở hơn" in secretary.locator("#collective-comments").inner_text()
    secretary.click("#review-actions button[value=accept]")
    secretary.wait_for_url(branch_detail)
    assert _status(secretary) == SubmissionStatus.ACCEPTED
