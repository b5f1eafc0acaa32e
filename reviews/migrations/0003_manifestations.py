"""The 27 manifestations of Resolution 04-NQ/TW (XII), wording from domain-sources.md §1.2.

Only the items quoted verbatim in a source are marked verified; the others are
drafted labels that city staff should correct against the official text.
"""

from django.db import migrations

# (group, number, verified, wording, English gloss)
ITEMS = [
    ("I", 1, True, "Phai nhạt lý tưởng cách mạng; dao động, giảm sút niềm tin vào mục tiêu độc lập dân tộc và chủ nghĩa xã hội; hoài nghi, thiếu tin tưởng vào chủ nghĩa Mác-Lênin, tư tưởng Hồ Chí Minh.", "Fading revolutionary ideals; wavering faith in national independence and socialism; doubting Marxism-Leninism and Hồ Chí Minh Thought"),
    ("I", 2, False, "Xa rời mục tiêu, lý tưởng của Đảng; không kiên định con đường đi lên chủ nghĩa xã hội; phụ họa theo nhận thức lệch lạc, quan điểm sai trái.", "Drifting from the Party's goals; not steadfast on the socialist path; echoing distorted views"),
    ("I", 3, False, "Nhận thức sai lệch về lý luận, học tập lý luận chính trị; lười học tập chủ nghĩa Mác-Lênin, tư tưởng Hồ Chí Minh, nghị quyết của Đảng, pháp luật.", "Misunderstanding political theory; lazy in studying Marxism-Leninism, HCM Thought, resolutions, laws"),
    ("I", 4, True, "Không chấp hành nghiêm các nguyên tắc tổ chức của Đảng; sa sút ý chí phấn đấu, không gương mẫu trong công tác; né tránh trách nhiệm, thiếu trách nhiệm, trung bình chủ nghĩa, làm việc qua loa, đại khái, kém hiệu quả; không còn ý thức hết lòng vì nước, vì dân, không làm tròn chức trách, nhiệm vụ được giao.", "Not observing organizational principles; declining will; shirking responsibility; perfunctory work"),
    ("I", 5, False, "Trong tự phê bình còn giấu giếm, không dám nhận khuyết điểm; khi có khuyết điểm thì thiếu thành khẩn, không tự giác nhận kỷ luật. Trong phê bình thì nể nang, né tránh, ngại va chạm, thấy đúng không bảo vệ, thấy sai không đấu tranh; lợi dụng phê bình để nịnh bợ, lấy lòng nhau hoặc để bôi nhọ, hạ uy tín người khác.", "Hiding faults in self-criticism; indulgent criticism; using criticism to flatter or to smear"),
    ("I", 6, False, "Nói không đi đôi với làm; hứa nhiều làm ít.", "Saying one thing and doing another"),
    ("I", 7, False, "Áp đặt, bảo thủ ý kiến cá nhân.", "Imposing one's opinion, conservatism"),
    ("I", 8, False, "Ngại khó, né tránh nơi khó khăn; tham vọng chức quyền, vận động phiếu bầu.", "Avoiding hardship; ambition for position, vote-seeking"),
    ("I", 9, False, "Bố trí, bổ nhiệm người thân, người quen.", "Appointing relatives and acquaintances"),
    ("II", 1, False, "Chủ nghĩa cá nhân, cơ hội, ganh ghét, đố kỵ.", "Individualism, opportunism, jealousy"),
    ("II", 2, False, "Tranh giành quyền lực, cục bộ, độc đoán, gia trưởng.", "Power struggles, localism, autocratic management"),
    ("II", 3, False, "Kê khai tài sản, thu nhập không trung thực.", "Dishonest asset and income declaration"),
    ("II", 4, False, "Che giấu khuyết điểm; bệnh thành tích, phô trương.", "Hiding shortcomings; achievement-chasing"),
    ("II", 5, False, "Quan liêu, xa dân; thờ ơ, vô cảm, thiếu trách nhiệm trước những khó khăn, bức xúc và đòi hỏi chính đáng của nhân dân.", "Bureaucracy; indifference to people's hardship"),
    ("II", 6, False, "Lãng phí thời gian, tiền bạc, tài sản.", "Waste of time, money, public assets"),
    ("II", 7, False, "Tham ô, tham nhũng, lợi dụng chức vụ, quyền hạn.", "Embezzlement, corruption, abuse of office"),
    ("II", 8, False, "Thao túng công tác cán bộ vì lợi ích cá nhân; chạy chức, chạy quyền.", "Manipulating personnel work; buying positions"),
    ("II", 9, False, "Lối sống bê tha, vi phạm đạo đức gia đình.", "Dissolute living; violating family ethics"),
    ("III", 1, True, "Phản bác, phủ nhận chủ nghĩa Mác-Lênin, tư tưởng Hồ Chí Minh và các nguyên tắc tổ chức của Đảng, nhất là nguyên tắc tập trung dân chủ; đòi thực hiện “đa nguyên, đa đảng”.", "Rejecting Marxism-Leninism and democratic centralism; demanding a multi-party system"),
    ("III", 2, True, "Phản bác, phủ nhận nền dân chủ xã hội chủ nghĩa, nhà nước pháp quyền xã hội chủ nghĩa; đòi thực hiện thể chế “tam quyền phân lập”, phát triển “xã hội dân sự”. Phủ nhận nền kinh tế thị trường định hướng xã hội chủ nghĩa, chế độ sở hữu toàn dân về đất đai.", "Rejecting socialist democracy and rule of law; demanding separation of powers"),
    ("III", 3, True, "Nói, viết, làm trái quan điểm, chủ trương, đường lối của Đảng, chính sách, pháp luật của Nhà nước. Hạ thấp, phủ nhận những thành quả cách mạng; thổi phồng khuyết điểm của Đảng, Nhà nước. Xuyên tạc lịch sử, bịa đặt, vu cáo các lãnh tụ tiền bối và lãnh đạo Đảng, Nhà nước.", "Speaking, writing or acting against Party and State positions; distorting history"),
    ("III", 4, True, "Kích động tư tưởng bất mãn, bất đồng chính kiến, chống đối trong nội bộ. Lợi dụng và sử dụng các phương tiện thông tin, truyền thông, mạng xã hội để nói xấu, bôi nhọ, hạ thấp uy tín, vai trò lãnh đạo của Đảng, gây chia rẽ nội bộ, nghi ngờ trong cán bộ, đảng viên và nhân dân.", "Inciting dissent; using media to smear the Party"),
    ("III", 5, True, "Phủ nhận vai trò lãnh đạo tuyệt đối, trực tiếp về mọi mặt của Đảng đối với lực lượng vũ trang; đòi “phi chính trị hóa” quân đội và công an; xuyên tạc đường lối quốc phòng toàn dân và an ninh nhân dân; chia rẽ quân đội với công an; chia rẽ nhân dân với quân đội và công an.", "Denying the Party's leadership of the armed forces"),
    ("III", 6, False, "Móc nối, cấu kết với các thế lực thù địch, phản động và các phần tử cơ hội, bất mãn chính trị để truyền bá tư tưởng, quan điểm đối lập, tổ chức lực lượng chống đối.", "Colluding with hostile or reactionary forces"),
    ("III", 7, False, "Vi phạm trong thông tin, quan hệ đối ngoại.", "Misconduct in external relations and foreign information"),
    ("III", 8, False, "Sáng tác, quảng bá tác phẩm sai trái; lôi kéo, gây dư luận xấu.", "Producing distorting works; stirring negative opinion"),
    ("III", 9, True, "Có tư tưởng dân tộc hẹp hòi, tôn giáo cực đoan. Lợi dụng vấn đề “dân chủ”, “nhân quyền”, dân tộc, tôn giáo để gây chia rẽ nội bộ, gây chia rẽ giữa các dân tộc, giữa các tôn giáo, giữa dân tộc và tôn giáo, giữa các dân tộc, tôn giáo với Đảng và Nhà nước.", "Narrow nationalism, religious extremism; exploiting such issues to divide"),
]

SOURCE_VERIFIED = "Trích nguyên văn theo nguồn ghi trong domain-sources.md §1.2."
SOURCE_DRAFTED = "Nhãn soạn thảo từ từ khóa (domain-sources.md §1.2), cần đối chiếu văn bản chính thức Nghị quyết 04-NQ/TW."


def add_manifestations(apps, schema_editor):
    Manifestation = apps.get_model("reviews", "Manifestation")
    for group, number, verified, text, gloss in ITEMS:
        Manifestation.objects.update_or_create(
            group=group,
            number=number,
            defaults={
                "text": text,
                "gloss": gloss,
                "verified": verified,
                "source": SOURCE_VERIFIED if verified else SOURCE_DRAFTED,
            },
        )


def remove_manifestations(apps, schema_editor):
    apps.get_model("reviews", "Manifestation").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("reviews", "0002_rule_sets")]
    operations = [migrations.RunPython(add_manifestations, remove_manifestations)]
