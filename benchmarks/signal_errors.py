"""Print what each signal still gets wrong on the sentence gold: its false negatives and false
positives, with the gold evidence and the evidence the report shows.

    python benchmarks/signal_errors.py --data-dir ../shared/data [--split dev] [--model PATH] [-n 15]

Read it to see what a signal misses; never tune a choice on the dev part it prints.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline import datasets, load_scorer  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", default=None)
    parser.add_argument("--split", default="dev", choices=datasets.SPLITS)
    parser.add_argument("--model", default=None)
    parser.add_argument("-n", type=int, default=15, help="cases shown per signal and kind")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    gold = datasets.load_signals_gold(datasets.resolve_data_dir(args.data_dir), args.split)
    reports = load_scorer(args.model).score_sentences(gold.texts)
    rng = random.Random(args.seed)
    for name in datasets.GOLD_COLUMNS:
        cases = {"missed (gold 1, score < 0.5)": [], "false alarm (gold 0, score >= 0.5)": []}
        for i, rep in enumerate(reports):
            signal, label = rep.signals[name], gold.labels[name][i]
            if label and signal.score < 0.5:
                cases["missed (gold 1, score < 0.5)"].append(i)
            elif not label and signal.score >= 0.5:
                cases["false alarm (gold 0, score >= 0.5)"].append(i)
        for kind, rows in cases.items():
            print(f"\n## {name}: {kind}: {len(rows)}")
            for i in sorted(rng.sample(rows, min(args.n, len(rows)))):
                text = gold.texts[i]
                signal = reports[i].signals[name]
                wanted = " || ".join(text[a:b] for a, b in gold.spans[name][i]) or "-"
                shown = " || ".join(f"{e.text} [{e.cue}]" for e in signal.evidence) or "-"
                print(f"- {signal.score:.2f} gold: {wanted} | shown: {shown}\n    {text}")


if __name__ == "__main__":
    main()
