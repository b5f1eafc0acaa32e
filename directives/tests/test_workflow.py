"""The whole life of a directive through its pages, with the allowed role at each step and the others refused."""

import pytest
from django.urls import reverse

from accounts.models import Role
from core.workflow import ReturnReason, SubmissionStatus, SubmissionVersion
from directives.models import (
    ConcludedShortcoming,
    Conclusion,
    Directive,
    DirectiveStatus,
    ExplanationReport,
)
from documents.models import Document
from tests.factories import make_member, make_user


def _proposal_data(cycle, ward, items):
    return {
        "issuer": ward.parent_id,
        "cycle": cycle.pk,
        "title": "Gợi ý kiểm điểm sâu năm 2017",
        "organizations": [ward.pk],
        "reasons": ["public_concern", "disunity"],
        "reason_details": "Dư luận về lấn chiếm đất",
        "catalogue_items": [item.pk for item in items],
        "free_items": "Việc cấp phép xây dựng",
    }


def _report_data(report, head="Bí thư Đảng ủy chịu trách nhiệm chính", member=None):
    data = {"revision": report.revision}
    for item in report.items.all():
        data.update(
            {
                f"{item.pk}-facts": "Để xảy ra lấn chiếm",
                f"{item.pk}-objective_causes": "Địa bàn rộng",
                f"{item.pk}-subjective_causes": "Buông lỏng",
                f"{item.pk}-collective_responsibility": "Đảng ủy",
                f"{item.pk}-head_responsibility": head,
            }
        )
        if member:
            data[f"{item.pk}-person-0"] = str(member.pk)
            data[f"{item.pk}-person-0-text"] = "Phụ trách địa chính"
    return data


def test_directive_goes_from_proposal_to_conclusion_with_the_right_role_at_each_step(
    client, login, cycle, catalogue_items, ward_a, city_staff, inspector, secretary_a, secretary_b, member_a
):
    # Proposal: a secretary may not propose; the Inspection Committee may.
    data = _proposal_data(cycle, ward_a, catalogue_items)
    assert login(secretary_a).post(reverse("directives:propose"), data).status_code == 403
    assert not Directive.objects.exists()
    response = login(inspector).post(reverse("directives:propose"), data)
    directive = Directive.objects.get()
    assert response.status_code == 302 and directive.status == DirectiveStatus.PROPOSED
    assert directive.items.count() == 3 and directive.targets.get().organization == ward_a

    # A target's secretary does not see a proposal; the inspector may not issue.
    assert login(secretary_a).get(reverse("directives:detail", args=[directive.pk])).status_code == 404
    issue = {
        "number": "88-TB/TU",
        "kind": "notice",
        "issuing_body": "Ban Thường vụ Thành ủy Nam Định",
        "issued_on": "01/11/2017",
        "report_deadline": "20/11/2017",
        "review_days": 3,
        "standing_member": "",
    }
    assert login(inspector).post(reverse("directives:issue", args=[directive.pk]), issue).status_code == 403
    directive.refresh_from_db()
    assert directive.status == DirectiveStatus.PROPOSED

    # Issue by city staff: registered as a document, one report per target.
    standing = make_user("tv_thanhuy", Role.STANDING_MEMBER, ward_a.parent)
    issue["standing_member"] = standing.pk
    response = login(city_staff).post(reverse("directives:issue", args=[directive.pk]), issue)
    assert response.status_code == 302
    directive.refresh_from_db()
    assert directive.status == DirectiveStatus.ISSUED
    assert Document.objects.get(number="88-TB/TU").issued_directive == directive
    report = ExplanationReport.objects.get(directive=directive, organization=ward_a)

    # Explanation: the other ward's secretary cannot reach it; the own secretary writes and submits.
    url = reverse("directives:report", args=[report.pk])
    assert login(secretary_b).post(url, _report_data(report, member=member_a)).status_code == 404
    response = login(secretary_a).post(url, _report_data(report, member=member_a))
    assert response.status_code == 302
    item = report.items.first()
    assert item.head_responsibility and item.people.get().member == member_a
    report.refresh_from_db()
    submit = _report_data(report, member=member_a) | {"intent": "submit"}
    assert login(secretary_a).post(url, submit).status_code == 302
    report.refresh_from_db()
    assert report.status == SubmissionStatus.SUBMITTED

    # Return: the secretary may not decide on their own report; city staff return it with a reason per item.
    key = item.directive_item.key
    return_url = reverse("directives:report_return", args=[report.pk])
    assert login(secretary_a).post(return_url, {key: "Chưa rõ"}).status_code == 403
    assert login(inspector).post(return_url, {key: "Chưa rõ"}).status_code == 403
    response = login(city_staff).post(return_url, {key: "Chưa nêu rõ trách nhiệm cá nhân"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == SubmissionStatus.RETURNED
    assert ReturnReason.objects.get().section == key
    assert "Chưa nêu rõ trách nhiệm cá nhân" in login(secretary_a).get(url).content.decode()

    # Resubmit.
    resubmit = _report_data(report, head="Bí thư nhận trách nhiệm người đứng đầu") | {"intent": "submit"}
    response = login(secretary_a).post(url, resubmit)
    assert response.status_code == 302, response.context["form"].errors
    report.refresh_from_db()
    assert report.status == SubmissionStatus.RESUBMITTED

    # Accept: only city staff.
    accept_url = reverse("directives:report_accept", args=[report.pk])
    assert login(secretary_a).post(accept_url).status_code == 403
    assert login(city_staff).post(accept_url).status_code == 302
    report.refresh_from_db()
    assert report.status == SubmissionStatus.ACCEPTED
    assert [v.action for v in SubmissionVersion.objects.for_object(report)] == [
        "submit",
        "return",
        "submit",
        "accept",
    ]
    first = SubmissionVersion.objects.for_object(report).get(number=1)
    assert first.snapshot[key]["head_responsibility"] == "Bí thư Đảng ủy chịu trách nhiệm chính"

    # Conclusion: not the secretary; the Inspection Committee may.
    conclude_url = reverse("directives:report_conclude", args=[report.pk])
    conclusion = {
        "text": "Đảng ủy đã tự nhận khuyết điểm nghiêm túc.",
        "satisfactory_items": [directive.items.first().pk],
        "shortcomings": "Buông lỏng quản lý trật tự xây dựng\nChậm kiện toàn chức danh chủ tịch hội",
        "redo_required": "",
    }
    assert login(secretary_a).post(conclude_url, conclusion).status_code == 403
    assert not Conclusion.objects.exists()
    assert login(inspector).post(conclude_url, conclusion).status_code == 302
    recorded = Conclusion.objects.get()
    assert recorded.organization == ward_a and not recorded.redo_required
    assert list(ConcludedShortcoming.objects.values_list("text", flat=True)) == [
        "Buông lỏng quản lý trật tự xây dựng",
        "Chậm kiện toàn chức danh chủ tịch hội",
    ]


def test_city_staff_may_answer_for_a_ward_and_a_standing_member_may_only_read(
    login, report, city_staff, standing_member_a
):
    url = reverse("directives:report", args=[report.pk])
    assert login(standing_member_a).get(url).status_code == 200
    before = report.revision
    assert login(standing_member_a).post(url, _report_data(report)).status_code == 403
    assert login(standing_member_a).post(url, _report_data(report) | {"intent": "submit"}).status_code == 403
    report.refresh_from_db()
    assert report.revision == before and report.status == SubmissionStatus.DRAFT
    assert login(city_staff).post(url, _report_data(report)).status_code == 302


@pytest.mark.django_db
def test_a_member_of_another_organization_cannot_be_named(login, report, secretary_a, ward_b):
    outsider = make_member(ward_b, full_name="Người ngoài")
    response = login(secretary_a).post(
        reverse("directives:report", args=[report.pk]), _report_data(report, member=outsider)
    )
    assert response.status_code == 200
    assert "Hãy chọn một lựa chọn hợp lệ" in response.content.decode()
    assert not report.items.filter(people__isnull=False).exists()
    report.refresh_from_db()
    assert report.revision == 0
