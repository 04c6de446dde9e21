"""Page cost benchmark: CPU per request of the main pages, in-process, on SQLite.

    .venv/bin/python bench/bench_pages.py [--communes 10600] [--repeat 10] [--data-dir DIR]

It loads the demo and the synthetic country (``thidua bench-data national``)
into a scratch SQLite database (kept in ``--data-dir`` for the next run, a
temporary directory by default), logs users in with Django's test client and
prints, per page, the CPU time of one request (process time, median of
``--repeat``), the number of SQL queries and the size of the answer. Baselines
in the same run: the bare ``/healthz`` view, and for the unit page what it
used to do on every request, scoring the whole level with the core
(``rank_level``), which grows with the level while the page does not.
Figures, not assertions: the client, the server and SQLite share the process.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

NATIONAL = "national-synthetic"


def _setup(data_dir: Path) -> None:
    os.environ["THIDUA_DATA_DIR"] = str(data_dir)
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.web.settings")
    from thidua.web.bootstrap import prepare, setup

    setup()
    prepare()


def _load(communes: int) -> None:
    from thidua.cli.bench_data import load_national
    from thidua.web.campaigns.models import Campaign
    from thidua.web.demo import load_demo

    if not Campaign.objects.filter(code="hagiang-2023").exists():
        t = time.perf_counter()
        load_demo()
        print(f"demo loaded in {time.perf_counter() - t:.1f} s")
    if communes and not Campaign.objects.filter(code=NATIONAL).exists():
        t = time.perf_counter()
        districts = max(63, round(communes * 700 / 10_600))
        load_national(communes=communes, districts=districts, provinces=63, seed=6)
        print(
            f"synthetic country ({communes:,} communes) loaded in {time.perf_counter() - t:.1f} s"
        )


def _cpu(fn: Callable[[], object], repeat: int) -> float:
    """Median process time of one call, in ms (the first call warms caches and is not counted)."""
    fn()
    times = []
    for _ in range(repeat):
        t = time.process_time()
        fn()
        times.append(time.process_time() - t)
    return statistics.median(times) * 1000


def _measure(client: Any, url: str, repeat: int) -> tuple[float, int, int]:
    from django.db import connection

    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{url}: HTTP {response.status_code}")
    queries: list[str] = []

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        queries.append(sql)
        return execute(sql, params, many, context)

    # A wrapper, not CaptureQueriesContext: each request resets the connection's query log.
    with connection.execute_wrapper(count):
        client.get(url)
    return _cpu(lambda: client.get(url), repeat), len(queries), len(response.content)


def _client(username: str) -> Any:
    from django.contrib.auth.models import User
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username=username))
    return client


def _admin_of(code: str) -> str:
    """A bench account holding the admin role on unit ``code``."""
    from django.contrib.auth.models import User

    from thidua.web.accounts.models import Membership
    from thidua.web.units.models import Unit

    name = f"benchpages_{code.lower().replace('.', '_')}"[:150]
    user, _ = User.objects.get_or_create(username=name, defaults={"first_name": "bench"})
    Membership.objects.get_or_create(user=user, unit=Unit.objects.get(code=code), role="admin")
    return name


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--communes", type=int, default=10_600, help="0: demo only")
    ap.add_argument("--repeat", type=int, default=10)
    ap.add_argument("--data-dir", type=Path, default=None)
    args = ap.parse_args()
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="thidua-bench-pages-"))
    data_dir.mkdir(parents=True, exist_ok=True)
    print(f"database: {data_dir}/db.sqlite3")
    _setup(data_dir)
    _load(args.communes)

    from thidua.web.campaigns.models import Campaign
    from thidua.web.campaigns.scoring import rank_level
    from thidua.web.units.models import Unit

    cases: list[tuple[str, str, str]] = []  # (label, user, url)
    demo = Campaign.objects.get(code="hagiang-2023")
    commune = Unit.objects.filter(kind="xa", code__startswith="HG.BM.").order_by("code").first()
    assert commune is not None
    base = f"/c/{demo.code}"
    cases += [
        ("healthz (bare view)", "admin_tinh", "/healthz"),
        ("home", "admin_tinh", "/"),
        ("campaign", "admin_tinh", f"{base}/"),
        ("ranking, communes", "admin_tinh", f"{base}/ranking/commune/"),
        ("unit page", "admin_tinh", f"/units/{commune.code}/"),
        ("self-assessment", "admin_tinh", f"{base}/u/{commune.code}/"),
        ("appraisal", "admin_tinh", f"{base}/u/{commune.code}/appraise/"),
        ("awards, communes", "admin_tinh", f"{base}/awards/commune/"),
    ]
    levels = [(demo, "commune", "demo (Hà Giang)")]
    national = Campaign.objects.filter(code=NATIONAL).first()
    if national is not None:
        root = national.owner.code
        admin = _admin_of(root)
        unit = (
            Unit.objects.filter(campaigns=national, kind="xa").order_by("code")[5000:5001].first()
        )
        assert unit is not None
        nat = f"/c/{national.code}"
        cases += [
            ("national: ranking, communes", admin, f"{nat}/ranking/commune/"),
            ("national: unit page", admin, f"/units/{unit.code}/"),
            ("national: appraisal", admin, f"{nat}/u/{unit.code}/appraise/"),
        ]
        levels.append((national, "commune", f"national ({args.communes:,} communes)"))

    clients: dict[str, Any] = {}
    print(f"\n{'page':34s} {'CPU ms':>8s} {'queries':>8s} {'KiB':>6s}  url")
    for label, user, url in cases:
        client = clients.setdefault(user, _client(user))
        try:
            ms, queries, size = _measure(client, url, args.repeat)
        except SystemExit as exc:
            print(f"{label:34s} skipped: {exc}")
            continue
        print(f"{label:34s} {ms:8.1f} {queries:8d} {size // 1024:6d}  {url}")

    print("\nbaseline: scoring a whole level with the core, as the unit page did before")
    for campaign, level, label in levels:
        ms = _cpu(lambda c=campaign, lv=level: rank_level(c, lv), max(1, args.repeat // 5))
        print(f"  rank_level {label:30s} {ms:8.1f} ms CPU")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    main()
