"""The ``thidua`` command line.

Every sub-command lives in a module of this package that defines
``register(subparsers)``; modules are discovered, so adding a command never
means editing this file. Handlers return the process exit code.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="thidua",
        description="Thi đua Đề án 06 và chỉ số DTI / Đề án 06 emulation campaigns and DTI",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    try:
        code: int = handler(args)
    except BrokenPipeError:  # e.g. `thidua framework show X | head`
        return 0
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
