"""``thidua api-token create USER --label L | list [USER] | revoke ID``: tokens for the JSON API.

The plain token is printed once, at creation; only its SHA-256 is stored.
"""

from __future__ import annotations

import argparse

from thidua.cli._common import err


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("api-token", help="mã truy cập API / API tokens")
    sub = p.add_subparsers(dest="api_token_command", metavar="ACTION", required=True)
    c = sub.add_parser("create", help="tạo mã mới cho người dùng / create a token for a user")
    c.add_argument("user", metavar="USER", help="tên đăng nhập / username")
    c.add_argument(
        "--label", required=True, help="nhãn, ví dụ tên hệ thống / label, e.g. the system"
    )
    c.set_defaults(handler=cmd_create)
    ls = sub.add_parser("list", help="liệt kê mã / list tokens")
    ls.add_argument(
        "user", metavar="USER", nargs="?", help="chỉ của người dùng này / only this user's"
    )
    ls.set_defaults(handler=cmd_list)
    r = sub.add_parser("revoke", help="thu hồi mã / revoke a token")
    r.add_argument("token_id", metavar="ID", type=int, help="số của mã (xem list) / the token's id")
    r.set_defaults(handler=cmd_revoke)


def _setup() -> None:
    from thidua.web.bootstrap import setup

    setup()


def cmd_create(args: argparse.Namespace) -> int:
    _setup()
    from thidua.web.api.tokens import create_token, find_user
    from thidua.web.errors import ServiceError

    user = find_user(args.user)
    if user is None:
        err(f"Không có người dùng '{args.user}' / No user '{args.user}'")
        return 1
    try:
        token, plain = create_token(None, user=user, label=args.label)
    except ServiceError as exc:
        err(str(exc.msg))
        return 1
    print(f"Mã #{token.pk} cho / Token #{token.pk} for {user.get_username()} ({token.label}):")
    print(plain)
    print("Mã chỉ hiện một lần; hãy lưu lại / Shown only once; store it now.")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    _setup()
    from thidua.web.api.models import ApiToken

    tokens = ApiToken.objects.select_related("user")
    if args.user:
        tokens = tokens.filter(user__username=args.user)
    for t in tokens:
        state = "thu hồi / revoked" if t.revoked else "hiệu lực / active"
        used = t.last_used.isoformat(timespec="seconds") if t.last_used else "-"
        print(f"{t.pk}\t{t.user.get_username()}\t{t.label}\t{t.prefix}…\t{state}\t{used}")
    return 0


def cmd_revoke(args: argparse.Namespace) -> int:
    _setup()
    from thidua.web.api.models import ApiToken
    from thidua.web.api.tokens import revoke_token

    token = ApiToken.objects.filter(pk=args.token_id).first()
    if token is None:
        err(f"Không có mã #{args.token_id} / No token #{args.token_id}")
        return 1
    revoke_token(None, token)
    print(f"Đã thu hồi mã #{token.pk} / Token #{token.pk} revoked")
    return 0
