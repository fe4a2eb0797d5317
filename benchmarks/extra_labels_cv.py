"""What the extra labelled sentences (data/signals_extra.md) would earn each signal, in grouped
5-fold CV on signals_gold train (the figures stay on the gold: an extra sentence joins a fold's
training only when its article is not held out, and is never scored).

The two heads (anonymous attribution, specifics), fitted as training fits them on the shipped
model's extractors, without and with the extra sentences: F1 at 0.5, ROC AUC, evidence char F1
(anonymous 0.752 / 0.926 / 0.623 -> 0.753 / 0.933 / 0.620, specifics 0.745 / 0.906 / 0.516 ->
0.761 / 0.911 / 0.525). For the sensational extractor: ``benchmarks/sensational_cv.py --extra``.
Nothing here reads dev. About 2 minutes.

    python benchmarks/extra_labels_cv.py --data-dir ../shared/data
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sklearn.metrics import roc_auc_score  # noqa: E402

from pipeline import datasets, load_scorer, training  # noqa: E402
from pipeline.signals.head import LabelledExtra, SignalHead  # noqa: E402


def shipped_results(data: training.TrainingData) -> tuple[dict, dict, tuple]:
    """The shipped model's extractors, their results on the gold train sentences, and the weasel
    proxy (texts, results, labels) as the heads' training reads them."""
    signals = load_scorer().model.signals
    results = {n: e.analyze(data.gold.texts) for n, e in signals.items()}
    weasel = (data.weasel.texts, {n: e.analyze(data.weasel.texts) for n, e in signals.items()}, data.weasel.labels)
    return signals, results, weasel


def fit_head(name: str, data: training.TrainingData, signals: dict, results: dict, weasel: tuple,
             more: LabelledExtra | None = None) -> SignalHead:
    """A signal's head fitted as training fits it (its grouped CV figures in ``cv_``, its
    out-of-fold scores in ``oof_scores_``)."""
    gold = data.gold
    proxy = weasel if name in training.PROXY_WEIGHTS else None
    return SignalHead(name, C=training.HEAD_C.get(name, 1.0), cut_on_gated=name in training.CUT_ON_GATED).fit(
        gold.texts, signals, results, gold.labels[name], gold.spans[name], gold.groups, proxy=proxy,
        proxy_weight=training.PROXY_WEIGHTS.get(name, 0.0), more=more)


def heads(data: training.TrainingData) -> None:
    gold, extra = data.gold, data.extra
    signals, results, weasel = shipped_results(data)
    extra_results = {n: e.analyze(extra.texts) for n, e in signals.items()}
    for name in training.HEADED_SIGNALS:
        for more in (None, LabelledExtra(extra.texts, extra_results, extra.labels[name], extra.spans[name],
                                         extra.groups)):
            head = fit_head(name, data, signals, results, weasel, more)
            auc = roc_auc_score(gold.labels[name], head.oof_scores_)
            print(f"{name} head, {'with' if more else 'without'} the extra sentences: F1 {head.cv_['f1']:.3f}, "
                  f"ROC AUC {auc:.3f}, evidence char F1 {head.cv_['evidence_char_f1']:.3f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", default=None)
    args = parser.parse_args()
    data_dir = datasets.resolve_data_dir(args.data_dir)
    data = training.TrainingData.load(data_dir)
    heads(data)


if __name__ == "__main__":
    main()
