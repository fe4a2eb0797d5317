"""Figures of a model on a split of the corpora, next to the published references and our goals."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
from sklearn.metrics import f1_score, precision_score, recall_score, roc_auc_score

from . import datasets
from .datasets import EVIDENCE_TECHNIQUES
from .thresholds import expected_calibration_error
from .segment import boundary_f1
from .signals.head import evidence_char_f1



@dataclass(frozen=True)
class Figure:
    """One measured figure with what it is compared to."""

    corpus: str
    figure: str
    value: float
    reference: str
    goal: str
    n: int


def _f1_parts(y: np.ndarray, pred: np.ndarray) -> tuple[float, float, float]:
    return (float(f1_score(y, pred, zero_division=0)), float(precision_score(y, pred, zero_division=0)),
            float(recall_score(y, pred, zero_division=0)))


class ReportCache:
    """A scorer that scores each list of sentences once.

    ``misinfo evaluate --plots`` asks for the same dev corpora twice (the table,
    then the plots); the reports are kept for the run. Everything but
    ``score_sentences`` goes to the wrapped scorer.
    """

    def __init__(self, scorer) -> None:
        self.scorer = scorer
        self._reports: dict[tuple[str, ...], list] = {}

    def score_sentences(self, sentences) -> list:
        """As :meth:`pipeline.scorer.Scorer.score_sentences`, remembered per list of sentences."""
        key = tuple(sentences)
        if key not in self._reports:
            self._reports[key] = self.scorer.score_sentences(list(key))
        return self._reports[key]

    def __getattr__(self, name: str):
        return getattr(self.scorer, name)


def signal_scores(scorer, texts: list[str], name: str) -> np.ndarray:
    """One signal's score for each sentence (each scored alone)."""
    return np.asarray([s.signals[name].score for s in scorer.score_sentences(texts)])


def _without_copies(corpus: str, figure: str, y: np.ndarray, predicted: np.ndarray, unseen: np.ndarray,
                    copies: int, goal: str) -> list[Figure]:
    """F1 over the sentences of articles that are no copy of a train article (``unseen``), when
    some are copies: a model trained on train has read the copies, so what they lift is told
    apart from what the model earns (eight PTC dev articles are train articles under other ids)."""
    if unseen.all() or not unseen.any():
        return []
    f1, p, r = _f1_parts(y[unseen], predicted[unseen])
    return [Figure(corpus, f"{figure}, articles that are no copy of a train article", f1,
                   f"P {p:.4f} R {r:.4f}; {int((~unseen).sum())} sentences of {copies} copied articles left out",
                   goal, int(unseen.sum()))]


def evaluate_ptc(scorer, data_dir: Path, split: str) -> list[Figure]:
    """Sentence-level propaganda F1/P/R, calibration, and sensational evidence overlap."""
    articles = datasets.load_ptc_articles(data_dir, split)
    copied = datasets.copied_articles(data_dir, split) if split != "train" else set()
    texts, labels, sentence_starts, gold_chars, pred_chars = [], [], [], set(), set()
    for art in articles:
        for s in art.sentences:
            texts.append(s["text"])
            labels.append(s["label"])
            sentence_starts.append((art.article_id, s["start"]))
        for span in art.spans:
            if span["technique"] in EVIDENCE_TECHNIQUES:
                end = min(span["end"], len(art.text))  # spans may run into trailing whitespace
                gold_chars.update((art.article_id, c) for c in range(span["start"], end)
                                  if not art.text[c].isspace())
    reports = scorer.score_sentences(texts)
    y = np.asarray(labels)
    flagged = np.asarray([r.flagged for r in reports])
    risk = 1.0 - np.asarray([r.credibility for r in reports])
    for (article_id, start), r in zip(sentence_starts, reports):
        sig = r.signals["sensational_wording"]
        if sig.present:
            for e in sig.evidence:
                pred_chars.update((article_id, start + c) for c in range(e.start, e.end)
                                  if not e.text[c - e.start].isspace())
    f1, p, r = _f1_parts(y, flagged)
    tp = len(pred_chars & gold_chars)
    sp = tp / len(pred_chars) if pred_chars else 0.0
    sr = tp / len(gold_chars) if gold_chars else 0.0
    sf = 2 * sp * sr / (sp + sr) if sp + sr else 0.0
    n = len(texts)
    unseen = np.asarray([article not in copied for article, _ in sentence_starts])
    apart = _without_copies("ptc", "sentence F1", y, flagged, unseen, len(copied), ">= 0.56 (issue 11)")
    return [
        Figure("ptc", "sentence F1 (flagged vs official label)", f1,
               "NLP4IF-2019 best 0.632 (its test set); TF-IDF+LR ~0.55", ">= 0.56 (issue 11), >= 0.64", n),
        *apart,
        Figure("ptc", "sentence precision", p, "NLP4IF-2019 best 0.603", "-", n),
        Figure("ptc", "sentence recall", r, "NLP4IF-2019 best 0.665", "-", n),
        Figure("ptc", "share of sentences flagged", float(flagged.mean()) if n else 0.0, "-",
               f"near the label rate {y.mean() if n else 0.0:.3f}", n),
        Figure("ptc", "ROC AUC of 1 - credibility", float(roc_auc_score(y, risk)), "-", ">= 0.70 (issue 11)", n),
        Figure("ptc", "expected calibration error (10 bins)", expected_calibration_error(risk, y),
               "-", "<= 0.03", n),
        Figure("ptc", "sensational evidence char-overlap F1 vs Loaded_Language+Exaggeration", sf,
               "SemEval-2020 T11 SI best 0.516 (all techniques)", ">= 0.50", len(gold_chars)),
        Figure("ptc", "sensational evidence char precision", sp, "SemEval-2020 SI best P 0.565", "-",
               len(pred_chars)),
        Figure("ptc", "sensational evidence char recall", sr, "SemEval-2020 SI best R 0.474", "-",
               len(gold_chars)),
    ]


def evaluate_segmentation(scorer, data_dir: Path, split: str) -> list[Figure]:
    """Sentence boundary F1 of the segmenter on PTC articles (one sentence per line there)."""
    tp = gold = pred = 0
    for art in datasets.load_ptc_articles(data_dir, split):
        ref = [(s["start"], s["end"]) for s in art.sentences]
        m = boundary_f1(ref, scorer.segmenter.spans(art.text))
        gold += m["gold"]
        pred += m["predicted"]
        tp += round(m["recall"] * m["gold"])
    p, r = tp / pred if pred else 1.0, tp / gold if gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return [Figure("ptc", "sentence boundary F1 (Punkt, shipped parameters)", f,
                   "gold lines split by NLTK's English Punkt", "-", gold)]


def evaluate_signal(scorer, ds: datasets.LabelledSentences, name: str, reference: str, goal: str,
                    auc_reference: str = "-", auc_goal: str = "-") -> list[Figure]:
    """ROC AUC and F1 of ``score >= 0.5`` of one signal against a corpus's labels."""
    scores = signal_scores(scorer, ds.texts, name)
    y = np.asarray(ds.labels)
    f1, p, r = _f1_parts(y, scores >= 0.5)
    return [
        Figure(ds.corpus, f"{name} F1 (score >= 0.5)", f1, reference, goal, len(ds)),
        Figure(ds.corpus, f"{name} precision / recall", p, f"recall {r:.4f}", "-", len(ds)),
        Figure(ds.corpus, f"{name} ROC AUC", float(roc_auc_score(y, scores)), auc_reference, auc_goal,
               len(ds)),
    ]


#: Issue 10's goals on the sentence gold: (F1, evidence character F1) per signal.
GOLD_GOALS = {
    "anonymous_attribution": (">= 0.85", ">= 0.55"),
    "sensational_wording": (">= 0.75", ">= 0.55"),
    "unverifiable_specifics": (">= 0.80", ">= 0.55"),
}


def evaluate_signals_gold(scorer, data_dir: Path, split: str) -> list[Figure]:
    """Each signal against the sentence gold: F1 / P / R of ``score >= 0.5`` and the evidence's
    character-overlap F1 (evidence counted where the signal fires); on dev, F1 also without the
    sentences of articles that are copies of train articles (:func:`datasets.copied_articles`)."""
    gold = datasets.load_signals_gold(data_dir, split)
    reports = scorer.score_sentences(gold.texts)
    copied = datasets.copied_articles(data_dir, split) if split != "train" else set()
    unseen = np.asarray([article not in copied for article in gold.groups])
    figures = []
    for name, (goal, evidence_goal) in GOLD_GOALS.items():
        y = np.asarray(gold.labels[name])
        fires = np.asarray([r.signals[name].score >= 0.5 for r in reports])
        f1, p, r = _f1_parts(y, fires)
        found = [[(e.start, e.end) for e in rep.signals[name].evidence] if on else []
                 for rep, on in zip(reports, fires)]
        ef1, ep, er = evidence_char_f1(gold.spans[name], found)
        cv = scorer.card.get("training", {}).get("signals_gold_cv", {}).get(name, {})
        cv_text = f"train grouped CV F1 {cv['f1']:.4f}" if cv else "-"
        figures += [
            Figure("signals_gold", f"{name} F1 (score >= 0.5)", f1, cv_text, goal, len(gold)),
            Figure("signals_gold", f"{name} precision / recall", p, f"recall {r:.4f}", "-", len(gold)),
            Figure("signals_gold", f"{name} evidence char F1", ef1,
                   f"P {ep:.4f} R {er:.4f}" + (f"; train CV {cv['evidence_char_f1']:.4f}" if cv else ""),
                   evidence_goal, len(gold)),
        ]
        figures += _without_copies("signals_gold", f"{name} F1", y, fires, unseen, len(copied), goal)
    return figures


#: Counterfactual pairs and the seed they edit: in a checkout, not in an installed package.
SEEDS = Path(__file__).resolve().parent.parent / "seeds"
PAIRS_FILE = SEEDS / "counterfactual_pairs.jsonl"
SEED_FILE = SEEDS / "000_d29a16046ccf8323.txt"


def evaluate_counterfactuals(scorer, data_dir: Path, split: str) -> list[Figure]:
    """Share of the counterfactual pairs whose weaker version is not rated less credible
    (they edit PTC dev sentences: reported for ``dev`` only, and where the seeds are at hand)."""
    if split != "dev" or not (PAIRS_FILE.is_file() and SEED_FILE.is_file()):
        return []
    from .counterfactuals import pairs_that_fail, ptc_dev_sentences, read_pairs

    seed = [s.text for s in scorer.score(SEED_FILE.read_text(encoding="utf-8")).sentences]
    pairs = read_pairs(PAIRS_FILE, seed, ptc_dev_sentences(data_dir))
    held = 1.0 - len(pairs_that_fail(scorer, pairs)) / len(pairs)
    return [Figure("counterfactual pairs", "share where the weaker signal is not rated less credible", held,
                   "-", "1.0 (issue 11)", len(pairs))]


def evaluate_all(scorer, data_dir: Path, split: str = "dev") -> list[Figure]:
    """Every figure of ``misinfo evaluate``."""
    figures = evaluate_signals_gold(scorer, data_dir, split)
    figures += evaluate_ptc(scorer, data_dir, split)
    figures += evaluate_counterfactuals(scorer, data_dir, split)
    figures += evaluate_segmentation(scorer, data_dir, split)
    figures += evaluate_signal(scorer, datasets.load_weasel(data_dir, split), "anonymous_attribution",
                               "CoNLL-2010 best F1 0.602 (official eval set)", "-",
                               auc_reference="TF-IDF+LR ~0.82", auc_goal=">= 0.85")
    figures += evaluate_signal(scorer, datasets.load_clickbait(data_dir, split), "sensational_wording",
                               "Chakraborty et al. 2016 accuracy 0.93; TF-IDF+LR ~0.976", ">= 0.98")
    figures += evaluate_signal(scorer, datasets.load_claimbuster(data_dir, split), "unverifiable_specifics",
                               "TF-IDF+LR ~0.87", ">= 0.90")
    return figures


def figures_to_dicts(figures: list[Figure]) -> list[dict]:
    """JSON form (values rounded to 4 decimals)."""
    return [{**asdict(f), "value": round(f.value, 4)} for f in figures]


def format_table(figures: list[Figure]) -> str:
    """One plain-text table: corpus, figure, ours, reference, goal, n."""
    rows = [("corpus", "figure", "ours", "reference", "goal", "n")]
    rows += [(f.corpus, f.figure, f"{f.value:.4f}", f.reference, f.goal, str(f.n)) for f in figures]
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines) + "\n"
