"""``thidua inspections``: schedule inspection plans and write their documents."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from thidua.scheduling.catalog import builtin_plan_codes, load_builtin_plan, resolve_plan
from thidua.scheduling.messages import Message
from thidua.scheduling.plan import Forbid, Pin, Plan
from thidua.scheduling.reading import PlanError, parse_date
from thidua.scheduling.schedule import Schedule, previous_dates
from thidua.scheduling.solver import SolverOptions, schedule
from thidua.scheduling.text_report import render_text

EXIT_OK, EXIT_NO_SCHEDULE, EXIT_BAD_INPUT = 0, 1, 2


class UsageError(Exception):
    """Bad command-line input, reported on stderr with exit code 2."""

    def __init__(self, message: Message) -> None:
        super().__init__(str(message))
        self.message = message


def register(subparsers: Any) -> None:
    """Add the ``inspections`` command and its sub-commands."""
    parser = subparsers.add_parser(
        "inspections",
        help="Kế hoạch kiểm tra: lịch, văn bản / inspection plans: schedules, documents",
        description="Kế hoạch kiểm tra Đề án 06 / Đề án 06 inspection plans",
    )
    sub = parser.add_subparsers(dest="inspections_command", metavar="SUBCOMMAND")
    parser.set_defaults(handler=lambda _args: _help(parser))

    sched = sub.add_parser(
        "schedule",
        help="Xếp lịch kiểm tra / schedule the visits",
        description="Xếp lịch kiểm tra cho một kế hoạch (mã có sẵn hoặc tệp YAML) / "
        "Schedule a plan (a built-in code or a YAML file)",
    )
    sched.add_argument("plan", help="mã kế hoạch có sẵn hoặc tệp YAML / built-in code or YAML file")
    sched.add_argument("--format", choices=("text", "json", "xlsx"), default="text")
    sched.add_argument(
        "--out", help="tệp kết quả (bắt buộc với xlsx) / output file (required for xlsx)"
    )
    _edit_arguments(sched)
    sched.set_defaults(handler=_schedule)

    docs = sub.add_parser(
        "documents",
        help="Soạn văn bản Word và Excel / write the Word and Excel documents",
        description="Kế hoạch, thông báo kiểm tra, thông báo kết quả, báo cáo của đoàn, lịch Excel / "
        "the plan, visit notices, result notices, team reports and the Excel schedule",
    )
    docs.add_argument("plan", help="mã kế hoạch có sẵn hoặc tệp YAML / built-in code or YAML file")
    docs.add_argument("--out", required=True, help="thư mục ghi văn bản / output directory")
    _edit_arguments(docs)
    docs.set_defaults(handler=_documents)

    listing = sub.add_parser("list", help="Các kế hoạch có sẵn / built-in plans")
    listing.set_defaults(handler=_list)

    outline = sub.add_parser(
        "outline",
        help="Đề cương báo cáo của một đơn vị / a unit's report outline",
        description="Đề cương báo cáo mà đơn vị được kiểm tra phải điền / "
        "the report outline an inspected unit fills in",
    )
    outline.add_argument(
        "plan", help="mã kế hoạch có sẵn hoặc tệp YAML / built-in code or YAML file"
    )
    outline.add_argument("--unit", required=True, help="mã đơn vị / unit code")
    outline.add_argument("--format", choices=("text", "json"), default="text")
    outline.set_defaults(handler=_outline)


def _help(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return EXIT_BAD_INPUT


def _edit_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--pin",
        action="append",
        default=[],
        metavar="TEAM:UNIT:DATE",
        help="cố định một buổi kiểm tra / pin a visit to a date (repeatable)",
    )
    parser.add_argument(
        "--forbid",
        action="append",
        default=[],
        metavar="UNIT:DATE",
        help="đơn vị không tiếp đoàn ngày này / the unit cannot receive a visit that day (repeatable)",
    )
    parser.add_argument(
        "--previous",
        metavar="JSON",
        help="lịch trước (JSON) để giữ nguyên khi xếp lại / an earlier schedule (JSON) to keep where possible",
    )
    parser.add_argument(
        "--time-limit",
        type=float,
        default=20.0,
        metavar="S",
        help="thời gian giải tối đa, giây / solver time limit in seconds (default 20)",
    )
    parser.add_argument("--workers", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--seed", type=int, default=0, help=argparse.SUPPRESS)


def _error(message: Message | str) -> None:
    print(f"thidua: {message}", file=sys.stderr)


def _parse_edits(plan: Plan, args: argparse.Namespace) -> Plan:
    pins: list[Pin] = []
    forbids: list[Forbid] = []
    team_codes = {t.code for t in plan.teams}
    for raw in args.pin:
        parts = raw.split(":")
        if len(parts) != 3:
            raise UsageError(
                Message(
                    f"--pin '{raw}': cần dạng ĐOÀN:ĐƠN_VỊ:NGÀY",
                    f"--pin '{raw}': expected TEAM:UNIT:DATE",
                )
            )
        team, unit, day = parts
        if team not in team_codes:
            raise UsageError(
                Message(
                    f"--pin '{raw}': đoàn '{team}' không có trong kế hoạch",
                    f"--pin '{raw}': team '{team}' is not in the plan",
                )
            )
        if not plan.has_unit(unit):
            raise UsageError(
                Message(
                    f"--pin '{raw}': đơn vị '{unit}' không có trong danh sách",
                    f"--pin '{raw}': unit '{unit}' is not listed",
                )
            )
        pins.append(Pin(team=team, unit=unit, date=_date(raw, day, "--pin")))
    for raw in args.forbid:
        parts = raw.split(":")
        if len(parts) != 2:
            raise UsageError(
                Message(
                    f"--forbid '{raw}': cần dạng ĐƠN_VỊ:NGÀY",
                    f"--forbid '{raw}': expected UNIT:DATE",
                )
            )
        unit, day = parts
        if not plan.has_unit(unit):
            raise UsageError(
                Message(
                    f"--forbid '{raw}': đơn vị '{unit}' không có trong danh sách",
                    f"--forbid '{raw}': unit '{unit}' is not listed",
                )
            )
        forbids.append(Forbid(unit=unit, date=_date(raw, day, "--forbid")))
    return plan.with_edits(pins=tuple(pins), forbids=tuple(forbids))


def _date(raw: str, value: str, option: str) -> Any:
    try:
        return parse_date(value)
    except ValueError:
        raise UsageError(
            Message(
                f"{option} '{raw}': '{value}' không phải là ngày (yyyy-mm-dd)",
                f"{option} '{raw}': '{value}' is not a date (yyyy-mm-dd)",
            )
        ) from None


def _run(args: argparse.Namespace) -> tuple[Plan, Schedule]:
    plan = _parse_edits(resolve_plan(args.plan), args)
    previous = None
    if args.previous:
        try:
            previous = previous_dates(json.loads(Path(args.previous).read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise UsageError(
                Message(
                    f"--previous: không đọc được lịch trước ({exc})",
                    f"--previous: cannot read the earlier schedule ({exc})",
                )
            ) from exc
    options = SolverOptions(time_limit=args.time_limit, seed=args.seed)
    if args.workers:
        options = SolverOptions(time_limit=args.time_limit, seed=args.seed, workers=args.workers)
    return plan, schedule(plan, options=options, previous=previous)


def _guarded(handler: Any) -> Any:
    def run(args: argparse.Namespace) -> int:
        try:
            code: int = handler(args)
        except PlanError as exc:
            for problem in exc.problems:
                _error(problem)
            return EXIT_BAD_INPUT
        except UsageError as exc:
            _error(exc.message)
            return EXIT_BAD_INPUT
        return code

    return run


@_guarded
def _schedule(args: argparse.Namespace) -> int:
    if args.format == "xlsx" and not args.out:
        raise UsageError(Message("--format xlsx cần --out TỆP", "--format xlsx needs --out FILE"))
    plan, result = _run(args)
    # A failed schedule never overwrites --out (it may hold the schedule in force);
    # its report goes to stdout instead.
    out = args.out if result.ok else None
    if args.format == "json":
        _emit(json.dumps(result.to_json(), ensure_ascii=False, indent=2) + "\n", out)
    elif args.format == "text" or not result.ok:
        _emit(render_text(plan, result), out)
    else:
        from thidua.scheduling.xlsx import schedule_workbook

        _write_atomically(Path(args.out), schedule_workbook(plan, result))
    if not result.ok:
        _error(Message(f"không xếp được lịch ({result.status})", f"no schedule ({result.status})"))
        if args.out:
            _error(Message(f"không ghi đè {args.out}", f"{args.out} left unchanged"))
        if args.format == "json":
            for line in result.explanation:
                _error(line)
        return EXIT_NO_SCHEDULE
    return EXIT_OK


def _emit(text: str, out: str | None) -> None:
    if out:
        _write_atomically(Path(out), text.encode("utf-8"))
    else:
        sys.stdout.write(text)


def _write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.", delete=False) as tmp:
        tmp.write(data)
    Path(tmp.name).replace(path)


@_guarded
def _documents(args: argparse.Namespace) -> int:
    plan, result = _run(args)
    if not result.ok:
        _error(
            Message(
                f"không xếp được lịch ({result.status}); không ghi văn bản nào",
                f"no schedule ({result.status}); no document written",
            )
        )
        for line in result.explanation:
            _error(line)
        return EXIT_NO_SCHEDULE
    from thidua.scheduling.documents import document_bundle

    out = Path(args.out)
    files = document_bundle(plan, result)
    for relative, data in files.items():
        _write_atomically(out / relative, data)
    print(f"Đã ghi {len(files)} tệp vào {out} / wrote {len(files)} files to {out}")
    return EXIT_OK


@_guarded
def _list(_args: argparse.Namespace) -> int:
    for code in builtin_plan_codes():
        plan = load_builtin_plan(code)
        print(
            f"{code}\t{plan.window_start.isoformat()}..{plan.window_end.isoformat()}\t"
            f"{len(plan.teams)} đoàn / teams, {len(plan.pairs())} buổi / visits\t{plan.title}"
        )
    return EXIT_OK


@_guarded
def _outline(args: argparse.Namespace) -> int:
    from thidua.scheduling.outlines import Question, outlines_for_plan

    plan = resolve_plan(args.plan)
    if not plan.has_unit(args.unit):
        raise UsageError(
            Message(
                f"đơn vị '{args.unit}' không có trong danh sách",
                f"unit '{args.unit}' is not listed",
            )
        )
    outlines = outlines_for_plan(plan)
    form = outlines.form_for(plan.unit(args.unit)) if outlines else None
    if form is None:
        raise UsageError(
            Message(
                f"kế hoạch không có đề cương cho '{args.unit}'",
                f"the plan has no outline for '{args.unit}'",
            )
        )
    if args.format == "json":
        payload = {
            "unit": form.unit,
            "outline": form.outline.code,
            "title": form.outline.title,
            "extras": [e.code for e in form.extras],
            "questions": [
                {
                    "key": q.key,
                    "text": q.text,
                    "answer": q.answer,
                    "explain": q.explain,
                    "unit": q.unit,
                    "columns": list(q.columns),
                }
                for q in form.leaves()
            ],
        }
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return EXIT_OK

    def show(question: Question, depth: int) -> None:
        label = f"{question.label} " if question.label else "- "
        kind = f"  [{question.answer}]" if question.answer else ""
        print(f"{'  ' * depth}{label}{question.text}{kind}")
        for item in question.items:
            show(item, depth + 1)

    print(f"Đề cương {form.outline.code}: {form.outline.title}")
    if form.outline.period:
        print(f"({form.outline.period})")
    for item in form.outline.items:
        show(item, 0)
    for extra in form.extras:
        print(f"*) {extra.title}")
        for item in extra.items:
            show(item, 1)
    return EXIT_OK
