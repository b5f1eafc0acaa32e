"""Building import files in tests: member rows as the template lays them out, as .xlsx or .csv uploads."""

import csv
import datetime
import io
import unicodedata

from django.core.files.uploadedfile import SimpleUploadedFile

from imports.models import ImportKind
from imports.template import columns_of, template_bytes


def member_row(number, organization_code, **changes):
    """One member's row, in the template's column order; ``changes`` by column key."""
    values = {
        "full_name": f"Nguyễn Văn Thử {number}",
        "date_of_birth": datetime.date(1970, 1, 1) + datetime.timedelta(days=number % 5000),
        "sex": "Nam" if number % 2 else "Nữ",
        "card_number": f"{90000000 + number}",
        "admission_date": datetime.date(2000, 3, 1) + datetime.timedelta(days=number % 3000),
        "full_membership_date": None,
        "organization_code": organization_code,
        "party_position": "",
        "government_position": "",
        "mass_organization_position": "",
        "is_leader": "",
        "works_in_political_system": "x" if number % 3 == 0 else "",
        "status": "Đang sinh hoạt" if number % 7 else "",
        "status_since": None,
        "citizen_id": f"{36000000000 + number:012d}",
        "phone": "",
        "email": "",
    }
    values.update(changes)
    return [values[column.key] for column in columns_of(ImportKind.MEMBERS)]


def xlsx_upload(rows, kind=ImportKind.MEMBERS, name="dang-vien.xlsx"):
    return SimpleUploadedFile(name, template_bytes(kind, rows))


def csv_bytes(rows, kind=ImportKind.MEMBERS, encoding="utf-8-sig"):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([column.title for column in columns_of(kind)])
    for row in rows:
        writer.writerow([value.strftime("%d/%m/%Y") if hasattr(value, "year") else value for value in row])
    text = buffer.getvalue()
    return _legacy_1258(text) if encoding == "cp1258" else text.encode(encoding)


def _legacy_1258(text):
    """Vietnamese as Windows-1258 writes it: a base letter (ă, â, ơ...) followed by a combining tone mark."""
    encoded = bytearray()
    for char in text:
        try:
            encoded += char.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        base, *marks = unicodedata.normalize("NFD", char)
        letter_marks = [mark for mark in marks if mark in "\u0302\u0306\u031b"]  # circumflex, breve, horn
        base = unicodedata.normalize("NFC", base + "".join(letter_marks))  # belong to the base letter (ê, ă, ơ)
        marks = [mark for mark in marks if mark not in letter_marks]
        encoded += (base + "".join(marks)).encode("cp1258")
    return bytes(encoded)


def csv_upload(rows, kind=ImportKind.MEMBERS, encoding="utf-8-sig", name="dang-vien.csv"):
    return SimpleUploadedFile(name, csv_bytes(rows, kind, encoding))
