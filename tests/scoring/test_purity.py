"""The pure core imports nothing from Django (DESIGN §5, §7.1)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import thidua

CORE = ("scoring", "scheduling", "awards")


def _core_files() -> list[Path]:
    root = Path(thidua.__file__).parent
    return [p for pkg in CORE if (root / pkg).is_dir() for p in sorted((root / pkg).rglob("*.py"))]


@pytest.mark.parametrize("path", _core_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_it_keeps_django_out_of_the_core(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        for name in names:
            assert not name.startswith(("django", "ninja", "thidua.web")), f"{path}: imports {name}"
