"""Template filters shared by every page (registered as builtins in settings)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.translation import get_language

from thidua.scoring.text import Msg, num_en, num_vi, pct_en, pct_vi

register = template.Library()


def pick(msg: Msg) -> str:
    """The message in the active language (Vietnamese unless English is chosen)."""
    return msg.en if _en() else msg.vi


@register.filter
def msg(value: Any) -> str:
    if isinstance(value, Msg):
        return pick(value)
    return "" if value is None else str(value)


def _en() -> bool:
    return (get_language() or "vi").startswith("en")


@register.filter
def pts(value: Any) -> str:
    """Points the local way, without trailing zeros: "1.234,5" in Vietnamese, "1,234.5" in English."""
    if value is None or value == "":
        return "—"
    d = Decimal(str(value))
    return num_en(d) if _en() else num_vi(d)


@register.filter
def pct(value: Any) -> str:
    """A ratio 0..1 as a percentage with one decimal at most ("85,5%")."""
    if value is None or value == "":
        return "—"
    d = Decimal(str(value)).quantize(Decimal("0.001"))
    return pct_en(d) if _en() else pct_vi(d)


@register.filter
def dom_id(value: str) -> str:
    """A criterion code as an HTML id fragment ("A.I.1" → "A-I-1")."""
    return str(value).replace(".", "-").replace("*", "T")


@register.filter
def event_words(kind: Any) -> str:
    """An event kind of a bonus or deduction row with its points, in the active language (the
    framework names kinds in Vietnamese only: English shows the kind's key)."""
    return str(kind.words_en() if _en() else kind.words_vi())


@register.filter
def get(mapping: Any, key: Any) -> Any:
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def bar_width(value: Any, maximum: Any) -> str:
    """A bar length in percent of ``maximum`` (0 for negative totals), for SVG."""
    try:
        v, m = Decimal(str(value)), Decimal(str(maximum))
    except ArithmeticError:
        return "0"
    if m <= 0 or v <= 0:
        return "0"
    return str(min(v / m * 100, Decimal(100)).quantize(Decimal("0.1")))
