"""The article's list of directive content items (Nam Định City, 2018), seeded into the catalogue."""

ARTICLE_CONTENT_ITEMS = [
    "Duy trì thực hiện quy chế làm việc",
    "Thực hiện nội quy, quy định của cơ quan",
    "Công tác quản lý đội ngũ cán bộ, công chức",
    "Thực hiện nguyên tắc tập trung dân chủ, tập thể lãnh đạo, cá nhân phụ trách",
    "Đấu tranh phê bình và tự phê bình, giữ gìn đoàn kết nội bộ",
    "Lãnh đạo, chỉ đạo quản lý đất đai, chống lấn chiếm đất đai",
    "Quản lý trật tự xây dựng trên địa bàn",
    "Kiện toàn bộ máy cán bộ lãnh đạo quản lý; chỉ đạo đại hội và kiện toàn chức danh chủ tịch, "
    "phó chủ tịch các hội, đoàn thể",
    "Trách nhiệm của Bí thư Đảng ủy, Chủ tịch UBND trong lãnh đạo, chỉ đạo phòng chống, khắc phục hậu quả thiên tai",
]
