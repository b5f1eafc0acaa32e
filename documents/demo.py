"""Demo data of the document register: the article's seven documents of the City Standing Committee
on implementing Resolution 4 (numbers and dates invented, and marked so) and the Politburo's Directive 05.

Deterministic and idempotent: a document is added only if its issuer, year and number are not there yet.
"""

import datetime

from documents.models import Document, DocumentType
from organizations.models import Organization, OrganizationKind

CITY_BODY = "Ban Thường vụ Thành ủy Nam Định"
INVENTED = "Số hiệu và ngày giả định cho dữ liệu mẫu."

# (number, type, date, title) — the article says seven documents were issued in a little over a year.
CITY_DOCUMENTS = [
    ("45-KH/TU", DocumentType.PLAN, datetime.date(2016, 12, 5),
     "Kế hoạch học tập, quán triệt Nghị quyết Hội nghị lần thứ tư Ban Chấp hành Trung ương Đảng khóa XII"),
    ("12-CTr/TU", DocumentType.ACTION_PROGRAMME, datetime.date(2017, 1, 16),
     "Chương trình hành động thực hiện Nghị quyết Trung ương 4 (khóa XII) về tăng cường xây dựng, chỉnh đốn Đảng"),
    ("08-HD/TU", DocumentType.GUIDANCE, datetime.date(2017, 2, 20),
     "Hướng dẫn kiểm điểm tự phê bình và phê bình gắn với nhận diện biểu hiện suy thoái, "
     "“tự diễn biến”, “tự chuyển hóa”"),
    ("52-KH/TU", DocumentType.PLAN, datetime.date(2017, 3, 22),
     "Kế hoạch thực hiện Chỉ thị 05-CT/TW của Bộ Chính trị"),
    ("110-TB/TU", DocumentType.NOTICE, datetime.date(2017, 4, 18),
     "Thông báo phân công nhiệm vụ thực hiện Chương trình hành động cho các cơ quan, đơn vị"),
    ("03-QĐ/TU", DocumentType.REGULATION, datetime.date(2017, 6, 12),
     "Quy định về trách nhiệm nêu gương của cán bộ, đảng viên, nhất là cán bộ chủ chốt các cấp"),
    ("60-KH/TU", DocumentType.PLAN, datetime.date(2017, 10, 25),
     "Kế hoạch kiểm điểm, đánh giá, xếp loại chất lượng tổ chức đảng và đảng viên năm 2017"),
]  # fmt: skip
DIRECTIVE_05 = (
    "05-CT/TW",
    DocumentType.DIRECTIVE,
    datetime.date(2016, 5, 15),
    "Chỉ thị về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
)


def city_committee():
    """The superior committee at the top of the demo tree (None before the organizations demo ran)."""
    return Organization.objects.filter(kind=OrganizationKind.SUPERIOR_COMMITTEE).order_by("depth", "pk").first()


def seed(stdout, scale="city"):
    city = city_committee()
    if city is None:
        stdout.write("documents: no superior committee yet, skipped")
        return
    wanted = [(CITY_BODY, *row, INVENTED) for row in CITY_DOCUMENTS]
    wanted.append(("Bộ Chính trị", *DIRECTIVE_05, "Văn bản thật, ban hành ngày 15/5/2016 (khóa XII)."))
    existing = set(Document.objects.values_list("issuing_body", "year", "number"))
    new = []
    for body, number, kind, issued_on, title, summary in wanted:
        if (body, issued_on.year, number) in existing:
            continue
        document = Document(
            organization=city, number=number, kind=kind, issuing_body=body, issued_on=issued_on, title=title,
            summary=summary, year=issued_on.year,
        )  # fmt: skip
        document.fill_search_text()
        new.append(document)
    Document.objects.bulk_create(new)
    stdout.write(f"documents: {len(new)} added, {len(wanted) - len(new)} already there")
