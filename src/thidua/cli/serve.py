"""``thidua serve [--host H] [--port P] [--workers N]``: migrate, then serve with gunicorn."""

from __future__ import annotations

import argparse
from typing import Any


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("serve", help="chạy máy chủ web / run the web server")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--no-migrate", action="store_true", help="không chạy migrate / skip migrations")
    p.set_defaults(handler=cmd_serve)


def cmd_serve(args: argparse.Namespace) -> int:
    from thidua.web.bootstrap import prepare, setup

    setup()
    if args.no_migrate:
        from thidua.web.i18n import compile_catalogues

        compile_catalogues()
    else:
        prepare()
    from gunicorn.app.base import BaseApplication

    from thidua.web.wsgi import application

    class App(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            self.cfg.set("bind", f"{args.host}:{args.port}")
            self.cfg.set("workers", args.workers)
            self.cfg.set("accesslog", "-")

        def load(self) -> Any:
            return application

    App().run()
    return 0
