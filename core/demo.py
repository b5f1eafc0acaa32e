"""Shared constants and helpers for the demo data that ``seed_demo`` loads.

The demo tells the story of the 2018 article: Nam Định City in the 2017 and
2018 review cycles. Every app's ``demo.py`` draws its randomness from
``rng()`` so the whole data set follows the one ``--seed`` value, and refers
to the seeded organizations by their stable codes below.
"""

import datetime
import random

DEFAULT_SEED = 2018
# The demo data describes the city as it stood at the end of 2018: nobody is
# admitted after this date and probation ends are counted up to it.
REFERENCE_DATE = datetime.date(2018, 12, 31)
DEMO_PASSWORD = "KiemDiem@2018"
INVENTED = "Dữ liệu minh họa, không có thật."

CITY_CODE = "TU"
PROVINCE_CODE = "TINH"
# The seven collectives that received in-depth review directives (the article).
DIRECTED_CODES = (
    "P-QUANG-TRUNG",
    "P-TRAN-DANG-NINH",
    "P-VI-HOANG",
    "P-TRAN-HUNG-DAO",
    "P-NGUYEN-DU",
    "X-LOC-HOA",
    "X-NAM-PHONG",
)

_seed = DEFAULT_SEED


def set_seed(value):
    """Called by ``seed_demo`` before any app seeds."""
    global _seed
    _seed = int(value)


def rng(purpose):
    """A ``random.Random`` for ``purpose`` that depends only on the seed value.

    Each purpose gets its own stream, so adding random draws to one app's demo
    never changes another app's data.
    """
    return random.Random(f"{_seed}:{purpose}")
