"""``thidua audit verify``: recompute the audit log's hash chain and report breaks."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("audit", help="nhật ký thay đổi / audit log")
    sub = p.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    v = sub.add_parser("verify", help="kiểm tra chuỗi băm / verify the hash chain")
    v.set_defaults(handler=cmd_verify)


def cmd_verify(args: argparse.Namespace) -> int:
    from thidua.web.bootstrap import setup

    setup()
    from thidua.web.audit.services import verify

    count, breaks = verify()
    if not breaks:
        print(f"Nhật ký nguyên vẹn / Audit log intact: {count} mục / entries")
        return 0
    print(
        f"Nhật ký bị thay đổi / Audit log tampered: {len(breaks)} lỗi / problems in {count} entries"
    )
    for b in breaks:
        print(f"  #{b.seq}: {b.problem}")
    return 1
