"""How often removing an unsourced figure keeps a PTC *train* sentence at least as credible.

Every PTC train sentence with figures or dates gives an automatic ``drop_figure`` pair
(:func:`pipeline.counterfactuals.figure_pairs`); a pair counts where the specifics signal
fires on the sentence with its figures and falls without them. The share of those pairs whose
figure-free version is rated at least as credible is what a training choice about the
specifics signal's weight reads (the hand-written pairs in ``seeds/`` check the product; they
take their sentences from PTC dev).

    python benchmarks/train_counterfactuals.py --data-dir ../shared/data [--model PATH ...]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline import datasets, load_scorer  # noqa: E402
from pipeline.counterfactuals import figure_pairs  # noqa: E402

SIGNAL = "unverifiable_specifics"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", default=None)
    parser.add_argument("--model", action="append", default=None,
                        help="model folder (repeat to compare); the shipped model when omitted")
    args = parser.parse_args()
    ptc = datasets.load_ptc_sentences(datasets.resolve_data_dir(args.data_dir), "train")
    pairs = figure_pairs(ptc.texts)
    print(f"{len(pairs)} PTC train sentences with figures")
    for model in args.model or [None]:
        scorer = load_scorer(model)
        stronger = scorer.score_sentences([p.stronger for p in pairs])
        weaker = scorer.score_sentences([p.weaker for p in pairs])
        counted = [(w, s) for w, s in zip(weaker, stronger)
                   if s.signals[SIGNAL].score >= 0.5 and s.signals[SIGNAL].score > w.signals[SIGNAL].score]
        held = sum(w.credibility >= s.credibility for w, s in counted)
        print(f"{model or 'shipped model'}: {held} of {len(counted)} pairs hold "
              f"({held / max(1, len(counted)):.4f})")


if __name__ == "__main__":
    main()
