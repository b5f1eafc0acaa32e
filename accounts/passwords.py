"""A password check against what people here guess first (an ``AUTH_PASSWORD_VALIDATORS`` entry).

Django's list of common passwords is English. Here the first guesses are the
product's and the Party's own words ("KiemDiem@2018", "Matkhau123",
"DangVien2024"), place names with a year ("NamDinh1975", "Hanoi@2020") and the
user name: a password whose letters, once digits, symbols and diacritics are
dropped, are only such words is refused. It applies to passwords a user sets;
the demo users' password is set directly and keeps working.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.text import search_key

# Diacritic-free and without spaces, as ``_letters`` leaves a password.
_WORD_LIST = """
matkhau password passw0rd pass admin administrator quantri quantrivien user nguoidung taikhoan kiemdiem
kiemdiemdangvien danhgia xeploai dang dangvien dangbo dangcongsan dcs dcsvn chibo chiuy thanhuy tinhuy quanuy
huyenuy phuonguy xauy danguy ubkt uybankiemtra vanphong bithu phobithu thuongvu thuongtruc canbo congchuc
vietnam vietnamvodich hochiminh bacho tochuc toquoc nhandan anhyeuem emyeuanh iloveyou yeuem yeuanh chucmung
xinchao abc abcd qwerty asdfgh zxcvbn hanoi haiphong danang hue cantho saigon tphcm hcm namdinh thaibinh
ninhbinh hanam hungyen haiduong bacninh bacgiang vinhphuc phutho thainguyen langson caobang hagiang tuyenquang
yenbai laocai dienbien laichau sonla hoabinh quangninh thanhhoa nghean hatinh quangbinh quangtri thuathienhue
quangnam quangngai binhdinh phuyen khanhhoa ninhthuan binhthuan kontum gialai daklak daknong lamdong binhphuoc
tayninh binhduong dongnai bariavungtau vungtau longan tiengiang bentre travinh vinhlong dongthap angiang
kiengiang haugiang soctrang baclieu camau
"""
WORDS = frozenset(_WORD_LIST.split())
_WORD_PATTERN = re.compile("(?:" + "|".join(sorted(WORDS, key=len, reverse=True)) + ")+")


def _letters(password):
    return re.sub(r"[^a-z]", "", search_key(password).replace(" ", ""))


class LocalCommonPasswordValidator:
    """Refuse a password made only of common local words (or the user name) plus digits and symbols."""

    def validate(self, password, user=None):
        letters = _letters(password)
        words = [_letters(getattr(user, name, "") or "") for name in ("username", "full_name")] if user else []
        for word in filter(None, words):
            letters = letters.replace(word, "")
        if not letters or _WORD_PATTERN.fullmatch(letters):
            raise ValidationError(
                _(
                    "This password is too easy to guess: it is made of common words, names or the product's "
                    "name with digits (such as KiemDiem@2018 or Matkhau123)."
                ),
                code="password_too_common_here",
            )

    def get_help_text(self):
        return _("Your password cannot be common words, place names or the product's name with digits or symbols.")
