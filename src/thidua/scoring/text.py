"""Bilingual messages and Vietnamese number formatting.

Every message a user sees is Vietnamese first with an English translation
(DESIGN §1); the core carries both so that the CLI, the web app and the
exports never have to re-phrase a rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class Msg:
    """A message in Vietnamese (``vi``) and English (``en``)."""

    vi: str
    en: str

    def __str__(self) -> str:
        return f"{self.vi} / {self.en}"


def num_vi(value: Decimal | int, *, places: int | None = None) -> str:
    """Format a number the Vietnamese way: "0,5", "1.234,75"; no trailing zeros."""
    d = Decimal(value)
    if places is not None:
        d = d.quantize(Decimal(1).scaleb(-places))
    text = _plain(d)
    whole, _, frac = text.partition(".")
    sign = ""
    if whole.startswith("-"):
        sign, whole = "-", whole[1:]
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    out = sign + ".".join(groups)
    return f"{out},{frac}" if frac else out


def num_en(value: Decimal | int, *, places: int | None = None) -> str:
    """Format a number for English text: "0.5", "1,234.75"; no trailing zeros."""
    d = Decimal(value)
    if places is not None:
        d = d.quantize(Decimal(1).scaleb(-places))
    text = _plain(d)
    whole, _, frac = text.partition(".")
    out = f"{int(whole):,}" if whole not in ("-0", "") else whole
    return f"{out}.{frac}" if frac else out


def _percent(ratio: Decimal) -> Decimal:
    # Shown to 2 decimals of a percent (1/3 -> 33,33%); the computation uses the exact ratio.
    value = ratio * 100
    return value if value == value.quantize(Decimal("0.01")) else value.quantize(Decimal("0.01"))


def pct_vi(ratio: Decimal) -> str:
    """A ratio 0..1 as a Vietnamese percentage: Decimal("0.855") -> "85,5%"."""
    return num_vi(_percent(ratio)) + "%"


def pct_en(ratio: Decimal) -> str:
    return num_en(_percent(ratio)) + "%"


def _plain(d: Decimal) -> str:
    """Fixed-point text without exponent or trailing zeros ("2.50" -> "2.5")."""
    if d == d.to_integral_value():
        return str(d.quantize(Decimal(1)))
    text = f"{d:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text
