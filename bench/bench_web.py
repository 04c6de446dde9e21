"""Load benchmark: gunicorn on PostgreSQL on loopback, 100 users, demo and national data.

    .venv/bin/python bench/bench_web.py [--users 100] [--seconds 20] [--workers 3]
                                        [--scenario demo national] [--communes 10600]

It creates its own database (``DATABASE_URL``, default
postgres://postgres@127.0.0.1:5432/thidua_bench), migrates, loads the demo and
the synthetic country (``thidua bench-data national``) when missing, creates
``bench_*`` accounts, starts gunicorn (gthread workers) on 127.0.0.1, logs every
user in through the login form, then for each scenario runs, bounded in time:

* **capacity**: 100 users without pause, first on the bare ``/healthz`` view,
  then on the mix — both throughputs, in the same run, and their ratio;
* **paced**: 100 users on the mix, each pausing 3–7 s between requests
  (``--think``; an office at work, ~20 requests/s), for the latency figures;
* **single requests** (national only): the national ranking page up to date,
  right after an appraisal (the level is re-ranked before it is shown), on its
  last page, within a province, the CSV export of 10,600 rows, and a full
  rebuild of the level.

The mix, per user: viewers (20%) read ranking pages (pages 1–5, the district
level, one district) and unit pages; district appraisers (50%) read their
district's ranking and their communes' pages and *correct* a ratio of a
commune (a change of final value: the level's ranks move); commune reporters
(30%) read their table and save drafts. Every user owns the rows it writes, so
versions are known and no save is refused as stale; the saves are checked
against the database at the end. The client is plain threads and
``http.client``, no extra package; it shares the machine's cores with the
server and PostgreSQL, and its CPU time is printed. Figures, not assertions.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/thidua_bench"
PASSWORD = "bench-password-2023"
HOST = "127.0.0.1"
DEMO = "hagiang-2023"
NATIONAL = "national-synthetic"
RATIO_KINDS = ("ratio",)


# --- set-up (in this process, through Django) ------------------------------------------------


def ensure_database(url: str) -> None:
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl().replace("postgres://", "postgresql://", 1)
    with psycopg.connect(admin, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return
        conn.execute(f'CREATE DATABASE "{name}"')
        print(f"created database {name}")


def prepare_data(communes: int) -> None:
    from django.db import connection

    from thidua.web.bootstrap import prepare, setup

    setup()
    prepare()
    from thidua.cli.bench_data import load_national
    from thidua.web.campaigns.models import Campaign
    from thidua.web.demo import load_demo

    load_demo()
    if not Campaign.objects.filter(code=NATIONAL).exists():
        print(f"loading the synthetic country ({communes:,} communes) ...")
        districts = max(63, round(communes * 700 / 10_600))
        load_national(communes=communes, districts=districts, provinces=63, seed=6)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


@dataclass
class Save:
    """A row one user owns and rewrites: an appraiser's correction or a reporter's draft."""

    url: str
    kind: str  # "correct" | "draft"
    rule: str  # the rule kind, for the form fields
    result_id: int
    version: int
    unit_code: str


@dataclass
class UserPlan:
    username: str
    role: str  # viewer | appraiser | reporter
    rankings: list[str]
    pages: list[str]
    saves: list[Save] = field(default_factory=list)


def _user(username: str, unit: Any, role: str) -> None:
    from django.contrib.auth.models import User

    from thidua.web.accounts.models import Membership

    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, first_name="bench")
        user.set_password(PASSWORD)
        user.save()
    Membership.objects.get_or_create(user=user, unit=unit, role=role)


def build_plan(code: str, users: int, rng: random.Random) -> list[UserPlan]:
    """Accounts and what each user reads and writes in campaign ``code``."""
    from django.db.models import Count

    from thidua.scoring import get_builtin
    from thidua.web.campaigns.models import Campaign, LevelFramework
    from thidua.web.results.models import Result
    from thidua.web.units.models import Unit

    campaign = Campaign.objects.select_related("owner").get(code=code)
    fw = get_builtin(LevelFramework.objects.get(campaign=campaign, level="commune").framework)
    kinds = {c.code: c.rule.kind for c in fw.criteria if c.rule is not None}
    base = f"/c/{code}"
    districts = list(
        Unit.objects.filter(campaigns=campaign, kind__in=("huyen", "quan", "thi_xa", "thanh_pho"))
        .annotate(n=Count("children"))
        .filter(n__gt=0)
        .order_by("code")
    )
    communes_of: dict[int, list[Any]] = defaultdict(list)
    for u in Unit.objects.filter(
        campaigns=campaign, kind__in=("xa", "phuong", "thi_tran")
    ).order_by("code"):
        communes_of[u.parent_id].append(u)
    all_communes = [c for d in districts for c in communes_of[d.pk]]
    n_viewers, n_appraisers = users * 20 // 100, users * 50 // 100
    n_reporters = users - n_viewers - n_appraisers
    plans: list[UserPlan] = []
    owner = campaign.owner
    for i in range(n_viewers):
        name = f"bench_{code[:8]}_view{i:02d}"
        _user(name, owner, "viewer")
        rankings = [f"{base}/ranking/commune/?page={p}" for p in range(1, 6)]
        rankings += [f"{base}/ranking/district/"]
        rankings += [f"{base}/ranking/commune/?within={d.code}" for d in rng.sample(districts, 3)]
        pages = [f"{base}/u/{c.code}/" for c in rng.sample(all_communes, 20)]
        plans.append(UserPlan(name, "viewer", rankings, pages))
    taken: set[int] = set()
    chosen = rng.sample(districts, min(n_appraisers, len(districts)))
    for i in range(n_appraisers):
        d = chosen[i % len(chosen)]
        name = f"bench_{code[:8]}_appr{i:02d}"
        _user(name, d, "appraiser")
        communes = communes_of[d.pk]
        rankings = [f"{base}/ranking/commune/?within={d.code}", f"{base}/ranking/commune/"]
        pages = [f"{base}/u/{c.code}/" for c in communes]
        pages += [f"{base}/u/{c.code}/appraise/" for c in communes]
        rows = [
            r
            for r in Result.objects.filter(
                campaign=campaign,
                unit__in=communes,
                status__in=("submitted", "accepted", "corrected"),
            ).select_related("unit")
            if kinds.get(r.criterion) in RATIO_KINDS and r.pk not in taken
        ]
        rows = rng.sample(rows, min(6, len(rows)))
        taken.update(r.pk for r in rows)
        saves = [
            Save(
                f"{base}/u/{r.unit.code}/appraise/{r.criterion}/",
                "correct",
                "ratio",
                r.pk,
                r.version,
                r.unit.code,
            )
            for r in rows
        ]
        plans.append(UserPlan(name, "appraiser", rankings, pages, saves))
    drafts: dict[int, list[Any]] = defaultdict(list)
    for r in Result.objects.filter(
        campaign=campaign, status__in=("draft", "returned"), unit__in=all_communes
    ).select_related("unit"):
        if kinds.get(r.criterion) in ("ratio", "binary"):
            drafts[r.unit_id].append(r)
    draft_units = sorted(drafts, key=lambda pk: drafts[pk][0].unit.code)
    rng.shuffle(draft_units)
    for i in range(n_reporters):
        unit_rows = drafts[draft_units[i % len(draft_units)]]
        unit = unit_rows[0].unit
        name = f"bench_{code[:8]}_rep{i:02d}"
        _user(name, unit, "reporter")
        mine = [r for r in unit_rows if r.pk not in taken][:6]
        taken.update(r.pk for r in mine)
        saves = [
            Save(
                f"{base}/u/{unit.code}/row/{r.criterion}/save/",
                "draft",
                kinds[r.criterion],
                r.pk,
                r.version,
                unit.code,
            )
            for r in mine
        ]
        plans.append(UserPlan(name, "reporter", [], [f"{base}/u/{unit.code}/"], saves))
    return plans


# --- the client ------------------------------------------------------------------------------


class Session:
    """One user's cookies and keep-alive connection to the server."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        self.conn: http.client.HTTPConnection | None = None

    def request(
        self, method: str, path: str, form: dict[str, Any] | None = None, htmx: bool = False
    ) -> tuple[int, bytes]:
        headers = {"Host": f"{HOST}:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            if "csrftoken" in self.cookies:
                headers["X-CSRFToken"] = self.cookies["csrftoken"]
        if htmx:
            headers["HX-Request"] = "true"
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(HOST, self.port, timeout=120)
            try:
                self.conn.request(method, path, body=body, headers=headers)
                resp = self.conn.getresponse()
                data = resp.read()
                break
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise
        for value in resp.headers.get_all("Set-Cookie") or []:
            name, _, rest = value.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        if resp.getheader("Connection", "").lower() == "close" and self.conn is not None:
            self.conn.close()
            self.conn = None
        return resp.status, data

    def login(self, username: str) -> None:
        self.request("GET", "/accounts/login/")
        status, _ = self.request(
            "POST", "/accounts/login/", {"username": username, "password": PASSWORD}
        )
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"login failed for {username}: {status}")


@dataclass
class Stats:
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    saved: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, seconds: float, ok: bool) -> None:
        with self.lock:
            self.times[kind].append(seconds)
            if not ok:
                self.errors[kind] += 1


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, int(q * len(s)))]


def _form(save: Save, rng: random.Random) -> dict[str, Any]:
    if save.rule == "binary":
        value = {"v": rng.choice(("yes", "no"))}
    else:
        value = {"pct": str(rng.randint(30, 100))}
    if save.kind == "correct":
        return {"action": "correct", "reason": "bench", "version": save.version, **value}
    return {"version": save.version, "note": "bench", **value}


WEIGHTS = {
    "viewer": (("ranking", 0.6), ("unit", 0.4)),
    "appraiser": (("ranking", 0.3), ("unit", 0.4), ("save", 0.3)),
    "reporter": (("unit", 0.6), ("save", 0.4)),
}


def user_loop(
    plan: UserPlan | None,
    session: Session,
    deadline: float,
    think: tuple[float, float],
    stats: Stats,
    seed: int,
) -> None:
    rng = random.Random(seed)
    while time.perf_counter() < deadline:
        if plan is None:
            kind, method, path, form, htmx = "bare", "GET", "/healthz", None, False
            save = None
        else:
            actions, weights = zip(*WEIGHTS[plan.role], strict=True)
            kind = rng.choices(actions, weights)[0]
            save = None
            if kind == "save" and plan.saves:
                save = rng.choice(plan.saves)
                method, path, form = "POST", save.url, _form(save, rng)
                htmx = save.kind == "draft"
                kind = f"save:{save.kind}"
            else:
                if kind == "save":
                    kind = "unit"
                urls = plan.rankings if kind == "ranking" else plan.pages
                method, path, form, htmx = "GET", rng.choice(urls), None, False
        t0 = time.perf_counter()
        try:
            status, body = session.request(method, path, form, htmx)
        except Exception:
            status, body = 599, b""
        elapsed = time.perf_counter() - t0
        ok = status == 200 or (status == 302 and kind == "save:correct")
        if ok and save is not None:
            if save.kind == "draft" and b'role="alert"' in body:  # refused: the row's error
                ok = False
            else:
                save.version += 1
                with stats.lock:
                    stats.saved += 1
        stats.add(kind, elapsed, ok)
        if think[1] > 0:
            time.sleep(rng.uniform(*think))


def run_phase(
    name: str,
    plans: list[UserPlan | None],
    sessions: list[Session],
    seconds: float,
    think: tuple[float, float],
) -> Stats:
    stats = Stats()
    deadline = time.perf_counter() + seconds
    cpu0 = time.process_time()
    t0 = time.perf_counter()
    threads = [
        threading.Thread(target=user_loop, args=(p, s, deadline, think, stats, i), daemon=True)
        for i, (p, s) in enumerate(zip(plans, sessions, strict=True))
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    cpu = time.process_time() - cpu0
    every = [x for v in stats.times.values() for x in v]
    n_err = sum(stats.errors.values())
    print(
        f"  {name:<28} {len(every) / wall:7.1f} req/s   p50 {pct(every, 0.5) * 1000:6.1f} ms"
        f"   p95 {pct(every, 0.95) * 1000:7.1f} ms   requests {len(every):6d}   errors {n_err}"
        f"   (client CPU {cpu / wall * 100:.0f}% of a core)"
    )
    if plans and plans[0] is not None:
        for kind in sorted(stats.times):
            v = stats.times[kind]
            print(
                f"      {kind:<24} {len(v) / wall:7.1f} req/s   p50 {pct(v, 0.5) * 1000:6.1f} ms"
                f"   p95 {pct(v, 0.95) * 1000:7.1f} ms   n {len(v):6d}   errors {stats.errors[kind]}"
            )
    stats.times["_wall"] = [wall]
    return stats


def rate(stats: Stats) -> float:
    wall = stats.times["_wall"][0]
    return sum(len(v) for k, v in stats.times.items() if k != "_wall") / wall


def all_times(stats: Stats) -> list[float]:
    return [x for k, v in stats.times.items() if k != "_wall" for x in v]


# --- the server ------------------------------------------------------------------------------


def start_server(port: int, workers: int, threads: int, db_url: str) -> subprocess.Popen[bytes]:
    env = dict(
        os.environ,
        DATABASE_URL=db_url,
        DJANGO_SETTINGS_MODULE="thidua.web.settings",
        THIDUA_DEBUG="false",
        SECRET_KEY="bench-only-secret-key-not-for-production-0123456789",
        ALLOWED_HOSTS=HOST,
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="0",
    )
    cmd = [
        sys.executable,
        "-m",
        "gunicorn",
        "thidua.web.wsgi:application",
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        "gthread",
        "--threads",
        str(threads),
        "--backlog",
        "2048",
        "--log-level",
        "warning",
    ]
    proc = subprocess.Popen(cmd, env=env)
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            c = http.client.HTTPConnection(HOST, port, timeout=2)
            c.request("GET", "/healthz", headers={"Host": f"{HOST}:{port}"})
            if c.getresponse().status == 200:
                return proc
        except OSError:
            time.sleep(0.3)
    proc.terminate()
    raise RuntimeError("gunicorn did not start")


# --- main ------------------------------------------------------------------------------------


def login_all(plans: list[UserPlan], port: int) -> list[Session]:
    sessions = [Session(port) for _ in plans]
    errors: list[Exception] = []

    def work(idx: list[int]) -> None:
        for i in idx:
            try:
                sessions[i].login(plans[i].username)
            except Exception as exc:
                errors.append(exc)

    chunks = [list(range(k, len(plans), 8)) for k in range(8)]
    ts = [threading.Thread(target=work, args=(c,)) for c in chunks]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    if errors:
        raise errors[0]
    return sessions


def check_saves(plans: list[UserPlan]) -> tuple[int, int]:
    """(versions the client expects, versions the database holds) over every owned row."""
    from thidua.web.results.models import Result

    saves = [s for p in plans for s in p.saves]
    stored = dict(
        Result.objects.filter(pk__in=[s.result_id for s in saves]).values_list("pk", "version")
    )
    return sum(s.version for s in saves), sum(stored.values())


def single_requests(port: int, plans: list[UserPlan], code: str) -> None:
    """The national ranking page, one request at a time (no other load)."""
    from thidua.web.campaigns import snapshots
    from thidua.web.campaigns.models import Campaign

    viewer = next(p for p in plans if p.role == "viewer")
    appraiser = next(p for p in plans if p.role == "appraiser" and p.saves)
    sv, sa = Session(port), Session(port)
    sv.login(viewer.username)
    sa.login(appraiser.username)
    page = f"/c/{code}/ranking/commune/"

    def timed(session: Session, path: str, n: int = 5) -> tuple[float, int, int]:
        times, size, status = [], 0, 0
        for _ in range(n):
            t0 = time.perf_counter()
            status, body = session.request("GET", path)
            times.append(time.perf_counter() - t0)
            size = len(body)
        return sorted(times)[len(times) // 2], status, size

    _, body = sv.request("GET", page)
    m = re.search(rb"1 / ([\d.,]+) \(([\d.,]+)\)", body)
    number = lambda raw: int(re.sub(rb"[^0-9]", b"", raw))  # noqa: E731 (10.600 in Vietnamese)
    pages, rows = (number(m.group(1)), number(m.group(2))) if m else (1, 0)
    print(f"  national ranking page, {rows:,} communes over {pages} pages (one request at a time):")
    for label, path in (
        ("page 1, up to date", page),
        (f"last page ({pages})", f"{page}?page={pages}"),
        ("within a district", f"{page}?within=SYN.P01.D02"),
        ("within a province", f"{page}?within=SYN.P07"),
        ("district level", f"/c/{code}/ranking/district/"),
    ):
        t, st, size = timed(sv, path)
        print(f"      {label:<34} {t * 1000:7.1f} ms  (HTTP {st}, {size / 1024:.0f} KiB)")
    after = []
    rng = random.Random(1)
    for _ in range(5):
        save = rng.choice(appraiser.saves)
        st, _ = sa.request("POST", save.url, _form(save, rng))
        save.version += 1
        t0 = time.perf_counter()
        st, _ = sv.request("GET", page)
        after.append(time.perf_counter() - t0)
    print(
        f"      {'page 1 right after an appraisal':<34} {sorted(after)[2] * 1000:7.1f} ms"
        f"  (median of 5; max {max(after) * 1000:.1f} ms; the level is re-ranked first)"
    )
    t, st, size = timed(sv, f"/c/{code}/ranking/commune/export.csv", 3)
    print(
        f"      {'CSV export, every row':<34} {t * 1000:7.1f} ms  (HTTP {st}, {size / 1024:.0f} KiB)"
    )
    campaign = Campaign.objects.get(code=code)
    t0 = time.perf_counter()
    snapshots.refresh(campaign, "commune", rebuild=True)
    print(
        f"      {'full rebuild of the level':<34} {(time.perf_counter() - t0) * 1000:7.1f} ms"
        "  (score_all + rank over every commune; after a framework change)"
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--users", type=int, default=100)
    ap.add_argument("--seconds", type=float, default=25, help="paced mix, per scenario")
    ap.add_argument("--capacity-seconds", type=float, default=8, help="each capacity phase")
    ap.add_argument("--workers", type=int, default=3)
    ap.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    ap.add_argument("--port", type=int, default=8765)
    ap.add_argument("--communes", type=int, default=10_600)
    ap.add_argument("--scenario", nargs="+", default=["demo", "national"])
    ap.add_argument(
        "--think",
        nargs=2,
        type=float,
        default=(3.0, 7.0),
        metavar=("MIN", "MAX"),
        help="pause of each user between requests in the paced phase, seconds",
    )
    args = ap.parse_args()

    db_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB)
    os.environ["DATABASE_URL"] = db_url
    os.environ.setdefault("THIDUA_DATA_DIR", "/tmp/thidua-bench-var")
    os.makedirs(os.path.join(os.environ["THIDUA_DATA_DIR"], "static"), exist_ok=True)
    ensure_database(db_url)
    t0 = time.perf_counter()
    prepare_data(args.communes)
    rng = random.Random(2023)
    scenarios = {"demo": DEMO, "national": NATIONAL}
    plans = {s: build_plan(scenarios[s], args.users, rng) for s in args.scenario}
    print(
        f"data and {sum(map(len, plans.values()))} accounts ready in"
        f" {time.perf_counter() - t0:.1f} s; load average {os.getloadavg()[0]:.1f}"
    )
    server = start_server(args.port, args.workers, args.threads, db_url)
    print(
        f"gunicorn: {args.workers} gthread workers × {args.threads} threads on {HOST}:{args.port};"
        f" PostgreSQL {urllib.parse.urlsplit(db_url).path.lstrip('/')}; {os.cpu_count()} cores"
    )
    try:
        for scenario in args.scenario:
            code = scenarios[scenario]
            ps = plans[scenario]
            sessions = login_all(ps, args.port)
            print(f"\n== {scenario} ({code}): {len(ps)} users logged in ==")
            bare = run_phase(
                "capacity: bare /healthz", [None] * len(ps), sessions, args.capacity_seconds, (0, 0)
            )
            mix_cap = run_phase("capacity: mix", list(ps), sessions, args.capacity_seconds, (0, 0))
            think = (args.think[0], args.think[1])
            mix = run_phase(
                f"paced: mix ({think[0]:g}-{think[1]:g} s pauses)",
                list(ps),
                sessions,
                args.seconds,
                think,
            )
            expected, stored = check_saves(ps)
            ratio = rate(mix_cap) / rate(bare) * 100
            every = all_times(mix)
            print(
                f"  => {scenario}: paced mix p50 {pct(every, 0.5) * 1000:.1f} ms, p95 "
                f"{pct(every, 0.95) * 1000:.1f} ms at {rate(mix):.1f} req/s (target p95 <= 150 ms);"
                f" capacity: mix {rate(mix_cap):.1f} req/s = {ratio:.1f}% of the bare view's"
                f" {rate(bare):.1f} req/s (target >= 50%); saves {mix_cap.saved + mix.saved} ok,"
                f" row versions expected {expected} / stored {stored}"
            )
            if scenario == "national":
                single_requests(args.port, ps, code)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
