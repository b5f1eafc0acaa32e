"""Each refusal of the imports' services: its Vietnamese message, its field, and nothing stored changed."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from imports import invitations, services
from imports.models import ImportKind
from imports.tests.helpers import member_row, xlsx_upload
from tests.refusals import assert_refused

pytestmark = pytest.mark.django_db


def test_a_file_of_another_type_is_refused_on_the_file_field(city_staff):
    upload = SimpleUploadedFile("a.xlsx", b"%PDF-1.7")
    assert_refused(lambda: services.start(city_staff, ImportKind.MEMBERS, upload), "kiểm tra nội dung tệp", "file")


def test_a_dry_run_with_errors_cannot_be_confirmed(city_staff, branch_a):
    batch = services.start(city_staff, ImportKind.MEMBERS, xlsx_upload([member_row(1, "KHONG-CO")]))
    batch.refresh_from_db()
    assert_refused(lambda: services.confirm(batch), "Không thể ghi lần nhập này")


def test_a_written_import_is_neither_written_again_nor_checked_again(city_staff, branch_a):
    batch = services.start(city_staff, ImportKind.MEMBERS, xlsx_upload([member_row(1, "P-THD-1")]))
    batch.refresh_from_db()
    services.confirm(batch)
    batch.refresh_from_db()
    assert_refused(lambda: services.confirm(batch), "Không thể ghi lần nhập này")
    assert_refused(lambda: services.check_again(batch), "đã được ghi")


def test_no_secretary_to_invite_is_refused(city_staff, branch_a):
    assert_refused(lambda: invitations.invite_secretaries(city_staff, [branch_a]), "Không mời được bí thư nào")
