"""The cycle report: figures, editable texts, frozen versions, printable HTML, PDF and Excel; who may do what."""

import datetime
import io
import unicodedata

import openpyxl
import pytest
from django.urls import reverse
from pypdf import PdfReader

from members.models import Member, Sex
from reports import cycle_report
from reports.models import CycleReport, CycleReportVersion, FrozenVersionError
from reviews.models import NotReviewedMember

pytestmark = pytest.mark.django_db


def _urls(world, organization):
    cycle = world["cycle"].pk
    return {
        name: reverse(f"reports:cycle_report{suffix}", args=[cycle, organization.pk, *extra])
        for name, suffix, extra in (
            ("page", "", []),
            ("edit", "_edit", []),
            ("pdf", "_output", ["pdf"]),
            ("xlsx", "_output", ["xlsx"]),
            ("print", "_output", ["print"]),
        )
    }


def test_the_report_states_counts_and_shares_against_the_previous_cycle(world, city, city_staff):
    figures = cycle_report.build_figures(world["cycle"], city, city_staff)
    levels = figures["organization_levels"]
    assert (levels["total"], levels["rated"], levels["good"], levels["good_share"]) == (7, 2, 2, 29)
    assert (levels["previous_total"], levels["previous_good_share"]) == (4, 50)
    rows = {row["label"]: row for row in levels["rows"]}
    assert (rows["Trong sạch vững mạnh"]["count"], rows["Trong sạch vững mạnh"]["share"]) == (1, 14)
    assert rows["Yếu kém"]["previous_count"] == 1
    assert "Trong sạch vững mạnh tiêu biểu" in rows  # a level of the cycle's rule set, even when nobody got it
    assert [(d["organization"], d["concluded"]) for d in figures["directed"]] == [
        ("Đảng bộ phường Quang Trung", True),
        ("Đảng bộ phường Trần Hưng Đạo", False),
    ]
    assert figures["remediation"]["total"] == 5
    assert [r["count"] for r in figures["not_reviewed"]["by_reason"]] == [2, 1]
    assert len(figures["not_reviewed"]["members"]) == 3


def test_city_staff_write_the_texts_then_finalize_a_frozen_version(world, city, login, city_staff):
    client, urls = login(city_staff), _urls(world, city)
    texts = {"assessment": "Kết quả kiểm điểm tốt.", "direction": "Tăng cường kiểm tra.", "revision": 0}
    response = client.post(urls["edit"], texts)
    assert response.status_code == 302
    response = client.post(urls["edit"], texts | {"revision": 1, "intent": "submit"})
    version = CycleReportVersion.objects.get()
    assert response["Location"] == reverse("reports:cycle_report_version", args=[version.pk, "print"])
    assert (version.number, version.assessment) == (1, "Kết quả kiểm điểm tốt.")
    assert version.figures["organization_levels"]["good_share"] == 29
    # Later edits and later data change the working copy, never the finalized version.
    client.post(urls["edit"], {"assessment": "Sửa lại.", "direction": "", "revision": 2})
    world["reviews"]["C"].decided_level = "tsvm"
    world["reviews"]["C"].save(update_fields=["decided_level"])
    html = client.get(reverse("reports:cycle_report_version", args=[version.pk, "print"])).content.decode()
    assert "Kết quả kiểm điểm tốt." in html and "Sửa lại." not in html
    assert "29%" in html
    assert "43%" in client.get(urls["page"]).content.decode()  # 3 of 7 now
    client.post(urls["edit"], {"assessment": "Sửa lại.", "direction": "", "revision": 3, "intent": "submit"})
    assert list(CycleReportVersion.objects.values_list("number", flat=True).order_by("number")) == [1, 2]


def test_a_finalized_version_cannot_be_changed_or_deleted(world, city, city_staff):
    version = cycle_report.finalize(world["cycle"], city, city_staff)
    version.assessment = "khác"
    with pytest.raises(FrozenVersionError):
        version.save()
    with pytest.raises(FrozenVersionError):
        version.delete()
    assert CycleReportVersion.objects.get().assessment == ""


def test_texts_too_long_are_refused_with_a_message_and_nothing_is_saved(world, city, login, city_staff):
    response = login(city_staff).post(_urls(world, city)["edit"], {"assessment": "x" * 20_001, "direction": ""})
    assert response.status_code == 400
    assert "20000" in response.content.decode().replace(".", "").replace(",", "")
    assert not CycleReport.objects.exists()


def test_the_pdf_holds_the_vietnamese_text_with_its_accents(world, city, login, city_staff):
    client = login(city_staff)
    texts = {"assessment": "Trong sạch vững mạnh, đoàn kết", "direction": "", "revision": 0}
    client.post(_urls(world, city)["edit"], texts)
    response = client.get(_urls(world, city)["pdf"])
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = unicodedata.normalize("NFC", " ".join(page.extract_text() for page in reader.pages)).replace("\n", " ")
    for phrase in (
        "Trong sạch vững mạnh, đoàn kết",
        "Hoàn thành tốt nhiệm vụ",
        "Dự thảo",
        "Đảng bộ phường Quang Trung",
    ):
        assert phrase in text, phrase


def test_the_excel_workbook_has_a_sheet_per_part_with_headers_and_rows(world, city, login, city_staff):
    response = login(city_staff).get(_urls(world, city)["xlsx"])
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [
        "Tổng hợp",
        "Xếp loại tổ chức",
        "Xếp loại đảng viên",
        "Tổ chức được gợi ý kiểm điểm",
        "Khắc phục",
        "Đảng viên không kiểm điểm",
    ]
    levels = [row for row in workbook["Xếp loại tổ chức"].iter_rows(values_only=True)]
    assert levels[0] == ("Mức xếp loại", "Số lượng", "Tỷ lệ (%)", "Kỳ trước", "Tỷ lệ kỳ trước (%)")
    assert ("Trong sạch vững mạnh", 1, 14, 1, 25) in levels
    assert workbook["Xếp loại tổ chức"].freeze_panes == "A2"
    assert workbook["Đảng viên không kiểm điểm"].max_row == 4


def test_the_printable_page_is_a_whole_document_in_vietnamese(world, city, login, city_staff):
    html = login(city_staff).get(_urls(world, city)["print"]).content.decode()
    assert html.startswith("<!doctype html>")
    assert "BÁO CÁO KẾT QUẢ KIỂM ĐIỂM" in html.upper()
    assert "Đảng viên không được kiểm điểm" in html


def test_a_secretary_reads_the_report_of_the_own_ward_only(world, ward_a, ward_b, city, login, secretary_a):
    client = login(secretary_a)
    assert client.get(_urls(world, ward_a)["page"]).status_code == 200
    for name in ("page", "pdf", "xlsx", "print"):
        assert client.get(_urls(world, ward_b)[name]).status_code == 404, name
        assert client.get(_urls(world, city)[name]).status_code == 404, name


def test_read_only_roles_may_not_edit_or_finalize(world, ward_a, login, secretary_a, inspector):
    for user in (secretary_a, inspector):
        client = login(user)
        for intent in ("save", "submit"):
            data = {"assessment": "x", "direction": "", "revision": 0, "intent": intent}
            assert client.post(_urls(world, ward_a)["edit"], data).status_code == 403
    assert not CycleReport.objects.exists()
    assert not CycleReportVersion.objects.exists()


def test_another_wards_secretary_cannot_write_the_report(world, ward_b, login, secretary_a):
    assert login(secretary_a).post(_urls(world, ward_b)["edit"], {"assessment": "x"}).status_code == 404
    assert not CycleReport.objects.exists()


def test_a_version_of_another_scope_answers_404(world, city, login, city_staff, secretary_a):
    version = cycle_report.finalize(world["cycle"], city, city_staff)
    assert login(secretary_a).get(reverse("reports:cycle_report_version", args=[version.pk, "pdf"])).status_code == 404


def test_anonymous_users_are_sent_to_login(world, city, client):
    for name, url in _urls(world, city).items():
        response = client.post(url) if name == "edit" else client.get(url)
        assert response.status_code == 302 and "/login" in response["Location"], name
    assert not CycleReport.objects.exists()


def test_the_index_opens_the_report_of_the_chosen_scope(world, ward_a, login, secretary_a, city):
    client = login(secretary_a)
    response = client.get(
        reverse("reports:cycle_report_index"), {"cycle": world["cycle"].pk, "organization": ward_a.pk}
    )
    assert response["Location"] == _urls(world, ward_a)["page"]
    response = client.get(reverse("reports:cycle_report_index"), {"cycle": world["cycle"].pk, "organization": city.pk})
    assert response.status_code == 200  # not offered: stays on the index


def test_finalizing_saves_the_texts_on_the_screen_into_the_version(world, city, login, city_staff):
    urls = _urls(world, city)
    data = {"assessment": "Gõ rồi chốt ngay.", "direction": "Hướng tới.", "revision": 0, "intent": "submit"}
    response = login(city_staff).post(urls["edit"], data)
    assert response.status_code == 302
    assert CycleReportVersion.objects.get().assessment == "Gõ rồi chốt ngay."
    page = login(city_staff).get(urls["page"]).content.decode()
    assert 'data-confirm="' in page and 'id="submit-report"' in page and "/finalize/" not in page


def test_a_stale_copy_of_the_texts_is_refused_with_the_typed_text_shown_again(world, city, login, city_staff):
    cycle_report.save_texts(world["cycle"], city, city_staff, "Của người khác", "", 0)
    for intent in ("save", "submit"):
        data = {"assessment": "Của tôi, trên bản cũ", "direction": "", "revision": 0, "intent": intent}
        response = login(city_staff).post(_urls(world, city)["edit"], data)
        assert response.status_code == 400
        page = response.content.decode()
        assert "Của tôi, trên bản cũ" in page and "Của người khác" in page and 'id="conflict"' in page
    assert CycleReport.objects.get().assessment == "Của người khác"
    assert not CycleReportVersion.objects.exists()


def test_the_edit_page_renders_from_the_form_only(world, city, login, city_staff):
    """Posted keys never reach the page's context; an oversized text gets one message next to its field."""
    data = {"assessment": "x" * 200_000, "direction": "", "revision": 0, "cycle": "1", "user": "x", "title": "HACK"}
    response = login(city_staff).post(_urls(world, city)["edit"], data)
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["assessment"]
    assert response.context["cycle"] == world["cycle"] and response.context["title"] != "HACK"
    assert not CycleReport.objects.exists()


def _add_not_reviewed(world, organization, count):
    """``count`` more members of ``organization`` left out of the cycle (bulk: a city has over a thousand)."""
    members = Member.objects.bulk_create(
        Member(
            full_name=f"Đảng viên vắng {number:04d}", sex=Sex.MALE, date_of_birth=datetime.date(1980, 1, 1),
            card_number=f"9{number:07d}", citizen_id=f"036099{number:06d}", admission_date=datetime.date(2005, 5, 19),
            organization=organization,
        )
        for number in range(count)
    )  # fmt: skip
    NotReviewedMember.objects.bulk_create(
        NotReviewedMember(cycle=world["cycle"], member=member, organization=organization, reason="Đi làm ăn xa")
        for member in members
    )


def _pdf_words(content):
    reader = PdfReader(io.BytesIO(content))
    return " ".join(unicodedata.normalize("NFC", " ".join(page.extract_text() for page in reader.pages)).split())


def test_the_excel_file_names_every_member_not_reviewed_even_over_a_thousand(world, city, branch_b, login, city_staff):
    _add_not_reviewed(world, branch_b, 1100)
    response = login(city_staff).get(_urls(world, city)["xlsx"])
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["Đảng viên không kiểm điểm"]
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert len(names) == 1103 and "Đảng viên vắng 1099" in names


def test_a_long_list_of_members_not_reviewed_is_counted_by_organization_and_says_where_the_names_are(
    world, city, branch_b, login, city_staff
):
    _add_not_reviewed(world, branch_b, cycle_report.MEMBERS_PRINTED)  # 103 in all, over what is printed
    client = login(city_staff)
    summary = "Báo cáo này chỉ nêu số lượng 103 đảng viên không kiểm điểm theo từng tổ chức"
    where = "có trong tệp Excel của báo cáo (trang tính “Đảng viên không kiểm điểm”)"
    official = reverse("paperwork:cycle_report", args=[world["cycle"].pk, city.pk, "pdf"])
    for url in (_urls(world, city)["pdf"], official):
        text = _pdf_words(client.get(url).content)
        assert summary in text and where in text, url
        assert "Đảng viên vắng 0001" not in text  # counted, not named
    page = client.get(_urls(world, city)["page"]).content.decode()
    assert summary in page and 'id="report-not-reviewed-by-organization"' in page
    figures = cycle_report.build_figures(world["cycle"], city, city_staff)
    by_organization = {row["organization"]: row["count"] for row in figures["not_reviewed"]["by_organization"]}
    assert by_organization == {"Đảng bộ phường Trần Hưng Đạo": 1, "Đảng bộ phường Quang Trung": 102}


def test_a_short_list_of_members_not_reviewed_names_every_one_in_the_pdfs(world, city, login, city_staff):
    client = login(city_staff)
    official = reverse("paperwork:cycle_report", args=[world["cycle"].pk, city.pk, "pdf"])
    names = [
        row["name"] for row in cycle_report.build_figures(world["cycle"], city, city_staff)["not_reviewed"]["members"]
    ]
    assert len(names) == 3
    for url in (_urls(world, city)["pdf"], official):
        text = _pdf_words(client.get(url).content)
        assert all(name in text for name in names) and "Báo cáo này chỉ nêu số lượng" not in text


def test_a_long_remediation_table_is_summed_by_organization_under_the_scope_and_the_excel_keeps_every_row(
    world, city, login, city_staff, monkeypatch
):
    figures = cycle_report.build_figures(world["cycle"], city, city_staff)
    remedy = figures["remediation"]
    assert cycle_report.remediation_listed(figures) and cycle_report.remediation_rows(figures) == remedy["rows"]
    # The city's wards are directly under it: each sum is its ward's row, and together they are the totals.
    assert {row["organization"]: row["counts"] for row in remedy["by_organization"]} == {
        row["organization"]: row["counts"] for row in remedy["rows"]
    }
    assert [sum(column) for column in zip(*(row["counts"] for row in remedy["by_organization"]), strict=True)] == (
        remedy["totals"]
    )
    monkeypatch.setattr(cycle_report, "ORGANIZATIONS_PRINTED", len(remedy["rows"]) - 1)
    client = login(city_staff)
    summary = "Báo cáo này cộng số cam kết theo từng tổ chức trực thuộc"
    official = reverse("paperwork:cycle_report", args=[world["cycle"].pk, city.pk, "pdf"])
    for url in (_urls(world, city)["pdf"], official):
        assert summary in _pdf_words(client.get(url).content), url
    assert 'id="report-remediation-summary"' in client.get(_urls(world, city)["page"]).content.decode()
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(_urls(world, city)["xlsx"]).content))["Khắc phục"]
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == [*(row["organization"] for row in remedy["rows"]), "Tổng"]
