"""The plans and outlines shipped with thidua (``thidua/data/inspections``)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from thidua.scheduling.loader import load_plan, plan_from_text
from thidua.scheduling.messages import Message
from thidua.scheduling.plan import Plan
from thidua.scheduling.reading import PlanError

_OUTLINES_PREFIX = "outlines-"


def _data_dir() -> Any:
    return resources.files("thidua") / "data" / "inspections"


def builtin_plan_codes() -> tuple[str, ...]:
    """Return the codes of the plans shipped with thidua."""
    names = (entry.name for entry in _data_dir().iterdir())
    return tuple(
        sorted(
            n[: -len(".yaml")]
            for n in names
            if n.endswith(".yaml") and not n.startswith(_OUTLINES_PREFIX)
        )
    )


def builtin_outline_codes() -> tuple[str, ...]:
    """Return the codes of the report outline sets shipped with thidua (``outlines-...``)."""
    names = (entry.name for entry in _data_dir().iterdir())
    return tuple(
        sorted(
            n[: -len(".yaml")]
            for n in names
            if n.endswith(".yaml") and n.startswith(_OUTLINES_PREFIX)
        )
    )


def read_builtin_text(name: str) -> str:
    """Return the text of a data file shipped in ``thidua/data/inspections``."""
    text: str = (_data_dir() / name).read_text(encoding="utf-8")
    return text


def load_builtin_plan(code: str) -> Plan:
    """Return the built-in plan with this code (PlanError if there is none)."""
    if code not in builtin_plan_codes():
        raise PlanError(
            [Message(f"không có kế hoạch có sẵn '{code}'", f"no built-in plan '{code}'")]
        )
    return plan_from_text(read_builtin_text(f"{code}.yaml"), source=f"{code}.yaml")


def resolve_plan(reference: str) -> Plan:
    """Return the plan named by a built-in code or a path to a YAML file."""
    if reference in builtin_plan_codes():
        return load_builtin_plan(reference)
    path = Path(reference)
    if path.exists() or reference.endswith((".yaml", ".yml")):
        return load_plan(path)
    raise PlanError(
        [
            Message(
                f"'{reference}' không phải là kế hoạch có sẵn ({', '.join(builtin_plan_codes())}) hay tệp YAML",
                f"'{reference}' is neither a built-in plan ({', '.join(builtin_plan_codes())}) nor a YAML file",
            )
        ]
    )
