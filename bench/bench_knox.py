"""Knox near-repeat test, 5 × 5 bands, 999 permutations (targets: 20,000 events <= 1 s and
100,000 events <= 10 s on a 2-core machine), with pysal's pointpats Knox on the same data.

Synthetic data as in the analytics reference (Appendix A): n events in a 20 km square, half uniform and
half around 200 hot-spot centres (Gaussian scatter 300 m), coordinates rounded to 1 m, whole days
uniform over 365 days, generator seed 0. Bands: [0, 1, 100, 200, 300, 400) m × [0, 7, ..., 35) days
(plus the "beyond" row and column), Manhattan distance.

The compiled kernel is warmed once first (numba caches it on disk, so a fresh process pays ~1-3 s
once); the figures are the best of --runs calls. pointpats' Knox takes ONE distance and ONE time
threshold (200 m, 7 days) and loops in Python, so it runs on the 20,000-event data only (at 100,000
it needs many GB); its time is for the same 999 permutations unless --peer-permutations says less.

    .venv/bin/python bench/bench_knox.py [--runs 3] [--peer-permutations 999] [--no-peer]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from safer.crime.analysis.knox import knox  # noqa: E402

S_EDGES = [0, 1, 100, 200, 300, 400]
T_EDGES = [0, 7, 14, 21, 28, 35]
TARGETS = {20_000: 1.0, 100_000: 10.0}


def synthetic(n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    half = n // 2
    uniform = rng.uniform(0, 20_000, (half, 2))
    centres = rng.uniform(0, 20_000, (200, 2))
    around = centres[rng.integers(0, 200, n - half)] + rng.normal(0, 300, (n - half, 2))
    xy = np.round(np.vstack([uniform, around]))
    return xy[:, 0], xy[:, 1], rng.integers(0, 365, n)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--permutations", type=int, default=999)
    parser.add_argument("--peer-permutations", type=int, default=999)
    parser.add_argument("--no-peer", action="store_true")
    args = parser.parse_args()

    x, y, t = synthetic(2_000)
    started = time.perf_counter()
    knox(x, y, t, S_EDGES, T_EDGES, permutations=99)
    print(f"warm-up (loads or compiles the kernel): {time.perf_counter() - started:.2f} s")

    for n, target in TARGETS.items():
        x, y, t = synthetic(n)
        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            result = knox(x, y, t, S_EDGES, T_EDGES, permutations=args.permutations, seed=1)
            times.append(time.perf_counter() - started)
        best = min(times)
        rate = result.close_pairs * args.permutations / best / 1e9
        verdict = "meets" if best <= target else "MISSES"
        print(
            f"ours, n={n:,}: {result.close_pairs:,} pairs < 400 m; 5x5 bands + beyond, "
            f"{args.permutations} perms: best {best:.2f} s of {[round(s, 2) for s in times]} "
            f"({rate:.2f}e9 pair-perms/s; {verdict} {target:g} s)"
        )
        if n == 20_000 and not args.no_peer:
            peer(x, y, t, args.peer_permutations)


def peer(x: np.ndarray, y: np.ndarray, t: np.ndarray, permutations: int) -> None:
    try:
        from pointpats.spacetime import Knox
    except ImportError:
        print("pointpats is not installed (pip install -e '.[bench]'); peer skipped")
        return
    np.random.seed(1)
    started = time.perf_counter()
    k = Knox(
        np.column_stack([x, y]),
        t.reshape(-1, 1).astype(float),
        delta=200.0,
        tau=7.0,
        permutations=permutations,
    )
    seconds = time.perf_counter() - started
    # pointpats counts d <= 200 m and lag <= 7 days (closed); in [a, b) bands that is [0, 200⁺) × [0, 8)
    ours = knox(x, y, t, [0, float(np.nextafter(200.0, np.inf))], [0, 8], metric="euclidean", permutations=0)
    same = "same" if int(ours.observed[0, 0]) == int(k.statistic_) else "DIFFERENT"
    print(
        f"pointpats Knox, n={len(x):,}: ONE band pair (200 m, 7 days), {permutations} perms: {seconds:.2f} s "
        f"(statistic {k.statistic_}; ours for the same closed thresholds: {int(ours.observed[0, 0])}, {same})"
    )


if __name__ == "__main__":
    main()
