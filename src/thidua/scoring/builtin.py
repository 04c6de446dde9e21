"""The frameworks shipped with thidua (src/thidua/data/frameworks/*.yaml)."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

from thidua.scoring.loader import load_framework
from thidua.scoring.model import Framework


def _dir() -> Path:
    return Path(str(resources.files("thidua") / "data" / "frameworks"))


def builtin_codes() -> list[str]:
    return sorted(p.stem for p in _dir().glob("*.yaml"))


@cache
def get_builtin(code: str) -> Framework:
    """A built-in framework by code; KeyError if there is none."""
    path = _dir() / f"{code}.yaml"
    if not path.is_file():
        raise KeyError(code)
    return load_framework(path)


def resolve(code_or_file: str) -> Framework:
    """A built-in code, or a path to a framework file."""
    if code_or_file in builtin_codes():
        return get_builtin(code_or_file)
    path = Path(code_or_file)
    if path.suffix in (".yaml", ".yml") or path.exists():
        return load_framework(path)
    raise KeyError(code_or_file)
