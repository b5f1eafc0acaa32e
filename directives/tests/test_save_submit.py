"""The explanation report's page has one form: "Submit" saves what is on the screen, then submits it."""

from django.urls import reverse

from core.workflow import SubmissionStatus
from directives.tests.conftest import fill_report
from directives.tests.test_workflow import _report_data


def test_submit_sends_the_text_typed_since_the_last_save(login, report, secretary_a):
    fill_report(report, secretary_a)
    report.refresh_from_db()
    data = _report_data(report, head="Sửa trên điện thoại rồi bấm Nộp") | {"intent": "submit"}
    response = login(secretary_a).post(reverse("directives:report", args=[report.pk]), data)
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == SubmissionStatus.SUBMITTED
    answers = report.last_version().snapshot.values()
    assert {answer["head_responsibility"] for answer in answers} == {"Sửa trên điện thoại rồi bấm Nộp"}


def test_a_stale_submit_is_refused_with_the_typed_text_shown_again(login, report, secretary_a):
    stale = report.revision
    fill_report(report, secretary_a, head="Người khác đã lưu")
    data = _report_data(report, head="Bản tôi gõ trên bản cũ") | {"revision": stale, "intent": "submit"}
    response = login(secretary_a).post(reverse("directives:report", args=[report.pk]), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Bản tôi gõ trên bản cũ" in page and "Người khác đã lưu báo cáo" in page
    report.refresh_from_db()
    assert report.status == SubmissionStatus.DRAFT and not report.versions().exists()
    assert {item.head_responsibility for item in report.items.all()} == {"Người khác đã lưu"}
    assert response.context["form"].data["revision"] == report.revision  # saving again is now deliberate


def test_the_page_has_one_form_whose_submit_asks_first(login, report, secretary_a):
    page = login(secretary_a).get(reverse("directives:report", args=[report.pk])).content.decode()
    form = page[page.index('<form method="post" id="explanation-form">') :]
    form = form[: form.index("</form>")]
    assert 'id="save-report"' in form and 'id="submit-report"' in form
    assert 'data-confirm="Nộp báo cáo? Sau khi nộp chỉ sửa được nếu bị trả lại."' in form
