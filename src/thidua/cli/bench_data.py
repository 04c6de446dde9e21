"""``thidua bench-data national [--communes 10600]``: a synthetic country for load tests.

Every unit is named "Giả lập" (synthetic) and coded ``SYN…``; nothing here is
real data. The country has 63 provinces, ~700 districts and 10,600 communes
(the pre-2025 national scale, DESIGN §5) under one root unit, and one open
campaign, ``national-synthetic``, scoring districts and communes on the Hà
Giang 2023 frameworks, with core-validated results: most appraised (some
corrected), some submitted, some still drafts. Everything is loaded with
``bulk_create`` in batches; the score snapshots are built at the end.
"""

from __future__ import annotations

import argparse
import time

CAMPAIGN = "national-synthetic"
ROOT = "SYN"
BATCH = 5000


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser(
        "bench-data", help="dữ liệu giả lập để đo tải / synthetic data for load tests"
    )
    p.add_argument("scale", choices=["national"], help="national: a synthetic country")
    p.add_argument("--communes", type=int, default=10_600)
    p.add_argument("--districts", type=int, default=None, help="default: communes × 700 / 10,600")
    p.add_argument("--provinces", type=int, default=63)
    p.add_argument("--seed", type=int, default=6)
    p.add_argument(
        "--replace", action="store_true", help="xóa dữ liệu giả lập cũ / delete an existing one"
    )
    p.set_defaults(handler=cmd_bench_data)


def _spread(total: int, parts: int) -> list[int]:
    """``total`` split into ``parts`` near-equal positive counts."""
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def cmd_bench_data(args: argparse.Namespace) -> int:
    from thidua.web.bootstrap import prepare, setup

    setup()
    prepare()
    from thidua.web.campaigns.models import Campaign

    existing = Campaign.objects.filter(code=CAMPAIGN).first()
    if existing is not None and not args.replace:
        print(
            f"Đợt '{CAMPAIGN}' đã có, giữ nguyên (--replace để tạo lại) / "
            f"'{CAMPAIGN}' already present, kept (--replace to rebuild)"
        )
        return 0
    if existing is not None:
        t0 = time.perf_counter()
        delete_national()
        print(f"deleted the previous synthetic country in {time.perf_counter() - t0:.1f} s")
    communes = max(1, args.communes)
    provinces = max(1, min(args.provinces, communes))
    districts = args.districts or max(provinces, round(communes * 700 / 10_600))
    districts = min(max(districts, provinces), communes)
    load_national(communes=communes, districts=districts, provinces=provinces, seed=args.seed)
    return 0


def delete_national() -> None:
    from django.db import transaction

    from thidua.web.campaigns.models import Campaign
    from thidua.web.results.models import Result
    from thidua.web.units.models import Unit

    with transaction.atomic():
        Result.objects.filter(campaign__code=CAMPAIGN).delete()
        Campaign.objects.filter(code=CAMPAIGN).delete()
        synthetic = Unit.objects.filter(path__startswith=f"/{ROOT}/")
        for depth in (4, 3, 2, 1):  # leaves first: parents are protected
            synthetic.filter(path__regex=rf"^(/[^/]+){{{depth}}}/$").delete()


def load_national(*, communes: int, districts: int, provinces: int, seed: int) -> None:
    import datetime as dt
    import random

    from django.db import transaction

    from thidua.scoring import ScoringInputError, get_builtin, score_all
    from thidua.web.audit.services import record
    from thidua.web.campaigns import snapshots
    from thidua.web.campaigns.choices import CampaignState
    from thidua.web.campaigns.models import Campaign, LevelFramework
    from thidua.web.campaigns.scoring import unit_input
    from thidua.web.demo import _plausible
    from thidua.web.results.choices import ResultStatus
    from thidua.web.results.models import Result
    from thidua.web.units.models import Unit

    rng = random.Random(seed)
    t0 = time.perf_counter()
    with transaction.atomic():
        root = Unit.objects.create(
            code=ROOT, name="Cả nước — dữ liệu giả lập (synthetic country)", kind="so_nganh"
        )
        prov_units = Unit.objects.bulk_create(
            [
                Unit(
                    code=f"{ROOT}.P{p:02d}",
                    name=f"Tỉnh Giả lập {p:02d}",
                    kind="tinh",
                    parent=root,
                    path=f"/{ROOT}/{ROOT}.P{p:02d}/",
                )
                for p in range(1, provinces + 1)
            ],
            batch_size=BATCH,
        )
        dist_units = []
        for prov, n in zip(prov_units, _spread(districts, provinces), strict=True):
            for d in range(1, n + 1):
                kind = "thanh_pho" if d == 1 else rng.choice(("huyen",) * 8 + ("thi_xa", "quan"))
                label = {"thanh_pho": "Thành phố", "thi_xa": "Thị xã", "quan": "Quận"}.get(
                    kind, "Huyện"
                )
                code = f"{prov.code}.D{d:02d}"
                dist_units.append(
                    Unit(
                        code=code,
                        name=f"{label} Giả lập {prov.code[-2:]}.{d:02d}",
                        kind=kind,
                        parent=prov,
                        path=f"{prov.path}{code}/",
                    )
                )
        dist_units = Unit.objects.bulk_create(dist_units, batch_size=BATCH)
        comm_units = []
        for dist, n in zip(dist_units, _spread(communes, districts), strict=True):
            urban = dist.kind in ("thanh_pho", "quan", "thi_xa")
            for c in range(1, n + 1):
                if urban:
                    kind = "phuong" if rng.random() < 0.8 else "xa"
                else:
                    kind = "thi_tran" if c == 1 else "xa"
                label = {"phuong": "Phường", "thi_tran": "Thị trấn"}.get(kind, "Xã")
                code = f"{dist.code}.C{c:03d}"
                comm_units.append(
                    Unit(
                        code=code,
                        name=f"{label} Giả lập {dist.code[-6:].replace('.D', '.')}.{c:03d}",
                        kind=kind,
                        parent=dist,
                        path=f"{dist.path}{code}/",
                    )
                )
        comm_units = Unit.objects.bulk_create(comm_units, batch_size=BATCH)
        campaign = Campaign.objects.create(
            code=CAMPAIGN,
            title="Thi đua Đề án 06 toàn quốc (dữ liệu giả lập / synthetic)",
            owner=root,
            period_start=dt.date(2023, 6, 14),
            period_end=dt.date(2023, 12, 15),
            state=CampaignState.OPEN,
            tie_breakers=["A", "C"],
        )
        through = Campaign.participants.through
        through.objects.bulk_create(
            [through(campaign=campaign, unit=u) for u in (*dist_units, *comm_units)],
            batch_size=BATCH,
        )
        frameworks = {
            "district": get_builtin("hagiang-2023-district"),
            "commune": get_builtin("hagiang-2023-commune"),
        }
        for level, fw in frameworks.items():
            LevelFramework.objects.create(campaign=campaign, level=level, framework=fw.code)
    t1 = time.perf_counter()
    print(
        f"units: 1 root, {len(prov_units)} provinces, {len(dist_units)} districts, "
        f"{len(comm_units)} communes; campaign '{CAMPAIGN}' in {t1 - t0:.1f} s"
    )

    parents = {u.pk: u for u in (root, *prov_units, *dist_units)}
    counts: dict[str, int] = {}
    n_results = 0
    pending: list[Result] = []
    for level, units in (("district", dist_units), ("commune", comm_units)):
        fw = frameworks[level]
        for start in range(0, len(units), 500):
            chunk = units[start : start + 500]
            values: dict[str, dict[str, object]] = {}
            for u in chunk:
                u.parent = parents[u.parent_id]  # type: ignore[index]
                drawn = {c.code: _plausible(c, rng) for c in fw.criteria}
                values[u.code] = {k: v for k, v in drawn.items() if v is not None}
            # Every value goes through the core first; one it refuses is simply not entered.
            try:
                score_all(fw, [unit_input(u, values[u.code]) for u in chunk])
            except ScoringInputError as exc:
                for e in exc.errors:
                    values.get(e.unit, {}).pop(e.criterion, None)
                score_all(fw, [unit_input(u, values[u.code]) for u in chunk])
            for u in chunk:
                roll = rng.random()
                stage = "appraised" if roll < 0.85 else "submitted" if roll < 0.95 else "draft"
                counts[stage] = counts.get(stage, 0) + 1
                for code, value in values[u.code].items():
                    row = Result(
                        campaign=campaign,
                        unit=u,
                        criterion=code,
                        self_value=value,
                        status={
                            "appraised": ResultStatus.ACCEPTED,
                            "submitted": ResultStatus.SUBMITTED,
                            "draft": ResultStatus.DRAFT,
                        }[stage],
                        note="Dữ liệu giả lập (synthetic)",
                    )
                    if stage == "appraised":
                        row.appraised_value = value
                        node = fw.by_code[code]
                        binary = node.rule is not None and node.rule.kind == "binary"
                        if binary and rng.random() < 0.03:
                            row.status = ResultStatus.CORRECTED
                            row.appraised_value = False
                            row.appraisal_reason = "Minh chứng chưa đầy đủ (giả lập)"
                    pending.append(row)
            if len(pending) >= BATCH:
                with transaction.atomic():
                    Result.objects.bulk_create(pending, batch_size=BATCH)
                n_results += len(pending)
                pending = []
    if pending:
        with transaction.atomic():
            Result.objects.bulk_create(pending, batch_size=BATCH)
        n_results += len(pending)
    t2 = time.perf_counter()
    print(
        f"results: {n_results:,} rows (units appraised {counts.get('appraised', 0):,}, "
        f"submitted {counts.get('submitted', 0):,}, draft {counts.get('draft', 0):,}) "
        f"in {t2 - t1:.1f} s"
    )
    with transaction.atomic():
        record(
            None,
            "bench.seed",
            object_type="campaign",
            object_id=CAMPAIGN,
            campaign=CAMPAIGN,
            after={"communes": len(comm_units), "districts": len(dist_units), "results": n_results},
            reason="synthetic data for load tests",
        )
    for level in ("district", "commune"):
        t = time.perf_counter()
        state = snapshots.refresh(campaign, level, rebuild=True)
        print(
            f"score snapshot '{level}' built (score_all + rank) in {time.perf_counter() - t:.2f} s,"
            f" generation {state.generation}"
        )
