"""The sensational extractor against the sentence gold: grouped 5-fold CV on signals_gold train.

Per fold (grouped by article), the extractor is fitted on clickbait plus the PTC train sentences
of the other folds' articles, with the labels the training uses (``training._ptc_sensational``:
the gold's label where a PTC sentence is in signals_gold train, PTC's technique label elsewhere)
or, with ``--ptc-labels``, PTC's technique labels throughout, or, with ``--extra``, also the labels
of the extra labelled sentences (``data/signals_extra.md``), and with their marked spans (the
word model of :mod:`pipeline.signals.loaded_words` and the evidence tagger learn from them, as in
training); the held-out gold sentences are scored and compared with their gold label (F1 at 0.5,
the best F1 over cuts, ROC AUC). Nothing here reads dev. This chose the gold's labels (F1 at 0.5
/ AUC: 0.478 / 0.761 against 0.417 / 0.748 with PTC's labels) and the word vectors (0.483 / 0.762
-> 0.521 / 0.806) and measured the extra sentences (0.523 / 0.808 -> 0.570 / 0.820). About 4
minutes.

    python benchmarks/sensational_cv.py --data-dir ../shared/data [--ptc-labels | --extra]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402
from sklearn.metrics import f1_score, roc_auc_score  # noqa: E402
from sklearn.model_selection import GroupKFold  # noqa: E402

from pipeline import datasets, training  # noqa: E402
from pipeline.training import SignalData  # noqa: E402

SIGNAL = "sensational_wording"


def out_of_fold_scores(data: training.TrainingData, data_dir: Path, *, ptc_labels: bool = False,
                       extra: bool = False) -> np.ndarray:
    """The extractor's score for each gold train sentence, from an extractor fitted without its
    article's fold (folds as the heads' grouped cross-validation makes them)."""
    ptc = training._ptc_sensational(data_dir, data.gold, data.extra) if extra else data.ptc_sensational
    sentences = datasets.load_ptc_sentences(data_dir, "train", label="sensational")
    labels = list(sentences.labels) if ptc_labels else list(ptc.labels)
    gold = data.gold
    y = np.asarray(gold.labels[SIGNAL])
    scores = np.zeros(len(y))
    for _, test in GroupKFold(n_splits=training.CV_FOLDS).split(gold.texts, y, gold.groups):
        held = {gold.groups[i] for i in test}
        rows = [r for r, article in enumerate(sentences.groups) if article not in held]
        fold = data.clickbait + SignalData([ptc.texts[r] for r in rows], [labels[r] for r in rows],
                                           [ptc.spans[r] for r in rows])
        extractor = fold.fit(SIGNAL)
        scores[test] = [r.score for r in extractor.analyze([gold.texts[i] for i in test])]
    return scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", default=None)
    parser.add_argument("--ptc-labels", action="store_true", help="PTC's technique labels for every sentence")
    parser.add_argument("--extra", action="store_true", help="also the extra labelled sentences' labels")
    args = parser.parse_args()
    data_dir = datasets.resolve_data_dir(args.data_dir)
    data = training.TrainingData.load(data_dir)
    y = np.asarray(data.gold.labels[SIGNAL])
    scores = out_of_fold_scores(data, data_dir, ptc_labels=args.ptc_labels, extra=args.extra)
    best = max((f1_score(y, scores >= cut), cut) for cut in np.arange(0.05, 0.95, 0.05))
    kind = "PTC" if args.ptc_labels else "training and extra" if args.extra else "training"
    print(f"{kind} labels, {len(y)} gold train sentences "
          f"({int(y.sum())} sensational): F1 at 0.5 {f1_score(y, scores >= 0.5):.3f}, "
          f"best F1 {best[0]:.3f} at {best[1]:.2f}, ROC AUC {roc_auc_score(y, scores):.3f}")


if __name__ == "__main__":
    main()
