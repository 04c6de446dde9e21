"""The pure modules of reporting, recognitions, task list import and Word documents import no
Django."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import thidua

PURE = (
    "reporting.py",
    "recognitions.py",
    "tasklist_import.py",
    "exports/dossier.py",
    "exports/docx_layout.py",
)


@pytest.mark.parametrize("name", PURE)
def test_it_keeps_django_out_of_the_pure_modules(name: str) -> None:
    path = Path(thidua.__file__).parent / name
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        for n in names:
            assert not n.startswith(("django", "ninja", "thidua.web")), f"{name}: imports {n}"
