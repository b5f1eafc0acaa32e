"""The codes printed in the corner of each regime's forms, as data city staff correct.

Verified (docs/paperwork.md): "Mẫu 01-HD KĐ.ĐG 2025" (Hướng dẫn 43) and "Mẫu 02B-HD KĐ.ĐG 2023"
(Hướng dẫn 25); the other codes of those two regimes follow the same pattern. The codes of the
older regimes were not found and are the bare form numbers.
"""

from django.db import migrations, models

FORM_CODES = {
    "HD27": {"form_code_01": "Mẫu 01", "form_code_2a": "Mẫu 2A", "form_code_2b": "Mẫu 2B", "form_code_2c": "Mẫu 2C"},
    "QD132": {"form_code_01": "Mẫu 01", "form_code_2a": "Mẫu 2A", "form_code_2b": "Mẫu 2B", "form_code_2c": "Mẫu 2C"},
    "QD124": {
        "form_code_01": "Mẫu 01-HD KĐ.ĐG 2023",
        "form_code_2a": "Mẫu 02A-HD KĐ.ĐG 2023",
        "form_code_2b": "Mẫu 02B-HD KĐ.ĐG 2023",
        "form_code_2c": "Mẫu 02C-HD KĐ.ĐG 2023",
    },
    "QD366": {
        "form_code_01": "Mẫu 01-HD KĐ.ĐG 2025",
        "form_code_2a": "Mẫu 2A-HD KĐ.ĐG 2025",
        "form_code_2b": "Mẫu 2B-HD KĐ.ĐG 2025",
        "form_code_2c": "Mẫu 2C-HD KĐ.ĐG 2025",
    },
}


def add_form_codes(apps, schema_editor):
    RuleSet = apps.get_model("reviews", "RuleSet")
    for code, values in FORM_CODES.items():
        RuleSet.objects.filter(code=code).update(**values)


class Migration(migrations.Migration):

    dependencies = [
        ('reviews', '0004_remove_follow_up'),
    ]

    operations = [
        migrations.AddField(
            model_name='ruleset',
            name='form_code_01',
            field=models.CharField(blank=True, max_length=64, verbose_name='code of the collective form (01)'),
        ),
        migrations.AddField(
            model_name='ruleset',
            name='form_code_2a',
            field=models.CharField(blank=True, max_length=64, verbose_name='code of form 2A'),
        ),
        migrations.AddField(
            model_name='ruleset',
            name='form_code_2b',
            field=models.CharField(blank=True, max_length=64, verbose_name='code of form 2B'),
        ),
        migrations.AddField(
            model_name='ruleset',
            name='form_code_2c',
            field=models.CharField(blank=True, max_length=64, verbose_name='code of form 2C'),
        ),
        migrations.RunPython(add_form_codes, migrations.RunPython.noop),
    ]
