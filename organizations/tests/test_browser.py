"""End to end in Chromium on a phone: city staff walk a merger from the organization page to its history."""

import pytest
from django.urls import reverse

from organizations.models import Organization

# Serialized rollback: the flush after a transactional test must not lose the data migrations' rows.
pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("django_db_serialized_rollback")]


def test_city_staff_merge_two_wards_from_the_organization_page(
    transactional_db, live_server, browser_page, city_staff, city, ward_a, ward_b, branch_a, branch_b
):
    page = browser_page
    page.goto(live_server.url + reverse("login"))
    page.fill("input[name=username]", city_staff.username)
    page.fill("input[name=password]", "pass-Words-123")
    page.press("input[name=password]", "Enter")
    page.wait_for_url(live_server.url + reverse("home"))

    page.goto(live_server.url + reverse("organizations:detail", args=[ward_a.pk]))
    with page.expect_navigation():
        page.click("#event-merge")
    # The picker: part of the other ward's name without its accents, then the suggestion.
    page.fill("input[name='others__text']", "quang trung")
    page.locator("[role=option]", has_text=ward_b.name).first.click()
    page.fill("input[name=new_name]", "Đảng bộ phường Nam Định")
    page.fill("input[name=new_code]", "P-ND")
    page.fill("input[name=on_date]", "01/07/2025")
    page.fill("input[name=basis_number]", "1674/NQ-UBTVQH15")
    page.fill("input[name=basis_date]", "16/06/2025")
    page.fill("input[name=basis_issuer]", "Ủy ban Thường vụ Quốc hội")
    with page.expect_navigation():
        page.get_by_role("button", name="Tiếp tục").click()

    confirmation = page.locator("#event-confirmation")
    assert "Đảng bộ phường Nam Định (thành lập mới)" in confirmation.inner_text()
    assert not Organization.objects.filter(code="P-ND").exists()  # nothing stored before the confirmation
    with page.expect_navigation():
        page.get_by_role("button", name="Xác nhận và ghi nhận").click()

    successor = Organization.objects.get(code="P-ND")
    assert page.url.endswith(reverse("organizations:history", args=[successor.pk]))
    lineage = page.locator("#lineage").inner_text()
    assert ward_a.name in lineage and ward_b.name in lineage and "01/07/2025" in lineage
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing sticks out sideways
    assert Organization.objects.get(pk=branch_a.pk).parent == successor
