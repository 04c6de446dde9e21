"""``thidua demo [--host H] [--port P] [--no-serve]``: migrate, load demo data, serve."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("demo", help="chạy thử với dữ liệu minh họa / run with demo data")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--no-serve", action="store_true", help="chỉ nạp dữ liệu / only load the data")
    p.set_defaults(handler=cmd_demo)


def cmd_demo(args: argparse.Namespace) -> int:
    from thidua.web.bootstrap import prepare, setup

    setup()
    prepare()
    from thidua.web.demo import DEFAULT_PASSWORD, demo_password, load_demo

    done = load_demo()
    state = "đã tạo / created" if done["created"] else "đã có, giữ nguyên / already present, kept"
    print(
        f"Dữ liệu minh họa / Demo data: {done['units']} đơn vị / units; đợt thi đua / campaign "
        f"'{done['campaign'].code}' {state}"
    )
    password = demo_password()
    shown = password if password == DEFAULT_PASSWORD else "(THIDUA_DEMO_PASSWORD)"
    print(f"Tài khoản / Accounts (mật khẩu / password: {shown}):")
    for a in done["accounts"]:
        print(f"  {a.username:<18} {a.role:<10} {a.unit:<10} {a.description}")
    if args.no_serve:
        return 0
    from django.core.management import call_command

    print(f"Mở / Open http://{args.host}:{args.port}/  (Ctrl+C để dừng / to stop)")
    call_command("runserver", f"{args.host}:{args.port}", use_reloader=False)
    return 0
