"""Text helpers shared by every app: Vietnamese-aware search keys."""

import unicodedata

# đ/Đ are separate letters, not a d with a combining mark, so NFD leaves them alone.
_SPECIAL = str.maketrans({"đ": "d", "Đ": "d"})


def search_key(text):
    """Lower-case, diacritic-free, single-spaced form of ``text``.

    "TRẦN HƯNG ĐẠO" and "tran  hung dao" give the same key, so a ``contains``
    lookup on a column holding this key searches the same way on SQLite and
    PostgreSQL without the ``unaccent`` extension.
    """
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", str(text).translate(_SPECIAL))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.lower().split())
