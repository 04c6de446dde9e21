"""Helpers shared by the CLI modules."""

from __future__ import annotations

import json
import sys
from typing import Any

from thidua.scoring import Framework, FrameworkFileError, resolve


def err(text: str) -> None:
    print(text, file=sys.stderr)


def dump_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def load_framework_arg(code_or_file: str) -> Framework | None:
    """Resolve a built-in code or a file; print a bilingual error and return None on failure."""
    try:
        return resolve(code_or_file)
    except KeyError:
        err(
            f"Không có bảng điểm '{code_or_file}' (xem `thidua framework list`) / "
            f"No framework '{code_or_file}' (see `thidua framework list`)"
        )
    except FrameworkFileError as exc:
        err(f"Tệp bảng điểm lỗi / Bad framework file: {exc.source}")
        for f in exc.findings:
            err(f"  [{f.code}] {f.message}")
    return None
