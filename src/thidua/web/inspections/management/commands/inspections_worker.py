"""``django-admin inspections_worker [--once] [--interval S]``: run queued inspection solves.

For production with ``THIDUA_SOLVER_MODE=worker``: run one (or more, on any machine)
next to the web processes. Each loop recovers jobs left running by a dead process,
then claims and runs queued jobs one at a time (a claim is a conditional UPDATE, so
several workers never run the same job). See docs/scheduling.md.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections, connection

from thidua.web.inspections import jobs


class Command(BaseCommand):
    help = "Run queued inspection schedule jobs (solve jobs) until stopped"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--once", action="store_true", help="run what is queued, then stop / chạy một lượt"
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=2.0,
            help="seconds between polls of the job table (default 2)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        interval: float = max(0.2, options["interval"])
        try:
            while True:
                if not connection.in_atomic_block:  # (a test's transaction: keep it)
                    close_old_connections()
                ran = jobs.drain()
                if ran:
                    self.stdout.write(f"{ran} lượt xếp lịch / solve jobs run")
                if options["once"]:
                    return
                time.sleep(interval)
        except KeyboardInterrupt:
            self.stdout.write("dừng / stopped")
