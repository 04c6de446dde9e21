"""Charts as server-side SVG: a few kilobytes of text, no JavaScript, readable without colour.

Pure (no Django): callers pass the figures, already computed by the scoring
core, and the language. Every chart is ``role="img"`` with a ``<title>`` and a
``<desc>`` naming it for screen readers, a ``<title>`` on every bar or point
(a tooltip on hover), and its figures written next to the marks as text in the
reader's format ("85,5%" in Vietnamese, "85.5%" in English). The drawing is
sized by its ``viewBox`` and scales to the width of its container, so a phone
shows the same chart smaller, not cut off.

Three kinds, all in percent of a maximum so units of different frameworks
compare: horizontal ranking bars, a section profile (the unit against an
average, per section), and a score over time (one point per campaign).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from html import escape

from thidua.scoring.text import num_en, num_vi, pct_en, pct_vi

WIDTH = 440
FONT = 13
LABEL_W = 140  # the left column of bar charts
COLOURS = {
    "green": "#28a745",
    "amber": "#e0a800",
    "red": "#dc3545",
    "unit": "#0b5ed7",
    "average": "#adb5bd",
    "grid": "#dee2e6",
    "text": "#212529",
    "muted": "#6c757d",
}


@dataclass(frozen=True)
class Bar:
    """One bar: ``fraction`` of the maximum (may be negative or above 1; drawn clipped)."""

    label: str
    fraction: Decimal
    value_text: str = ""  # shown after the bar; the percentage when empty
    colour: str = "unit"
    highlight: bool = False  # the unit the page is about


@dataclass(frozen=True)
class ProfileRow:
    label: str
    unit: Decimal  # fraction of the section's maximum
    average: Decimal | None = None


@dataclass(frozen=True)
class TimePoint:
    label: str
    fraction: Decimal
    tooltip: str = ""
    provisional: bool = False  # not yet frozen by publication: drawn hollow


def pct(fraction: Decimal, lang: str) -> str:
    """A fraction as a percentage with at most one decimal, in the reader's format."""
    d = (fraction * 100).quantize(Decimal("0.1")) / 100
    return pct_en(d) if lang == "en" else pct_vi(d)


def num(value: Decimal, lang: str) -> str:
    return num_en(value) if lang == "en" else num_vi(value)


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _clip(fraction: Decimal) -> Decimal:
    return max(Decimal(0), min(fraction, Decimal(1)))


def _short(text: str, n: int = 19) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _f(x: Decimal | float | int) -> str:
    """A coordinate with at most one decimal (small files, stable output)."""
    return format(Decimal(str(x)).quantize(Decimal("0.1")).normalize(), "f")


def _open(chart_id: str, title: str, desc: str, height: int) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" style="max-width:{WIDTH * 2}px" role="img" '
        f'aria-labelledby="{_e(chart_id)}-t {_e(chart_id)}-d" font-family="sans-serif" '
        f'font-size="{FONT}" fill="{COLOURS["text"]}">',
        f'<title id="{_e(chart_id)}-t">{_e(title)}</title>',
        f'<desc id="{_e(chart_id)}-d">{_e(desc)}</desc>',
    ]


def _grid(x0: float, x1: float, y0: float, y1: float, lang: str) -> list[str]:
    """Vertical lines at 0, 50 and 100% with their labels below."""
    out = []
    for share in (0, 50, 100):
        x = x0 + (x1 - x0) * share / 100
        out.append(
            f'<line x1="{_f(x)}" y1="{_f(y0)}" x2="{_f(x)}" y2="{_f(y1)}" '
            f'stroke="{COLOURS["grid"]}" stroke-width="1"/>'
        )
        anchor = "start" if share == 0 else "end" if share == 100 else "middle"
        out.append(
            f'<text x="{_f(x)}" y="{_f(y1 + FONT + 2)}" text-anchor="{anchor}" '
            f'font-size="{FONT - 2}" fill="{COLOURS["muted"]}">'
            f"{_e(pct(Decimal(share) / 100, lang))}</text>"
        )
    return out


def ranking_bars(chart_id: str, title: str, bars: Sequence[Bar], *, lang: str = "vi") -> str:
    """Horizontal bars, one per unit, in the given (rank) order; the page's unit in bold."""
    row_h = 24
    top = 8
    height = top + row_h * max(len(bars), 1) + FONT + 10
    x0, x1 = LABEL_W + 8, WIDTH - 96  # room after the bar for "1.234,5 (100%)"
    desc = "; ".join(f"{b.label}: {b.value_text or pct(b.fraction, lang)}" for b in bars)
    out = _open(chart_id, title, desc, height)
    out += _grid(x0, x1, top - 4, top + row_h * len(bars), lang)
    for i, b in enumerate(bars):
        y = top + i * row_h
        width = (x1 - x0) * float(_clip(b.fraction))
        shown = b.value_text or pct(b.fraction, lang)
        weight = ' font-weight="bold"' if b.highlight else ""
        out.append(f"<g><title>{_e(b.label)}: {_e(shown)}</title>")
        out.append(
            f'<text x="{LABEL_W}" y="{_f(y + row_h / 2 + FONT / 2 - 2)}" '
            f'text-anchor="end"{weight}>{_e(_short(b.label))}</text>'
        )
        stroke = f' stroke="{COLOURS["text"]}" stroke-width="1.5"' if b.highlight else ""
        out.append(
            f'<rect x="{_f(x0)}" y="{_f(y + 4)}" width="{_f(width)}" height="{row_h - 8}" '
            f'fill="{COLOURS.get(b.colour, COLOURS["unit"])}"{stroke}/>'
        )
        out.append(
            f'<text x="{_f(x0 + width + 4)}" y="{_f(y + row_h / 2 + FONT / 2 - 2)}"{weight}>'
            f"{_e(shown)}</text></g>"
        )
    out.append("</svg>")
    return "".join(out)


def section_profile(
    chart_id: str,
    title: str,
    rows: Sequence[ProfileRow],
    *,
    unit_name: str,
    average_name: str = "",
    lang: str = "vi",
) -> str:
    """Per section, the unit's share of the section maximum, and the average's below it."""
    has_avg = any(r.average is not None for r in rows)
    row_h = 40 if has_avg else 26
    legend_h = 22
    top = legend_h + 6
    height = top + row_h * max(len(rows), 1) + FONT + 10
    x0, x1 = LABEL_W + 8, WIDTH - 56
    parts = []
    for r in rows:
        text = f"{r.label}: {unit_name} {pct(r.unit, lang)}"
        if r.average is not None:
            text += f", {average_name} {pct(r.average, lang)}"
        parts.append(text)
    out = _open(chart_id, title, "; ".join(parts), height)
    # Legend: a swatch and the name of each series.
    out.append(
        f'<rect x="0" y="4" width="12" height="12" fill="{COLOURS["unit"]}"/>'
        f'<text x="16" y="15">{_e(_short(unit_name, 30))}</text>'
    )
    if has_avg:
        out.append(
            f'<rect x="{WIDTH // 2}" y="4" width="12" height="12" fill="{COLOURS["average"]}"/>'
            f'<text x="{WIDTH // 2 + 16}" y="15">{_e(_short(average_name, 30))}</text>'
        )
    out += _grid(x0, x1, top - 4, top + row_h * len(rows), lang)
    for i, r in enumerate(rows):
        y = top + i * row_h
        w_unit = (x1 - x0) * float(_clip(r.unit))
        tip = f"{r.label}: {unit_name} {pct(r.unit, lang)}"
        if r.average is not None:
            tip += f"; {average_name} {pct(r.average, lang)}"
        out.append(f"<g><title>{_e(tip)}</title>")
        out.append(
            f'<text x="{LABEL_W}" y="{_f(y + 16)}" text-anchor="end">{_e(_short(r.label))}</text>'
        )
        out.append(
            f'<rect x="{_f(x0)}" y="{_f(y + 4)}" width="{_f(w_unit)}" height="16" '
            f'fill="{COLOURS["unit"]}"/>'
            f'<text x="{_f(x0 + w_unit + 4)}" y="{_f(y + 17)}">{_e(pct(r.unit, lang))}</text>'
        )
        if r.average is not None:
            w_avg = (x1 - x0) * float(_clip(r.average))
            out.append(
                f'<rect x="{_f(x0)}" y="{_f(y + 23)}" width="{_f(w_avg)}" height="10" '
                f'fill="{COLOURS["average"]}"/>'
                f'<text x="{_f(x0 + w_avg + 4)}" y="{_f(y + 33)}" font-size="{FONT - 2}" '
                f'fill="{COLOURS["muted"]}">{_e(pct(r.average, lang))}</text>'
            )
        out.append("</g>")
    out.append("</svg>")
    return "".join(out)


def score_over_time(
    chart_id: str, title: str, points: Sequence[TimePoint], *, lang: str = "vi"
) -> str:
    """A line through one point per campaign (share of the maximum), oldest on the left."""
    height = 200
    left, right, top, bottom = 44, WIDTH - 16, 16, height - 28
    n = len(points)
    parts = [
        f"{p.label}: {pct(p.fraction, lang)}" + (" *" if p.provisional else "") for p in points
    ]
    out = _open(chart_id, title, "; ".join(parts), height)
    for share in (0, 25, 50, 75, 100):
        y = bottom - (bottom - top) * share / 100
        out.append(
            f'<line x1="{left}" y1="{_f(y)}" x2="{right}" y2="{_f(y)}" '
            f'stroke="{COLOURS["grid"]}" stroke-width="1"/>'
            f'<text x="{left - 4}" y="{_f(y + 4)}" text-anchor="end" font-size="{FONT - 2}" '
            f'fill="{COLOURS["muted"]}">{_e(pct(Decimal(share) / 100, lang))}</text>'
        )

    def xy(i: int, p: TimePoint) -> tuple[float, float]:
        x = (left + right) / 2 if n == 1 else left + 24 + (right - left - 48) * i / (n - 1)
        y = bottom - (bottom - top) * float(_clip(p.fraction))
        return x, y

    coords = [xy(i, p) for i, p in enumerate(points)]
    if n > 1:
        path = " ".join(f"{_f(x)},{_f(y)}" for x, y in coords)
        out.append(
            f'<polyline points="{path}" fill="none" stroke="{COLOURS["unit"]}" stroke-width="2"/>'
        )
    for (x, y), p in zip(coords, points, strict=True):
        fill = "#ffffff" if p.provisional else COLOURS["unit"]
        shown = pct(p.fraction, lang)
        out.append(
            f"<g><title>{_e(p.tooltip or p.label)}: {_e(shown)}</title>"
            f'<circle cx="{_f(x)}" cy="{_f(y)}" r="5" fill="{fill}" '
            f'stroke="{COLOURS["unit"]}" stroke-width="2"/>'
            f'<text x="{_f(x)}" y="{_f(max(y - 9, FONT))}" text-anchor="middle" '
            f'font-weight="bold">{_e(shown)}</text>'
            f'<text x="{_f(x)}" y="{_f(height - 8)}" text-anchor="middle" font-size="{FONT - 1}">'
            f"{_e(_short(p.label, 16))}</text></g>"
        )
    out.append("</svg>")
    return "".join(out)
