"""``thidua awards list|show|gates|allocate``: award plans, eligibility and quota allocation."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from thidua.awards import (
    AwardPlan,
    AwardsError,
    AwardsInputError,
    PlanFileError,
    allocate,
    allocate_individuals,
    builtin_plan_codes,
    get_builtin_plan,
    get_level,
    resolve_plan,
    score_level,
)
from thidua.awards.report import allocation_json, allocation_text, gates_json, gates_text, plan_text
from thidua.cli._common import dump_json, err, load_framework_arg
from thidua.scoreio.individuals import read_individuals
from thidua.scoreio.read import InputFileError, read_units
from thidua.scoring import Framework, ScoringInputError


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser(
        "awards", help="khen thưởng: điều kiện, phân bổ / awards: gates, allocation"
    )
    sub = p.add_subparsers(dest="awards_command", metavar="ACTION", required=True)

    ls = sub.add_parser("list", help="các kế hoạch khen thưởng có sẵn / built-in award plans")
    ls.set_defaults(handler=cmd_list)

    show = sub.add_parser(
        "show", help="xem hình thức, điều kiện, số lượng / show forms, gates, quotas"
    )
    show.add_argument("plan", metavar="PLAN", help="mã kế hoạch hoặc tệp / plan code or file")
    show.set_defaults(handler=cmd_show)

    for name, handler, help_text in (
        ("gates", cmd_gates, "kiểm tra điều kiện từng đơn vị / check each unit's gates"),
        ("allocate", cmd_allocate, "phân bổ số lượng khen thưởng / allocate award places"),
    ):
        a = sub.add_parser(name, help=help_text)
        a.add_argument("plan", metavar="PLAN", help="mã kế hoạch hoặc tệp / plan code or file")
        a.add_argument(
            "input",
            metavar="INPUT",
            help="kết quả như `thidua score`, mỗi đơn vị có 'parent' (allocate: JSON có thể có "
            "'individuals') / the `thidua score` input, each unit with 'parent' (allocate: JSON "
            "may add 'individuals')",
        )
        a.add_argument(
            "--level",
            required=True,
            metavar="LEVEL",
            help="cấp: district, commune, village... / the plan's level",
        )
        a.add_argument("--format", choices=("json", "text"), default="json")
        a.add_argument("--out", metavar="FILE", help="ghi ra tệp / write to a file")
        a.add_argument(
            "--framework",
            metavar="CODE_OR_FILE",
            help="bảng điểm thay cho bảng của kế hoạch (bắt buộc nếu kế hoạch không có) / framework instead of the plan's (needed if it has none)",
        )
        a.add_argument(
            "--tie-breaker",
            action="append",
            default=None,
            metavar="CODE",
            help="tiêu chí phụ khi bằng điểm, thay cho của kế hoạch / tie-breaker codes, replacing the plan's",
        )
        a.set_defaults(handler=handler)


def _plan(code_or_file: str) -> AwardPlan | None:
    try:
        return resolve_plan(code_or_file)
    except KeyError:
        err(
            f"Không có kế hoạch khen thưởng '{code_or_file}' (xem `thidua awards list`) / "
            f"No award plan '{code_or_file}' (see `thidua awards list`)"
        )
    except PlanFileError as exc:
        err(f"Tệp kế hoạch khen thưởng lỗi / Bad award plan file: {exc.source}")
        for problem in exc.problems:
            err(f"  {problem}")
    return None


def _write(text: str, out: str | None) -> None:
    if out:
        Path(out).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


def cmd_list(args: argparse.Namespace) -> int:
    for code in builtin_plan_codes():
        plan = get_builtin_plan(code)
        print(code)
        print(f"  {plan.title}")
        print(f"  Nguồn / Source: {plan.document}")
        print(f"  Cấp / Levels: {', '.join(lv.code for lv in plan.levels)}")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    plan = _plan(args.plan)
    if plan is None:
        return 2
    sys.stdout.write(plan_text(plan))
    return 0


def _run(args: argparse.Namespace, render: Callable[[AwardPlan, Framework | None], str]) -> int:
    """Load plan, framework and units; call ``render``; map every failure to a clear message."""
    plan = _plan(args.plan)
    if plan is None:
        return 2
    framework: Framework | None = None
    if args.framework:
        framework = load_framework_arg(args.framework)
        if framework is None:
            return 2
    try:
        text = render(plan, framework)
    except AwardsError as exc:
        err(str(exc.msg))
        return 2
    except InputFileError as exc:
        err(
            f"Tệp kết quả lỗi, không phân bổ / Bad input file, nothing allocated ({len(exc.problems)}):"
        )
        for p in exc.problems:
            err(f"  {p}")
        return 1
    except ScoringInputError as exc:
        err(
            f"Dữ liệu lỗi, không phân bổ / Bad input, nothing allocated ({len(exc.errors)}) — {args.input}:"
        )
        for e in exc.errors:
            err(f"  {e}")
        return 1
    except AwardsInputError as exc:
        err(
            f"Dữ liệu lỗi, không phân bổ / Bad input, nothing allocated ({len(exc.problems)}) — {args.input}:"
        )
        for m in exc.problems:
            err(f"  {m}")
        return 1
    _write(text, args.out)
    return 0


def cmd_allocate(args: argparse.Namespace) -> int:
    def render(plan: AwardPlan, framework: Framework | None) -> str:
        get_level(plan, args.level)  # an unknown level is a usage error, before reading the input
        units = read_units(args.input)
        people = read_individuals(args.input)  # JSON inputs only
        result = allocate(
            plan, args.level, units, framework=framework, tie_breakers=args.tie_breaker
        )
        individuals = allocate_individuals(result, people)
        if args.format == "json":
            return dump_json(allocation_json(result, individuals)) + "\n"
        return allocation_text(result, individuals)

    return _run(args, render)


def cmd_gates(args: argparse.Namespace) -> int:
    def render(plan: AwardPlan, framework: Framework | None) -> str:
        level = get_level(plan, args.level)
        units = read_units(args.input)
        fw, _, _, eligibility = score_level(
            plan, level, units, framework=framework, tie_breakers=args.tie_breaker
        )
        if args.format == "json":
            return dump_json(gates_json(plan, level, fw.code, eligibility)) + "\n"
        return gates_text(plan, level, fw.code, eligibility)

    return _run(args, render)
