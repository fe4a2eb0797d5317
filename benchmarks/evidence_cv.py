"""How well the sensational evidence finds gold spans: grouped 5-fold CV on PTC train.

Per fold (grouped by article), the sensational extractor is fitted on clickbait plus the
other folds' PTC sentences, with the evidence tagger taught by their gold Loaded_Language and
Exaggeration,Minimisation spans; on the held-out fold, words the tagger scores at or above a
threshold become evidence where the signal fires (as in `misinfo evaluate`). Prints the
character-overlap precision, recall and F1 against all gold spans of the fold, per threshold,
and the share of gold characters in sentences where the signal fires (the recall ceiling).
Nothing here reads dev. This chose `span_tagger.THRESHOLD`.

    python benchmarks/evidence_cv.py --data-dir ../shared/data
"""

from __future__ import annotations

import argparse
import os

THRESHOLDS = (0.06, 0.08, 0.10, 0.12, 0.15, 0.20)


def visible_chars(text: str, spans) -> set[int]:
    return {c for a, b in spans for c in range(a, b) if not text[c].isspace()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", default=os.environ.get("MISINFO_DATA_DIR", "../shared/data"))
    args = parser.parse_args()

    from sklearn.model_selection import GroupKFold

    from pipeline import datasets
    from pipeline import training as m
    from pipeline.signals import SensationalWording

    data_dir = datasets.resolve_data_dir(args.data_dir)
    data = m.TrainingData.load(data_dir)
    ptc = datasets.load_ptc_sentences(data_dir, "train")
    # scored against the evidence techniques' spans (the tagger also learns, for the sentences in
    # the signals gold, the words that gold marks: data.ptc_sensational.spans)
    gold = datasets.ptc_sentence_spans(data_dir, "train", datasets.EVIDENCE_TECHNIQUES)
    texts = list(ptc.texts)
    folds = GroupKFold(n_splits=m.CV_FOLDS).split(texts, ptc.labels, ptc.groups)
    counts = {t: [0, 0] for t in THRESHOLDS}  # true positive and predicted characters
    gold_total = gold_fired = 0
    for train_idx, test_idx in folds:
        fold = data.sensational_fold(train_idx, with_spans=True)
        ext = SensationalWording().fit(fold.texts, fold.labels, spans=fold.spans)
        held = [texts[i] for i in test_idx]
        for i, text, result in zip(test_idx, held, ext.analyze(held)):
            want = visible_chars(text, gold[i])
            gold_total += len(want)
            if result.score < 0.5:
                continue
            gold_fired += len(want)
            for t in THRESHOLDS:
                got = visible_chars(text, [(a, b) for a, b, _ in ext.tagger_.runs(text, t)])
                counts[t][0] += len(got & want)
                counts[t][1] += len(got)
    print(f"gold characters in sentences where the signal fires: {gold_fired / gold_total:.3f} (recall ceiling)")
    for t in THRESHOLDS:
        tp, predicted = counts[t]
        p = tp / predicted if predicted else 0.0
        r = tp / gold_total
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        print(f"threshold {t:.2f}: char precision {p:.3f}  recall {r:.3f}  F1 {f1:.3f}")


if __name__ == "__main__":
    main()
