"""Benchmark: score and rank 10,600 synthetic communes on hagiang-2023-commune.

Prints, in the same run, the wall time of the core (``score_all`` + ``rank``)
on its fast path (compiled criteria) and on the reference path (the rules
alone, ``score_all_reference``), checks that both give the same figures, and
times a NumPy-vectorised evaluation of the same ratio / binary / count rules as
a floor (no explanations, no validation, no Decimal). Not a test: figures only.

    .venv/bin/python bench/bench_scoring.py [N] [--runs R]
"""

from __future__ import annotations

import argparse
import os
import random
import time
import tracemalloc
from collections.abc import Callable
from decimal import Decimal

import numpy as np

from thidua.scoring import Framework, UnitInput, UnitScore, get_builtin, rank, score_all
from thidua.scoring.evaluate import score_all_reference
from thidua.scoring.rules import BinaryRule, CountRule, EventsRule, RatioRule

Run = tuple[float, float, float]  # wall, score, rank (seconds)


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


def _figures(ranked: list[UnitScore]) -> list[tuple[object, ...]]:
    """Everything a score shows, with exact Decimal representations ("8.50" is not "8.5")."""
    return [
        (
            s.unit.code,
            s.rank,
            repr(s.total),
            repr(s.index),
            [(k, repr(v)) for k, v in s.sections.items()],
            [(k, repr(v)) for k, v in s.points.items()],
            s.missing,
            s.warnings,
        )
        for s in ranked
    ]


def _time(score: Callable[..., list[UnitScore]], fw: Framework, units: list[UnitInput]) -> Run:
    t0 = time.perf_counter()
    scores = score(fw, units)
    t1 = time.perf_counter()
    rank(scores)
    t2 = time.perf_counter()
    return (t2 - t0, t1 - t0, t2 - t1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=10_600, help="communes (10,600)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each path (5)")
    args = parser.parse_args()
    N, RUNS = args.n, args.runs
    fw = get_builtin("hagiang-2023-commune")
    units = synthetic_units(N)
    n_results = sum(len(u.results) for u in units)
    # Interleaved, best of RUNS each: the machine has 2 cores and other work.
    ref_runs: list[Run] = []
    fast_runs: list[Run] = []
    for _ in range(RUNS):
        ref_runs.append(_time(score_all_reference, fw, units))
        fast_runs.append(_time(score_all, fw, units))
    ref, fast = min(ref_runs), min(fast_runs)
    floor = min(numpy_floor(units) for _ in range(RUNS))
    same = _figures(rank(score_all(fw, units))) == _figures(rank(score_all_reference(fw, units)))
    tracemalloc.start()  # separately: tracemalloc slows allocation-heavy code
    ranked = rank(score_all(fw, units))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert ranked[0].total >= ranked[-1].total
    best = ranked[0]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"units: {N:,}; criteria per unit: {len(fw.criteria)}; results scored: {n_results:,}")
    print(f"load average (1 min) at the end: {load:.2f}; best of {RUNS} interleaved runs each")
    for name, (wall, score_s, rank_s) in (("reference", ref), ("fast", fast)):
        print(
            f"core {name:>9}: score_all + rank {wall:.3f} s  (score {score_s:.3f} s + rank {rank_s:.3f} s)"
            f"  = {wall / floor:.0f}x floor"
        )
    print(f"fast path speed-up: {ref[0] / fast[0]:.2f}x; same figures as the reference: {same}")
    print(f"peak traced memory while scoring (fast): {peak / 2**20:.1f} MiB")
    print(
        f"numpy floor (ratio/binary/count only, no Decimal, no explanations): {floor * 1000:.1f} ms"
    )
    print(
        f"best: {best.unit.code} {best.total}; explanation sample: {best.criteria['A.II.1'].explanation.vi}"
    )
    assert isinstance(best.total, Decimal)
    assert same, "the fast path and the reference path disagree"


if __name__ == "__main__":
    main()
