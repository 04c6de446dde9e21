"""Form fields per rule kind: the inputs a page shows, and the JSON value they become.

The value is only *shaped* here; whether it is acceptable (a ratio above 1, a
count over its bound, an unknown option) is decided by the scoring core when
the row is scored, so every rule's checks live in one place.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from thidua.scoring.rules import EventsRule, Rule


def _number(text: str) -> object:
    """An int or a plain decimal string ("0.5") from "0,5"/"0.5"; the text itself if not a number."""
    raw = text.strip()
    cleaned = raw.replace(" ", "")
    if "," in cleaned and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    try:
        d = Decimal(cleaned)
    except InvalidOperation:
        return raw
    if not d.is_finite():
        return raw
    if d == d.to_integral_value():
        return int(d)
    return format(d.normalize(), "f")


def parse_form(rule: Rule, data: Mapping[str, Any]) -> object:
    """The value entered in a row's fields (None when the row is left empty)."""
    kind = rule.kind

    def get(name: str) -> str:
        return str(data.get(name, "") or "").strip()

    if kind == "binary":
        v = get("v")
        return {"yes": True, "no": False}.get(v, None if v == "" else v)
    if kind == "ratio":
        num, den, pct = get("num"), get("den"), get("pct")
        if num or den:
            return {"numerator": _number(num), "denominator": _number(den)}
        if pct:
            return pct if pct.endswith("%") else f"{pct}%"
        return None
    if kind == "choice":
        return get("v") or None
    if kind in ("count", "tiers", "scaled"):
        v = get("v")
        return _number(v) if v else None
    if isinstance(rule, EventsRule):
        events: list[dict[str, object]] = []
        for k in rule.kinds:
            if k.ranged:
                for part in get(f"evp-{k.key}").replace(",", ";").split(";"):
                    if part.strip():
                        events.append({"kind": k.key, "points": _number(part)})
            else:
                count = get(f"ev-{k.key}")
                if count and count != "0":
                    events.append({"kind": k.key, "count": _number(count)})
        return events
    raise ValueError(f"unknown rule kind {kind}")


def form_initial(rule: Rule, value: object) -> dict[str, str]:
    """The field values that show ``value`` again (the inverse of :func:`parse_form`)."""
    if value is None:
        return {}
    kind = rule.kind
    if kind == "binary":
        if value is True:
            return {"v": "yes"}
        if value is False:
            return {"v": "no"}
        return {"v": str(value)}
    if kind == "ratio":
        if isinstance(value, Mapping):
            return {
                "num": str(value.get("numerator", "")),
                "den": str(value.get("denominator", "")),
            }
        text = str(value)
        if text.endswith("%"):
            return {"pct": text[:-1]}
        try:
            return {"pct": format((Decimal(text) * 100).normalize(), "f")}
        except InvalidOperation:
            return {"pct": text}
    if isinstance(rule, EventsRule) and isinstance(value, list):
        out: dict[str, str] = {}
        for e in value:
            if not isinstance(e, Mapping):
                continue
            key = str(e.get("kind"))
            if "points" in e and e.get("count") in (None, ""):
                name = f"evp-{key}"
                out[name] = "; ".join(p for p in (out.get(name, ""), str(e["points"])) if p)
            else:
                out[f"ev-{key}"] = str(e.get("count", 1))
        return out
    return {"v": str(value)}


def display(rule: Rule, value: object) -> str:
    """A short text for a stored value, for trails and tables ("30/40", "85%", "Có")."""
    if value is None:
        return "—"
    kind = rule.kind
    if kind == "binary":
        return "Có" if value is True else "Không" if value is False else str(value)
    if kind == "ratio" and isinstance(value, Mapping):
        return f"{value.get('numerator')}/{value.get('denominator')}"
    if isinstance(rule, EventsRule) and isinstance(value, list):
        if not value:
            return "—"
        parts = []
        for e in value:
            if isinstance(e, Mapping):
                n = e.get("count")
                parts.append(
                    f"{n} × {e.get('kind')}"
                    if n not in (None, "")
                    else f"{e.get('kind')} ({e.get('points')}đ)"
                )
        return "; ".join(parts)
    return (
        str(value).replace(".", ",") if isinstance(value, str) and kind != "choice" else str(value)
    )
