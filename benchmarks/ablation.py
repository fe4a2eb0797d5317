"""Which part of the credibility classifier earns what: grouped 5-fold CV on PTC train.

Fits the signal extractors as `misinfo train` does (sensational wording cross-fitted), then
cross-validates the classifier (grouped by article) on feature subsets: word n-grams + affixes
alone, each signal alone, the signals together, and everything. Prints out-of-fold F1 (at the
plateau threshold) and ROC AUC. Nothing here reads dev.

    python benchmarks/ablation.py --data-dir ../shared/data
"""

from __future__ import annotations

import argparse
import os

import numpy as np
import scipy.sparse as sp
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import GroupKFold


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", default=os.environ.get("MISINFO_DATA_DIR", "../shared/data"))
    args = parser.parse_args()

    from pipeline import datasets
    from pipeline import training as m
    from pipeline.features import make_text_vectorizer

    data_dir = datasets.resolve_data_dir(args.data_dir)
    data = m.TrainingData.load(data_dir)
    signals = m.fit_signals(data)
    ptc = datasets.load_ptc_sentences(data_dir, "train")
    texts, y = list(ptc.texts), np.asarray(ptc.labels)
    folds = list(GroupKFold(n_splits=m.CV_FOLDS).split(texts, y, ptc.groups))
    results = m._cross_fitted_results(texts, list(range(len(texts))), folds, signals, data)
    blocks = {name: sp.csr_matrix(ext.results_to_matrix(results[name])) for name, ext in signals.items()}
    blocks["text"] = make_text_vectorizer().fit_transform(texts)

    subsets = {
        "word n-grams + affixes": ["text"],
        **{f"{name} alone": [name] for name in signals},
        "three signals": list(signals),
        **{f"text + {name}": ["text", name] for name in signals},
        "everything (shipped)": ["text", *signals],
    }
    print(f"{'features':<40} {'CV F1':>7} {'CV AUC':>7}")
    for label, parts in subsets.items():
        X = sp.hstack([blocks[p] for p in parts], format="csr")
        oof = np.zeros(len(y))
        for train_idx, test_idx in folds:
            clf = m._make_classifier(names=()).fit(X[train_idx], y[train_idx])  # no floors: any column set
            oof[test_idx] = clf.decision_function(X[test_idx])
        _, f1 = m.best_f1_threshold(oof, y)
        print(f"{label:<40} {f1:7.4f} {roc_auc_score(y, oof):7.4f}")


if __name__ == "__main__":
    main()
