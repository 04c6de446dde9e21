"""Bilingual messages and date formatting shared by the scheduler's outputs.

Every message a district officer reads is written twice, Vietnamese first and
English second; ``str(message)`` joins them with " / ".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

WEEKDAYS_VI = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")
WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class Message:
    """One sentence in Vietnamese and in English."""

    vi: str
    en: str

    def __str__(self) -> str:
        return f"{self.vi} / {self.en}"


def vn_date(day: dt.date) -> str:
    """Return the date as printed in Vietnamese documents: ``03/08/2023``."""
    return day.strftime("%d/%m/%Y")


def vn_weekday(day: dt.date) -> str:
    """Return the Vietnamese weekday name (``Thứ Năm``)."""
    return WEEKDAYS_VI[day.weekday()]


def en_weekday(day: dt.date) -> str:
    """Return the English weekday name (``Thursday``)."""
    return WEEKDAYS_EN[day.weekday()]
