"""``thidua score CODE_OR_FILE INPUT [--format json|text|xlsx] [--out FILE]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from thidua.cli._common import dump_json, err, load_framework_arg
from thidua.exports.scorecard import write_scorecards
from thidua.scoreio.read import InputFileError, read_units
from thidua.scoreio.write import report_json, report_text
from thidua.scoring import ScoringInputError, TieBreakerError, score_and_rank, validate


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("score", help="chấm điểm các đơn vị / score units")
    p.add_argument("framework", metavar="CODE_OR_FILE")
    p.add_argument("input", metavar="INPUT", help=".json, .csv hoặc/or .xlsx")
    p.add_argument("--format", choices=("json", "text", "xlsx"), default="json")
    p.add_argument("--out", metavar="FILE", help="ghi ra tệp / write to a file (required for xlsx)")
    p.add_argument(
        "--tie-breaker",
        action="append",
        default=[],
        metavar="CODE",
        help="tiêu chí phụ khi bằng điểm, theo thứ tự / tie-breaker subtotal codes, in order",
    )
    p.set_defaults(handler=cmd_score)


def cmd_score(args: argparse.Namespace) -> int:
    fw = load_framework_arg(args.framework)
    if fw is None:
        return 2
    if args.format == "xlsx" and not args.out:
        err("Định dạng xlsx cần --out FILE / The xlsx format needs --out FILE")
        return 2
    try:
        units = read_units(args.input)
        scores = score_and_rank(fw, units, tie_breakers=tuple(args.tie_breaker))
    except InputFileError as exc:
        err(
            f"Tệp kết quả lỗi, không chấm điểm / Bad input file, nothing scored ({len(exc.problems)}):"
        )
        for p in exc.problems:
            err(f"  {p}")
        return 1
    except ScoringInputError as exc:
        err(
            f"Dữ liệu lỗi, không chấm điểm / Bad input, nothing scored ({len(exc.errors)}) — {args.input}:"
        )
        for e in exc.errors:
            err(f"  {e}")
        return 1
    except TieBreakerError as exc:
        err(str(exc.msg))
        return 2
    if args.format == "xlsx":
        write_scorecards(args.out, fw, scores)
        print(f"Đã ghi / Written: {args.out}")
        return 0
    text = (
        dump_json(report_json(fw, scores, validate(fw))) + "\n"
        if args.format == "json"
        else report_text(fw, scores)
    )
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0
