"""``thidua units ...``: load the national directory, import a unit file, record a merger.

    thidua units import-vn [--dry-run]          34 provinces and 3,321 communes (since 7/2025)
    thidua units import FILE.csv|xlsx [--dry-run]
    thidua units merge PRED [PRED ...] --into CODE --date dd/mm/yyyy
                       [--name N --kind K --parent P] [--note T] [--move-children]
    thidua units lineage CODE

The command line acts as the operator who runs it (no account; the audit log
records "system"). Every command is one transaction: an error changes nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt

from thidua.cli._common import err


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("units", help="đơn vị hành chính / administrative units")
    sub = p.add_subparsers(dest="units_command", metavar="ACTION", required=True)

    vn = sub.add_parser(
        "import-vn",
        help="nạp danh mục 34 tỉnh, 3.321 xã từ gói vietnam-provinces / load the national directory",
    )
    vn.add_argument("--dry-run", action="store_true", help="chỉ xem trước / preview only")
    vn.set_defaults(handler=cmd_import_vn)

    imp = sub.add_parser("import", help="nhập đơn vị từ CSV/XLSX / import units from CSV/XLSX")
    imp.add_argument("file")
    imp.add_argument("--dry-run", action="store_true", help="chỉ xem trước / preview only")
    imp.set_defaults(handler=cmd_import)

    m = sub.add_parser("merge", help="ghi nhận sáp nhập / record a merger")
    m.add_argument("predecessors", nargs="+", metavar="PRED", help="mã đơn vị bị sáp nhập")
    m.add_argument("--into", required=True, metavar="CODE", help="mã đơn vị kế tục / successor")
    m.add_argument("--date", required=True, type=_date, help="ngày hiệu lực dd/mm/yyyy")
    m.add_argument("--name", help="tên đơn vị kế tục mới / name of a new successor")
    m.add_argument("--kind", help="loại đơn vị kế tục mới (xa, phuong, ...)")
    m.add_argument("--parent", default="", help="mã cấp trên của đơn vị kế tục mới")
    m.add_argument("--note", default="", help="căn cứ (nghị quyết) / legal basis")
    m.add_argument(
        "--move-children",
        action="store_true",
        help="chuyển đơn vị trực thuộc sang đơn vị kế tục / move children to the successor",
    )
    m.set_defaults(handler=cmd_merge)

    ln = sub.add_parser("lineage", help="lịch sử sáp nhập của một đơn vị / a unit's lineage")
    ln.add_argument("code")
    ln.set_defaults(handler=cmd_lineage)


def _date(text: str) -> dt.date:
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise argparse.ArgumentTypeError(f"ngày không hợp lệ / invalid date: {text!r} (dd/mm/yyyy)")


def _start() -> None:
    from thidua.web.bootstrap import prepare, setup

    setup()
    prepare()


def _print_plan(plan: object, *, limit: int = 20) -> None:
    from thidua.web.units.importing import ImportPlan

    assert isinstance(plan, ImportPlan)
    for e in plan.errors:
        err(str(e.text))
    for c in plan.of("create")[:limit]:
        print(
            f"  + {c.code:<12} {c.after['name']} ({c.after['kind']}) ← {c.after['parent'] or '—'}"
        )
    for c in plan.of("update")[:limit]:
        changes = ", ".join(f"{f}: {old or '—'} → {new or '—'}" for f, old, new in c.changed_fields)
        print(f"  ~ {c.code:<12} {changes}")
    more = max(0, len(plan.of("create")) - limit) + max(0, len(plan.of("update")) - limit)
    if more:
        print(f"  … {more} thay đổi khác / more changes")


def _counts(plan: object) -> str:
    from thidua.web.units.importing import ImportPlan

    assert isinstance(plan, ImportPlan)
    n = plan.counts
    return (
        f"tạo mới / created {n['create']}, cập nhật / updated {n['update']}, "
        f"không đổi / unchanged {n['same']}"
    )


def cmd_import_vn(args: argparse.Namespace) -> int:
    _start()
    from thidua.web import policy
    from thidua.web.units.importing import ImportRejected
    from thidua.web.units.vn import import_vn, plan_vn

    try:
        done = plan_vn(policy.SYSTEM) if args.dry_run else import_vn(policy.SYSTEM)
    except ImportRejected as exc:
        _print_plan(exc.plan)
        err(str(exc.msg))
        return 1
    if done.plan.errors:
        _print_plan(done.plan)
        return 1
    verb = "Xem trước / Preview" if args.dry_run else "Đã nạp / Loaded"
    print(
        f"{verb} {done.source}: {done.provinces} tỉnh, thành phố / provinces, "
        f"{done.communes} xã, phường, đặc khu / communes and wards"
    )
    print(f"  {_counts(done.plan)} — {done.seconds:.2f} s")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from pathlib import Path

    path = Path(args.file)
    if not path.is_file():
        err(f"Không có tệp / No such file: {path}")
        return 2
    _start()
    from thidua.web import policy
    from thidua.web.units.importing import ImportRejected, apply_import, plan_import

    content = path.read_bytes()
    try:
        if args.dry_run:
            plan = plan_import(policy.SYSTEM, path.name, content)
        else:
            plan = apply_import(policy.SYSTEM, path.name, content)
    except ImportRejected as exc:
        _print_plan(exc.plan)
        err(str(exc.msg))
        return 1
    _print_plan(plan)
    if plan.errors:
        err(f"{len(plan.errors)} lỗi / errors")
        return 1
    verb = "Xem trước / Preview" if args.dry_run else "Đã nhập / Imported"
    print(f"{verb} {path.name}: {_counts(plan)}")
    return 0


def cmd_merge(args: argparse.Namespace) -> int:
    _start()
    from thidua.web import policy
    from thidua.web.errors import ServiceError
    from thidua.web.units.models import Unit
    from thidua.web.units.services import UnitData
    from thidua.web.units.succession import merge_units

    found = {u.code: u for u in Unit.objects.filter(code__in=args.predecessors)}
    missing = [c for c in args.predecessors if c not in found]
    if missing:
        err(f"Không có đơn vị / No unit: {', '.join(missing)}")
        return 1
    successor: Unit | UnitData
    existing = Unit.objects.filter(code=args.into).first()
    if existing is not None:
        if args.name or args.kind:
            err(
                f"Đơn vị '{args.into}' đã có; bỏ --name/--kind / "
                f"'{args.into}' exists; drop --name/--kind"
            )
            return 2
        successor = existing
    else:
        if not (args.name and args.kind):
            err(
                f"Đơn vị kế tục mới '{args.into}' cần --name và --kind / "
                f"a new successor '{args.into}' needs --name and --kind"
            )
            return 2
        successor = UnitData(
            code=args.into, name=args.name, kind=args.kind, parent_code=args.parent
        )
    try:
        done = merge_units(
            policy.SYSTEM,
            predecessors=[found[c] for c in args.predecessors],
            successor=successor,
            date=args.date,
            note=args.note,
            move_children=args.move_children,
        )
    except ServiceError as exc:
        err(str(exc.msg))
        return 1
    print(
        f"{', '.join(u.code for u in done.predecessors)} → {done.successor.code} "
        f"({done.successor.name}) từ / from {done.date:%d/%m/%Y}"
        + (
            f"; {done.moved_children} đơn vị trực thuộc chuyển sang / children moved"
            if done.moved_children
            else ""
        )
    )
    return 0


def cmd_lineage(args: argparse.Namespace) -> int:
    _start()
    from thidua.web.units.models import Unit
    from thidua.web.units.succession import lineage

    unit = Unit.objects.filter(code=args.code).first()
    if unit is None:
        err(f"Không có đơn vị / No unit: {args.code}")
        return 1
    lin = lineage(unit)
    print(f"{unit.code} {unit.name}")
    for link in lin.predecessors:
        print(
            f"  {'  ' * (link.depth - 1)}← {link.unit.code} {link.unit.name} ({link.date:%d/%m/%Y})"
        )
    for link in lin.successors:
        print(
            f"  {'  ' * (link.depth - 1)}→ {link.unit.code} {link.unit.name} ({link.date:%d/%m/%Y})"
        )
    return 0
