"""Scoring time must grow linearly with input: time(2n) / time(n) per adversarial input.

Runs every adversarial family of ``tests/test_signals_base.py`` through the shipped scorer
twice, at n and 2n, both as one document (split into sentences) and as one unsplit sentence
(``score_sentences``), and prints the ratio (goal: <= 2.5).

    python benchmarks/bench_linear.py [--n 4000]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from test_signals_base import adversarial_texts  # noqa: E402

from pipeline import load_scorer  # noqa: E402


def best_time(fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=4000)
    args = parser.parse_args()
    scorer = load_scorer()
    small, large = adversarial_texts(args.n), adversarial_texts(2 * args.n)
    print(f"{'input':<16} {'mode':<10} {'chars(n)':>9} {'t(n) s':>8} {'t(2n) s':>8} {'ratio':>6}")
    worst = 0.0
    for kind in sorted(small):
        for mode, run in (("document", lambda t: scorer.score(t)),
                          ("sentence", lambda t: scorer.score_sentences([t]))):
            t1 = best_time(lambda: run(small[kind]))
            t2 = best_time(lambda: run(large[kind]))
            ratio = t2 / t1 if t1 > 0 else float("nan")
            worst = max(worst, ratio)
            print(f"{kind:<16} {mode:<10} {len(small[kind]):>9} {t1:>8.4f} {t2:>8.4f} {ratio:>6.2f}")
    print(f"worst ratio {worst:.2f} (goal <= 2.5)")


if __name__ == "__main__":
    main()
