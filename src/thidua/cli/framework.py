"""``thidua framework list|show|validate``."""

from __future__ import annotations

import argparse
from collections import Counter

from thidua.cli._common import dump_json, err, load_framework_arg
from thidua.scoring import FrameworkFileError, builtin_codes, get_builtin, resolve, validate
from thidua.scoring.model import Node
from thidua.scoring.text import num_vi


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("framework", help="bảng điểm / scoring frameworks")
    sub = p.add_subparsers(dest="framework_command", metavar="ACTION", required=True)
    ls = sub.add_parser("list", help="các bảng điểm có sẵn / built-in frameworks")
    ls.add_argument("--format", choices=("text", "json"), default="text")
    ls.set_defaults(handler=cmd_list)
    show = sub.add_parser("show", help="xem cây tiêu chí / show the criteria tree")
    show.add_argument("framework", metavar="CODE_OR_FILE")
    show.set_defaults(handler=cmd_show)
    val = sub.add_parser("validate", help="kiểm tra bảng điểm / check a framework")
    val.add_argument("framework", metavar="CODE_OR_FILE")
    val.add_argument("--format", choices=("text", "json"), default="text")
    val.set_defaults(handler=cmd_validate)


def cmd_list(args: argparse.Namespace) -> int:
    rows = []
    for code in builtin_codes():
        fw = get_builtin(code)
        counts = Counter(f.severity for f in validate(fw))
        rows.append(
            {
                "code": fw.code,
                "title": fw.title,
                "source": fw.source.document,
                "max_points": float(fw.max_points),
                "criteria": len(fw.criteria),
                "findings": {s: counts.get(s, 0) for s in ("error", "warning", "info")},
            }
        )
    if args.format == "json":
        print(dump_json({"frameworks": rows}))
        return 0
    for code in builtin_codes():
        fw = get_builtin(code)
        counts = Counter(f.severity for f in validate(fw))
        print(fw.code)
        print(f"  {fw.title}")
        print(f"  Nguồn / Source: {fw.source.document}")
        print(
            f"  Điểm tối đa / Max: {num_vi(fw.max_points)} · Tiêu chí / Criteria: {len(fw.criteria)} · "
            f"Phát hiện / Findings: {counts['error']} lỗi/errors, {counts['warning']} cảnh báo/warnings, "
            f"{counts['info']} ghi chú/info"
        )
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    fw = load_framework_arg(args.framework)
    if fw is None:
        return 2
    print(f"{fw.code} (v{fw.version}): {fw.title}")
    print(f"Nguồn / Source: {fw.source.document}")
    print(f"{'TT':<10} {'Điểm tối đa':>11}  Chỉ tiêu, nhiệm vụ — cách tính điểm")

    def put(node: Node, depth: int) -> None:
        m = num_vi(node.declared_max) if node.declared_max is not None else (node.max_text or "—")
        indent = "  " * depth
        print(f"{node.code:<10} {m:>11}  {indent}{node.title}")
        if node.rule is not None:
            print(f"{'':<10} {'':>11}  {indent}  ↳ {node.rule.describe(node.max_points).vi}")
        for child in node.children:
            put(child, depth + 1)

    for top in fw.nodes:
        put(top, 0)
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    try:
        fw = resolve(args.framework)
    except KeyError:
        err(f"Không có bảng điểm '{args.framework}' / No framework '{args.framework}'")
        return 2
    except FrameworkFileError as exc:
        findings = list(exc.findings)
        code = args.framework
    else:
        findings = validate(fw)
        code = fw.code
    if args.format == "json":
        print(dump_json({"framework": code, "findings": [f.as_dict() for f in findings]}))
    else:
        if not findings:
            print(f"{code}: không có phát hiện nào / no findings")
        for f in findings:
            print(f"{f.severity:<7} {f.code:<16} {f.node:<12} {f.message}")
    return 1 if any(f.severity == "error" for f in findings) else 0
