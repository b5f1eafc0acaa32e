"""Each refusal of the directive steps (``directives.services``): the Vietnamese message, its field, nothing changed.

``proposal`` is the city's proposal aimed at ward A; ``issued`` the same one
issued as 101-TB/TU on 01/11/2017; ``report`` ward A's explanation report.
"""

import datetime

import pytest

from directives import services
from directives.tests.conftest import DEADLINE, ISSUED_ON, fill_report
from tests.factories import make_member, make_organization
from tests.refusals import assert_refused

NOT_EDITABLE = "Báo cáo ở trạng thái hiện tại không thể sửa được nữa."


def _elsewhere():
    return make_organization("Đảng bộ tỉnh khác", code="KHAC")


# case → (changes to a valid proposal, made before the step; the message; the field it names)
PROPOSAL_REFUSALS = {
    "collective-outside-reach": (
        lambda: {"organizations": [_elsewhere()]},
        "Đảng bộ tỉnh khác nằm ngoài phạm vi của cấp ủy ban hành.",
        "organizations",
    ),
    "individual-outside-reach": (
        lambda: {"members": [make_member(_elsewhere(), full_name="Người tỉnh khác", is_leader=True)]},
        "Người tỉnh khác nằm ngoài phạm vi của cấp ủy ban hành.",
        "members",
    ),
    "no-collective": (
        lambda: {"organizations": []},
        "Hãy chọn ít nhất một tập thể cần kiểm điểm sâu.",
        "organizations",
    ),
    "no-reason": (lambda: {"reasons": []}, "Hãy nêu lý do cần kiểm điểm sâu.", "reasons"),
    "unknown-reason": (lambda: {"reasons": ["rumour"]}, "Lý do không hợp lệ.", "reasons"),
    "no-content-item": (
        lambda: {"catalogue_items": [], "free_items": ["  "]},
        "Hãy chọn hoặc ghi ít nhất một nội dung gợi ý.",
        "free_items",
    ),
}


@pytest.mark.parametrize("step", ["propose", "update_proposal"])
@pytest.mark.parametrize("case", PROPOSAL_REFUSALS)
def test_a_proposal_breaking_a_rule_is_refused_whether_new_or_edited(
    step, case, proposal, cycle, city, ward_a, inspector, catalogue_items
):
    changes, message, field = PROPOSAL_REFUSALS[case]
    values = {
        "cycle": cycle,
        "title": "Gợi ý kiểm điểm sâu",
        "reasons": ["public_concern"],
        "organizations": [ward_a],
        "catalogue_items": catalogue_items,
        **changes(),
    }
    if step == "propose":
        assert_refused(lambda: services.propose(inspector, issuer=city, **values), message, field)
    else:
        assert_refused(lambda: services.update_proposal(proposal, inspector, **values), message, field)


def test_editing_an_issued_directive_is_refused(issued, cycle, ward_a, inspector):
    assert_refused(
        lambda: services.update_proposal(issued, inspector, cycle=cycle, title="Sửa", reasons=["public_concern"]),
        "Gợi ý kiểm điểm đã ban hành thì không sửa được; chỉ có thể thu hồi kèm lý do.",
    )


# ---------------------------------------------------------------- issue, revoke


def _issue(directive, user, number="102-TB/TU", issued_on=ISSUED_ON, report_deadline=DEADLINE):
    return lambda: services.issue(
        directive,
        user,
        number=number,
        issued_on=issued_on,
        report_deadline=report_deadline,
        review_days=3,
        standing_member=None,
    )


def test_issuing_a_directive_already_issued_is_refused(issued, city_staff):
    assert_refused(_issue(issued, city_staff), "Chỉ ban hành được gợi ý kiểm điểm đang ở trạng thái đề xuất.")


def test_issuing_with_a_report_deadline_before_the_issue_date_is_refused(proposal, city_staff):
    assert_refused(
        _issue(proposal, city_staff, report_deadline=ISSUED_ON - datetime.timedelta(days=1)),
        "Hạn nộp báo cáo giải trình không được trước ngày ban hành.",
        field="report_deadline",
    )


@pytest.fixture
def second(issued, cycle, city, ward_b, inspector):
    """Another proposal of the city in the same cycle, aimed at ward B."""
    return services.propose(
        inspector, issuer=city, cycle=cycle, title="Gợi ý thứ hai", reasons=["stagnation"], organizations=[ward_b],
        free_items=["Nội dung khác"],
    )  # fmt: skip


def test_issuing_under_a_number_the_issuer_already_used_that_year_is_refused(second, city_staff):
    assert_refused(
        _issue(second, city_staff, number="101-TB/TU"),
        "Ban Thường vụ Thành ủy Nam Định đã có văn bản số 101-TB/TU trong năm 2017.",
        field="number",
    )


def test_revoking_without_a_reason_is_refused(issued, city_staff):
    assert_refused(
        lambda: services.revoke(issued, city_staff, "  "), "Hãy nêu lý do thu hồi gợi ý kiểm điểm.", field="reason"
    )


def test_revoking_a_directive_that_was_never_issued_is_refused(proposal, city_staff):
    assert_refused(
        lambda: services.revoke(proposal, city_staff, "Nhầm"), "Chỉ thu hồi được gợi ý kiểm điểm đã ban hành."
    )


# ---------------------------------------------------------------- the explanation report


def test_naming_someone_outside_the_organization_in_the_explanation_is_refused(report, secretary_a, ward_b):
    outsider = make_member(ward_b, full_name="Người phường khác")
    assert_refused(
        lambda: fill_report(report, secretary_a, people=[(outsider, "Không liên quan")]),
        "Người phường khác không phải là đảng viên của Đảng bộ phường Trần Hưng Đạo.",
    )


def test_saving_an_explanation_already_submitted_is_refused(report, secretary_a):
    fill_report(report, secretary_a)
    services.submit_explanation(report, secretary_a)
    assert_refused(lambda: fill_report(report, secretary_a), NOT_EDITABLE)


def test_saving_an_explanation_over_a_newer_save_is_refused(report, secretary_a):
    fill_report(report, secretary_a)
    report.revision -= 1  # the editor loaded the report before that save
    assert_refused(
        lambda: fill_report(report, secretary_a),
        "Người khác đã lưu báo cáo này sau khi đồng chí mở nó. Chưa có gì được lưu.",
    )


def test_submitting_without_the_heads_responsibility_is_refused(report, secretary_a):
    fill_report(report, secretary_a, head="")
    assert_refused(
        lambda: services.submit_explanation(report, secretary_a),
        "Trách nhiệm của người đứng đầu là bắt buộc ở mọi nội dung trước khi nộp. Còn thiếu ở:",
    )


@pytest.fixture
def submitted(report, secretary_a):
    fill_report(report, secretary_a)
    services.submit_explanation(report, secretary_a)
    return report


def test_submitting_an_explanation_twice_is_refused(submitted, secretary_a):
    assert_refused(
        lambda: services.submit_explanation(submitted, secretary_a),
        "Không thể “Gửi” khi báo cáo đang ở trạng thái “Đã nộp”.",
    )


def test_returning_an_explanation_without_a_reason_is_refused(submitted, city_staff):
    keys = {item.directive_item.key: " " for item in submitted.ordered_items()}
    assert_refused(
        lambda: services.return_explanation(submitted, city_staff, keys),
        "Khi trả lại báo cáo, hãy nêu ít nhất một lý do bên cạnh nội dung liên quan.",
    )


def test_returning_an_explanation_that_was_not_submitted_is_refused(report, city_staff):
    key = report.ordered_items().first().directive_item.key
    assert_refused(
        lambda: services.return_explanation(report, city_staff, {key: "Chưa rõ"}),
        "Không thể “Trả lại để sửa” khi báo cáo đang ở trạng thái “Dự thảo”.",
    )


def test_accepting_an_explanation_that_was_not_submitted_is_refused(report, city_staff):
    assert_refused(
        lambda: services.accept_explanation(report, city_staff),
        "Không thể “Chấp nhận” khi báo cáo đang ở trạng thái “Dự thảo”.",
    )


# ---------------------------------------------------------------- the conclusion


def test_concluding_before_the_explanation_is_accepted_is_refused(submitted, issued, ward_a, inspector):
    assert_refused(
        lambda: services.conclude(issued, ward_a, inspector, text="Sớm quá"),
        "Hãy chấp nhận báo cáo giải trình trước khi viết kết luận.",
    )


@pytest.fixture
def accepted(submitted, city_staff):
    services.accept_explanation(submitted, city_staff)
    return submitted


def test_concluding_twice_is_refused(accepted, issued, ward_a, inspector):
    services.conclude(issued, ward_a, inspector, text="Kết luận")
    assert_refused(
        lambda: services.conclude(issued, ward_a, inspector, text="Kết luận lại"),
        "Báo cáo giải trình của tổ chức này đã có kết luận.",
    )


def test_concluding_with_items_of_another_directive_is_refused(accepted, second, issued, ward_a, inspector):
    foreign = list(second.items.all())
    assert_refused(
        lambda: services.conclude(issued, ward_a, inspector, text="Kết luận", satisfactory_items=foreign),
        "Chỉ chọn các nội dung của gợi ý kiểm điểm này.",
        field="satisfactory_items",
    )
