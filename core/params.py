"""The one parser of a bare number in a query string or a POST field (an id, a count), for what no form reads.

``str.isdigit()`` is true for "²" and "٣", which ``int()`` refuses or reads
as another number, and a NUL byte or a 200,000-digit string must not reach the
database: only plain ASCII digits of a sane length are a number here; anything
else is "not given".
"""

MAX_DIGITS = 18  # below 2**63: every integer column takes it


def integer(value, default=None):
    """``value`` as a non-negative int when it is plain ASCII digits, else ``default``."""
    text = value if isinstance(value, str) else str(value if value is not None else "")
    if text.isascii() and text.isdigit() and len(text) <= MAX_DIGITS:
        return int(text)
    return default
