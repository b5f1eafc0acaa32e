"""The four regimes as data (domain-sources.md §2); city staff edit them afterwards."""

from django.db import migrations

FOUR_LEVELS = [
    {"code": "htxsnv", "label": "Hoàn thành xuất sắc nhiệm vụ"},
    {"code": "httnv", "label": "Hoàn thành tốt nhiệm vụ"},
    {"code": "htnv", "label": "Hoàn thành nhiệm vụ"},
    {"code": "khtnv", "label": "Không hoàn thành nhiệm vụ"},
]
SCORED_LEVELS = [
    {**level, "min_score": bound} for level, bound in zip(FOUR_LEVELS, [90, 70, 50, 0], strict=True)
]
HD27_ORGANIZATION_LEVELS = [
    {"code": "tsvm_tb", "label": "Trong sạch vững mạnh tiêu biểu"},
    {"code": "tsvm", "label": "Trong sạch vững mạnh"},
    {"code": "httnv", "label": "Hoàn thành tốt nhiệm vụ"},
    {"code": "htnv", "label": "Hoàn thành nhiệm vụ"},
    {"code": "yeu_kem", "label": "Yếu kém"},
]

RULE_SETS = [
    {
        "code": "HD27",
        "name": "Hướng dẫn 27-HD/BTCTW (2014–2017)",
        "first_year": 2014,
        "last_year": 2017,
        "description": "Kiểm điểm và phân loại chất lượng tổ chức cơ sở đảng, đảng viên hằng năm. "
        "Ngưỡng điểm các mức trên “Yếu kém” (dưới 50 điểm) chưa được kiểm chứng nên không chấm điểm tự động. "
        "Tỷ lệ “tiêu biểu” theo ví dụ địa phương (không quá 20%).",
        "organization_levels": HD27_ORGANIZATION_LEVELS,
        "member_levels": FOUR_LEVELS,
        "uses_scores": False,
        "uses_checklist": True,
    },
    {
        "code": "QD132",
        "name": "Quy định 132-QĐ/TW, Hướng dẫn 16 và 21-HD/BTCTW (2018–2022)",
        "first_year": 2018,
        "last_year": 2022,
        "description": "Bốn mức xếp loại; “Trong sạch vững mạnh” trở thành danh hiệu khen thưởng. "
        "Hướng dẫn 16 (2018) dùng bảng “có / không có biểu hiện”.",
        "organization_levels": FOUR_LEVELS,
        "member_levels": FOUR_LEVELS,
        "uses_scores": False,
        "uses_checklist": True,
    },
    {
        "code": "QD124",
        "name": "Quy định 124-QĐ/TW, Hướng dẫn 25-HD/BTCTW (2023–2024)",
        "first_year": 2023,
        "last_year": 2024,
        "description": "Bốn mức xếp loại; “Hoàn thành xuất sắc” không quá 20% số “Hoàn thành tốt” cùng nhóm.",
        "organization_levels": FOUR_LEVELS,
        "member_levels": FOUR_LEVELS,
        "uses_scores": False,
        "uses_checklist": False,
    },
    {
        "code": "QD366",
        "name": "Quy định 366-QĐ/TW, Hướng dẫn 43-HD/BTCTW (từ 2025)",
        "first_year": 2025,
        "last_year": None,
        "description": "Thang điểm 100: tiêu chí chung 30 điểm, kết quả thực hiện nhiệm vụ 70 điểm; "
        "từ 90 điểm, từ 70 đến dưới 90, từ 50 đến dưới 70, dưới 50. Liên hệ biểu hiện suy thoái bằng lời văn.",
        "organization_levels": SCORED_LEVELS,
        "member_levels": SCORED_LEVELS,
        "uses_scores": True,
        "uses_checklist": False,
    },
]


def add_rule_sets(apps, schema_editor):
    RuleSet = apps.get_model("reviews", "RuleSet")
    for values in RULE_SETS:
        code = values["code"]
        RuleSet.objects.update_or_create(code=code, defaults={k: v for k, v in values.items() if k != "code"})


def remove_rule_sets(apps, schema_editor):
    apps.get_model("reviews", "RuleSet").objects.filter(code__in=[r["code"] for r in RULE_SETS]).delete()


class Migration(migrations.Migration):
    dependencies = [("reviews", "0001_initial")]
    operations = [migrations.RunPython(add_rule_sets, remove_rule_sets)]
