"""Vietnamese name parts for the demo members, with rough real-world weights."""

# Family names weighted roughly as in the Red River Delta (Nam Định has many Vũ and Trần).
FAMILY_NAMES = (
    ("Nguyễn", 34), ("Trần", 13), ("Lê", 8), ("Phạm", 8), ("Vũ", 6), ("Hoàng", 4), ("Đặng", 2.5), ("Bùi", 2.5),
    ("Đỗ", 3), ("Ngô", 1.5), ("Dương", 1), ("Hồ", 1), ("Lý", 0.5), ("Huỳnh", 0.3), ("Võ", 0.4), ("Đinh", 1.5),
    ("Phan", 1.2), ("Trịnh", 1.2), ("Mai", 1), ("Lương", 0.8), ("Đoàn", 1), ("Cao", 0.8), ("Tạ", 0.5),
    ("Lưu", 0.5), ("Nghiêm", 0.3), ("Triệu", 0.3),
)  # fmt: skip

# Older generations mostly carry Văn/Thị; younger ones a wider range.
MALE_MIDDLE_OLD = (
    ("Văn", 70),
    ("Đức", 8),
    ("Xuân", 5),
    ("Hữu", 5),
    ("Quang", 4),
    ("Ngọc", 3),
    ("Công", 3),
    ("Đình", 2),
)
MALE_MIDDLE_YOUNG = (
    ("Văn", 25), ("Đức", 12), ("Minh", 12), ("Quang", 8), ("Hữu", 6), ("Xuân", 6), ("Ngọc", 5), ("Thanh", 5),
    ("Mạnh", 4), ("Tiến", 4), ("Công", 4), ("Trọng", 4), ("Duy", 5),
)  # fmt: skip
FEMALE_MIDDLE_OLD = (("Thị", 85), ("Thu", 4), ("Thanh", 4), ("Ngọc", 3), ("Kim", 2), ("Minh", 2))
FEMALE_MIDDLE_YOUNG = (
    ("Thị", 40), ("Thu", 9), ("Thanh", 8), ("Ngọc", 7), ("Minh", 6), ("Hồng", 6), ("Phương", 5), ("Thùy", 5),
    ("Kim", 4), ("Bích", 3), ("Hải", 3), ("Mai", 4),
)  # fmt: skip
MALE_GIVEN = (
    "Hùng", "Dũng", "Cường", "Hải", "Long", "Nam", "Quân", "Sơn", "Thắng", "Tuấn", "Bình", "Hưng", "Khánh", "Trung",
    "Thành", "Đức", "Hiếu", "Hoàng", "Kiên", "Lâm", "Phong", "Quang", "Tài", "Toàn", "Vinh", "Việt", "Chiến", "Định",
    "Hòa", "Lợi", "Mạnh", "Nghĩa", "Phúc", "Thịnh", "Tùng", "Huy", "Minh", "Tú", "An", "Bảo", "Công", "Giang", "Hà",
    "Khải", "Lộc", "Ngọc", "Sang", "Thái", "Thuận", "Tiến", "Trọng", "Văn", "Vượng", "Duy", "Đạt", "Hậu", "Luân",
)  # fmt: skip
FEMALE_GIVEN = (
    "Hoa", "Lan", "Hương", "Hà", "Hằng", "Hạnh", "Hiền", "Huệ", "Hường", "Lệ", "Liên", "Linh", "Loan", "Mai", "Nga",
    "Ngọc", "Nhung", "Oanh", "Phượng", "Quyên", "Thảo", "Thủy", "Trang", "Tuyết", "Vân", "Yến", "Dung", "Huyền", "Thoa",
    "Chi", "Giang", "Hậu", "Duyên", "Xuân", "Thu", "Thanh", "Lụa", "Nguyệt", "Tâm", "Thơ", "Tươi", "Uyên", "Vui",
    "Lý", "Minh", "Nhàn", "Phương", "Sen", "Bích", "Gấm", "Hồng", "Khuyên", "Lương", "My",
)  # fmt: skip


def weighted(pairs):
    """(values, cumulative weights) for ``random.choices``."""
    values = [value for value, _weight in pairs]
    total, cumulative = 0.0, []
    for _value, weight in pairs:
        total += weight
        cumulative.append(total)
    return values, cumulative
