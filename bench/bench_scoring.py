"""Benchmark: score and rank 10,600 synthetic communes on hagiang-2023-commune.

Prints wall time of the core (``score_all`` + ``rank``) and, in the same run,
a NumPy-vectorised evaluation of the same ratio / binary / count rules as a
floor (no explanations, no validation, no Decimal). Not a test: figures only.

    .venv/bin/python bench/bench_scoring.py [N]
"""

from __future__ import annotations

import random
import sys
import time
import tracemalloc
from decimal import Decimal

import numpy as np

from thidua.scoring import UnitInput, get_builtin, rank, score_all
from thidua.scoring.rules import BinaryRule, CountRule, EventsRule, RatioRule

N = int(sys.argv[1]) if len(sys.argv) > 1 else 10_600


def synthetic_units(n: int) -> list[UnitInput]:
    fw = get_builtin("hagiang-2023-commune")
    rng = random.Random(6)
    kinds = [("xa", "huyen"), ("thi_tran", "huyen"), ("phuong", "thanh_pho"), ("xa", "thanh_pho")]
    units = []
    for i in range(n):
        results: dict[str, object] = {}
        for c in fw.criteria:
            r = c.rule
            if isinstance(r, BinaryRule):
                results[c.code] = rng.random() < 0.8
            elif isinstance(r, RatioRule):
                d = rng.randint(50, 5000)
                results[c.code] = {"numerator": rng.randint(0, d), "denominator": d}
            elif isinstance(r, CountRule):
                results[c.code] = rng.randint(0, 12)
            elif isinstance(r, EventsRule):
                k = r.kinds[0]
                results[c.code] = (
                    [{"kind": k.key, "points": int(k.min_points or 0)}]
                    if k.ranged
                    else [{"kind": k.key, "count": rng.randint(0, 2)}]
                )
        kind, parent = kinds[i % len(kinds)]
        units.append(UnitInput(f"X{i:05d}", f"Xã {i}", kind, parent, results=results))
    return units


def numpy_floor(units: list[UnitInput]) -> float:
    """Ratio (with targets), binary and count rules vectorised; returns seconds."""
    fw = get_builtin("hagiang-2023-commune")
    crit = [c for c in fw.criteria if isinstance(c.rule, BinaryRule | RatioRule | CountRule)]
    # Build the input matrices outside the timed part, as a columnar store would hold them.
    cols = {}
    for c in crit:
        vals = [u.results[c.code] for u in units]
        if isinstance(c.rule, RatioRule):
            cols[c.code] = np.array([v["numerator"] / v["denominator"] for v in vals])  # type: ignore[index]
        else:
            cols[c.code] = np.array([float(v) for v in vals])  # type: ignore[arg-type]
    t0 = time.perf_counter()
    total = np.zeros(len(units))
    for c in crit:
        m = float(c.max_points or 0)
        x = cols[c.code]
        r = c.rule
        if isinstance(r, RatioRule):
            target = float(r.target or 1) if r.basis == "target" else 1.0
            p = np.minimum(x / target, 1.0) * m
        elif isinstance(r, BinaryRule):
            p = x * float(r.points_yes if r.points_yes is not None else m)
        else:
            assert isinstance(r, CountRule)
            p = np.minimum(x * float(r.per_unit), m)
        total += np.floor(p * 100 + 0.5) / 100
    order = np.lexsort((np.arange(len(units)), -total))
    _ = order[:10]
    return time.perf_counter() - t0


def main() -> None:
    fw = get_builtin("hagiang-2023-commune")
    units = synthetic_units(N)
    n_results = sum(len(u.results) for u in units)
    runs = []
    for _ in range(3):  # best of three: the machine has 2 cores and other work
        t0 = time.perf_counter()
        scores = score_all(fw, units)
        t1 = time.perf_counter()
        ranked = rank(scores)
        t2 = time.perf_counter()
        runs.append((t2 - t0, t1 - t0, t2 - t1))
        del scores
    wall, score_s, rank_s = min(runs)
    floor = min(numpy_floor(units) for _ in range(3))
    del ranked
    tracemalloc.start()  # separately: tracemalloc slows allocation-heavy code
    ranked = rank(score_all(fw, units))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert ranked[0].total >= ranked[-1].total
    best = ranked[0]
    print(f"units: {N:,}; criteria per unit: {len(fw.criteria)}; results scored: {n_results:,}")
    print(
        f"core score_all + rank (best of 3): {wall:.3f} s  (score {score_s:.3f} s + rank {rank_s:.3f} s)"
    )
    print(f"peak traced memory while scoring: {peak / 2**20:.1f} MiB")
    print(
        f"numpy floor (ratio/binary/count only, no Decimal, no explanations): {floor * 1000:.1f} ms"
    )
    print(f"ratio core / floor: {wall / floor:.0f}x")
    print(
        f"best: {best.unit.code} {best.total}; explanation sample: {best.criteria['A.II.1'].explanation.vi}"
    )
    assert isinstance(best.total, Decimal)


if __name__ == "__main__":
    main()
