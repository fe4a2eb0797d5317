"""Train the credibility model (``misinfo train``): signals, heads, classifier, calibration, card.

The signal extractors fit on their own corpora; a signal that learns from PTC
train is cross-fitted there, so the classifier sees out-of-fold scores. The
classifier (:class:`~pipeline.classifier.BoundedLogisticRegression` over the
signal scores and word n-grams) is trained on PTC ``train`` sentence labels,
its scores calibrated (isotonic regression read between its blocks' centres,
:class:`~pipeline.calibration.CentredIsotonic`) on out-of-fold predictions from a
cross-validation grouped by article, and ``flag_threshold`` is the credibility
that maximises F1 on those same out-of-fold predictions: nothing is tuned on dev.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import GroupKFold

from . import datasets
from .artifact import CARD_FILE, base_card, feature_names_card, save_model, thresholds_card
from .classifier import BoundedLogisticRegression
from .counterfactuals import figure_pairs
from .features import FeatureBuilder, make_text_vectorizer, without_names
from .model import CREDIBLE_MAX_RISK, CredibilityModel, classifier_matrix
from .signals import SIGNALS, SignalExtractor, SignalResult
from .signals.head import LabelledExtra, SignalHead, extractor_features
from .calibration import CentredIsotonic
from .thresholds import best_f1_threshold, expected_calibration_error
from .figures import figure_terms
from .signals.attribution import anonymity_terms

CV_FOLDS = 5
SEED = 0
#: The signals whose score and evidence come from a head fitted on the sentence gold. The
#: sensational head raised gold train CV F1 (0.49 -> 0.53; dev 0.52 -> 0.60) but fired on three
#: plain seed sentences (6, 10 and 25 at 0.71, 0.52, 0.87, above the seed's fear appeal at 0.88
#: in reach): its words do not separate loaded wording from plain news yet, so that signal keeps
#: its proxy-taught extractor until they do.
HEADED_SIGNALS = ("anonymous_attribution", "unverifiable_specifics")
#: The signals whose head also learns from the extra labelled sentences (data/signals_extra.md;
#: `python benchmarks/extra_labels_cv.py` measures each). None yet: the specifics head's CV F1 on
#: gold train rose 0.745 -> 0.761, but the retrained model read the wire seed's "The filings ...
#: state that 23 cars left the track ... on March 14, 2025" as unsourced (0.60) and the ClaimBuster
#: guard fell to 0.7997; the anonymous head's barely moved (0.752 -> 0.753) and with it the seed's
#: "The New York Times revealed ..." was flagged (models/README.md).
EXTRA_LABELLED: tuple[str, ...] = ()
PROXY_WEIGHTS = {"anonymous_attribution": 0.25}
#: Inverse regularisation of each head's sentence classifier (1.0 where not listed), by grouped
#: CV F1 on gold train, each trained in full: anonymous 0.739 / 0.747 / 0.751 / 0.754 / 0.761 /
#: 0.752 at C = 1 / 0.3 / 0.1 / 0.03 / 0.01 / 0.003; at 0.01 the CoNLL weasel guard fails (dev AUC
#: 0.799 < 0.80). Below 0.3 the head's scores shrink toward its cut, and the anonymous-sources
#: seed (002) loses flags its unnamed sources earned: 8 of 16 sentences flagged at C = 1 and 0.3,
#: 7 at 0.1, 5 at 0.03 ("sources briefed on the discussions" among them). So 0.3, the best CV
#: whose seed reports read as before. Specifics: 3 (CV 0.749 at 1, 0.751 at 3, each trained in
#: full with the anonymous head at 0.3). At 1 the named-sources seed's "Thomas Whitcombe, said in a
#: statement on Wednesday that ... 18 miles of rail" sat on the head's cut (0.499; 0.506 after an
#: unrelated retrain, failing its seed expectation); at 3 it reads 0.39-0.40, and the seeds keep
#: their flags. (Earlier, with the anonymous head at 1, 3 had unflagged 000's "Sources close to the
#: negotiations have confirmed ..."; it no longer does: models/README.)
HEAD_C = {"anonymous_attribution": 0.3, "unverifiable_specifics": 3.0}
#: The heads whose decision cut is chosen on their gated scores (:class:`SignalHead`), the decisions
#: they report, rather than before the gate: grouped CV on gold train, anonymous F1 0.774 -> 0.786
#: (recall 0.732 -> 0.759; the ungated plateau's middle had moved from 0.73 to 0.78 with a parser
#: change that raised the out-of-fold AUC), specifics 0.746 -> 0.755. Not specifics: its cut fell
#: from 0.49 to 0.40 and the named-sources seed's "The filings ... state that 23 cars left the track
#: ... on March 14, 2025" and "Thomas Whitcombe, said in a statement on ..." then fired (0.50, 0.53).
CUT_ON_GATED = frozenset({"anonymous_attribution"})

#: Whether the wording's n-grams that hold a word of anonymity ("reportedly", "source", "familiar":
#: :data:`pipeline.signals.attribution.ANONYMITY_WORDS`) keep weights at or above 0. Fitted freely on
#: PTC, whose mainstream articles write them, they spoke for credibility ("reportedly" -0.86,
#: "source" -0.77, "familiar" -0.72) against the anonymous signal the same words raise.
ANONYMITY_BOUNDED = True

#: The least weight the classifier may give a signal's score (log-odds per unit of score).
#: PTC's propaganda label barely follows anonymous sources or unsourced figures, so unbounded
#: (or merely non-negative) weights left those two at 0 and the seed's "according to a European
#: diplomat" sentences ranked above its "The Wall Street Journal reported" ones. The smallest
#: floor that orders all 12 seed pairs: 0.5 until the heads learned to gate (a signal shows words
#: or is not present) and the parser typed sources as the guideline does; then 0.5 tied "Sources
#: close to the negotiations" with "The New York Times revealed" (0.76 both), and 0.75 orders
#: them (grouped CV F1 on PTC train 0.533). (1.0 orders them too, CV F1 0.529; the step of 0.25
#: was tried after 1.0 had read PTC dev AUC 0.693.)
SIGNAL_WEIGHT_FLOOR = 0.75
#: Floors above :data:`SIGNAL_WEIGHT_FLOOR`, per signal. PTC credits figures and dates as calm
#: reporting, so at 0.75 the specifics signal's weight sat on its floor and a sentence with an
#: unsourced figure was often rated more credible than the same sentence without it (the
#: sensational extractor and the wording both read dates as calm). Judged on train only, by the
#: automatic drop-figure pairs of PTC train (``benchmarks/train_counterfactuals.py``) against the
#: classifier's grouped CV F1: floor 0.75 / 1.0 / 1.25 held 95.8 / 97.9 / 98.4 % of 1,913 pairs at
#: CV F1 0.5334 / 0.5318 / 0.5285; 1.0 takes most of the gain for a tenth of an SE (0.015) of F1.
#: (Measured before drop_figures took the lead words "for", "than", "last", "next", "this"; with
#: them the shipped model held 97.8 % of 1,913 pairs; after the parser typed more sources, 97.6 % of 1,945;
#: after the sensational extractor learned the gold's labels, 97.1 % of 1,977.)
#: The anonymous signal's floor is 1.0 since the sensational extractor reads word vectors
#: (:mod:`pipeline.signals.loaded_words`): at 0.75 the seed's "The New York Times revealed that most
#: European countries are reluctant ..." (a named outlet, no signal present) fell under the flag
#: threshold on its wording alone (0.73); at 1.0 the anonymous signal carries more of each flag and
#: the seeds read as the guideline says (17 / 0 / 8 flags). Grouped CV F1 on PTC train 0.5313 ->
#: 0.5282, a fifth of an SE.
#: It is 1.25 since the wording reads no names (features.without_names): at 1.0 the seed's
#: "Sources close to the negotiations have confirmed ..." and 002's "Bloomberg News, citing two
#: sources briefed on the discussions, ..." were no longer flagged (0.753 and 0.75 against the
#: threshold 0.735), their flags having leant on the names around them; at 1.25 the seeds read as
#: the guideline says again (17 / 0 / 9 flags; 002's "It is understood that lawyers ..." is now
#: flagged too) and the unnamed sources rank 0.127 below the named outlets (0.063 at 1.0). Grouped
#: CV F1 on PTC train 0.5304 -> 0.5277, ROC AUC 0.7359 -> 0.7342.
#: It is 1.5 since "Sources close to the negotiations have confirmed ..." kept its flag only by the
#: width of a calibration step at 1.25 (0.728 against the threshold 0.739; a retrain with four more
#: parser rules left it at 0.739 against 0.732, unflagged): the anonymous weight sat on its floor,
#: so the sentence's flag leant on where the plateau of the threshold's F1 fell. At 1.5 it reads
#: 0.69, under any threshold on that plateau (0.73 .. 0.75 across retrains), and the unnamed sources
#: rank 0.078 below the named outlets (0.049 at 1.25). Grouped CV on PTC train: F1 0.5218 -> 0.5203,
#: ROC AUC 0.7321 -> 0.7297 (a tenth of an SE of F1); measured on train and the seeds only.
SIGNAL_WEIGHT_FLOORS = {"unverifiable_specifics": 1.0, "anonymous_attribution": 1.5}
#: Inverse regularisation of the credibility classifier: scikit-learn's default. A grouped 5-fold
#: sweep on PTC train put C in 0.5 .. 8 within one standard error of each other (mean fold F1
#: 0.533 .. 0.541, SE 0.015). Swept again by CV ROC AUC (0.734 / 0.740 / 0.743 / 0.744 / 0.743 at
#: C = 0.5 / 1 / 2 / 4 / 8): a model trained at 2 held two more counterfactual pairs but doubled the
#: wording's weight, raised the flag threshold 0.726 -> 0.746 and flagged the named-sources seed's
#: "Whitcombe said the company would not appeal the fine." for its words alone: the report read
#: worse, so the default stays (dev, read after: AUC 0.6947 -> 0.6941, F1 0.578 -> 0.589 with 51 %
#: of sentences flagged).
CLASSIFIER_C = 1.0
#: Weight of PTC train's drop-figure pairs in the classifier's objective (each pair whose
#: figure-free sentence gets the higher log-odds costs its squared excess; see
#: :func:`figure_pair_differences`). Left free, the classifier put 17 % of PTC train's 3,045 pairs
#: out of order in log-odds (held out by grouped CV): adding a date or a count dilutes the wording
#: and the sensational extractor's word model, and that outweighs the specifics signal's rise
#: ("They officially divorced" -> "... in December 2017": sensational 0.13 -> 0.03, wording +1.01
#: -> +0.71). Swept on train (grouped 5-fold CV on PTC train; held-out pairs in log-odds order /
#: classifier CV F1 / CV ROC AUC): 0: 0.826 / 0.5276 / 0.7346; 30: 0.943 / 0.5221 / 0.7328; 100:
#: 0.949 / 0.5224 / 0.7327; 300: 0.953 / 0.5231 / 0.7326; 1000: 0.962 / 0.5164 / 0.7247. Chosen:
#: the largest weight whose CV AUC stays within 0.002 of the unweighted model's (a sixth of its
#: bootstrap SE); F1 moves within its noise (SE 0.015). The pairs' gain comes from the figure
#: terms' weights (bounded at 0, :mod:`pipeline.figures`), which rise until a figure's terms outweigh
#: the dilution, and from the sensational weight (2.13 -> 1.89). Before the wording dropped names,
#: weight 30 tied the seed's "The New York Times revealed ..." with "Sources close to the
#: negotiations ..." on one calibration step (0.707); now they stand 0.06 apart.
FIGURE_PAIR_WEIGHT = 300.0



@dataclass
class SignalData:
    """A signal's training sentences, labels and (for sensational wording) gold spans."""

    texts: list[str]
    labels: list[int]
    spans: list | None = None  # per sentence: gold spans, or None where not annotated

    def fit(self, name: str) -> SignalExtractor:
        """Fit a new extractor of signal ``name`` on this data."""
        extractor = SIGNALS[name]()
        if self.spans is not None:
            return extractor.fit(self.texts, self.labels, spans=self.spans)
        return extractor.fit(self.texts, self.labels)

    def __add__(self, other: "SignalData") -> "SignalData":
        spans = None
        if self.spans is not None or other.spans is not None:
            spans = (self.spans or [None] * len(self.texts)) + (other.spans or [None] * len(other.texts))
        return SignalData(self.texts + other.texts, self.labels + other.labels, spans)


def _cut(data: SignalData, limit: int | None) -> SignalData:
    """A seeded random subset of at most ``limit`` sentences (all when ``limit`` is None)."""
    if limit is None or len(data.texts) <= limit:
        return data
    idx = np.random.default_rng(SEED).permutation(len(data.texts))[:limit]
    return SignalData([data.texts[i] for i in idx], [data.labels[i] for i in idx],
                      None if data.spans is None else [data.spans[i] for i in idx])


def _labelled(ds: datasets.LabelledSentences) -> SignalData:
    return SignalData(list(ds.texts), list(ds.labels))


def _ptc_sensational(data_dir: Path, *labelled: datasets.SignalsGold) -> SignalData:
    """PTC train's sentences as the sensational extractor learns them; where a sentence is in the
    signals gold (its train part; or another set ``labelled`` alike), with its label and evidence
    words."""
    sens = datasets.load_ptc_sentences(data_dir, "train", label="sensational")
    # sentence labels: every sensational technique; evidence: the loaded-language spans. For a
    # sentence of the gold, the words its guideline marks (grouped CV on gold train, evidence char
    # F1 where the signal fires at the tagger's threshold 0.08: PTC spans 0.262, gold spans alone
    # 0.240, PTC with the gold sentences' spans 0.280) and its label (grouped CV on gold train of
    # the extractor fitted on clickbait and PTC train without the fold's articles, F1 at 0.5 / ROC
    # AUC against the gold: PTC technique labels 0.417 / 0.748, gold labels 0.478 / 0.761;
    # benchmarks/sensational_cv.py)
    spans = datasets.ptc_sentence_spans(data_dir, "train", datasets.EVIDENCE_TECHNIQUES)
    said = {(g, t): (y, s if y else []) for gold in labelled for g, t, y, s in zip(
        gold.groups, gold.texts, gold.labels["sensational_wording"], gold.spans["sensational_wording"])}
    labels, marked = [], []
    for key, label, span in zip(zip(sens.groups, sens.texts), sens.labels, spans):
        label, span = said.get(key, (label, span))
        labels.append(int(label))
        marked.append(span)
    return SignalData(list(sens.texts), labels, marked)


@dataclass
class TrainingData:
    """The signal extractors' corpora (``train`` parts), each read once per training run.

    ``clickbait``, ``weasel`` and ``claims`` are already cut to ``limit``;
    ``ptc_sensational`` holds every PTC train sentence (aligned with
    :func:`datasets.load_ptc_sentences`) because cross-fitting picks its folds;
    ``gold`` is the signals gold's train part (the heads' sentences, and labels and
    evidence for the sensational extractor's); ``extra`` the further PTC train sentences
    labelled under its guideline (:func:`datasets.load_signals_extra`), which the heads of
    :data:`EXTRA_LABELLED` learn from as from the gold and no cross-validation scores.
    """

    weasel: SignalData
    clickbait: SignalData
    ptc_sensational: SignalData
    claims: SignalData
    gold: datasets.SignalsGold
    extra: datasets.SignalsGold
    limit: int | None = None

    @classmethod
    def load(cls, data_dir: Path, limit: int | None = None) -> "TrainingData":
        """Read the corpora from ``data_dir``."""
        # Szeged's semantic-uncertainty labels ("may", "if") are another concept:
        # adding them cut weasel ROC AUC from 0.81 to 0.69, so only CoNLL labels are used.
        gold = datasets.load_signals_gold(data_dir, "train")
        extra = datasets.load_signals_extra(data_dir)
        return cls(
            weasel=_cut(_labelled(datasets.load_weasel(data_dir, "train")), limit),
            clickbait=_cut(_labelled(datasets.load_clickbait(data_dir, "train")), limit),
            ptc_sensational=_ptc_sensational(data_dir, gold),
            claims=_cut(_labelled(datasets.load_claimbuster(data_dir, "train")), limit),
            gold=gold,
            extra=extra,
            limit=limit,
        )

    def sensational_fold(self, rows: Sequence[int], *, with_spans: bool) -> SignalData:
        """What a cross-fitting fold's sensational extractor learns from: clickbait plus the
        PTC train sentences ``rows`` (with their gold spans only when its evidence tagger is wanted)."""
        ptc = self.ptc_sensational
        spans = [ptc.spans[r] for r in rows] if with_spans else None
        return self.clickbait + SignalData([ptc.texts[r] for r in rows], [ptc.labels[r] for r in rows], spans)

    def for_signal(self, name: str) -> SignalData:
        """Everything signal ``name`` is fitted on."""
        return {
            "anonymous_attribution": self.weasel,
            "sensational_wording": self.clickbait + _cut(self.ptc_sensational, self.limit),
            "unverifiable_specifics": self.claims,
        }[name]


def fit_signals(data: TrainingData) -> dict[str, SignalExtractor]:
    """Fit every signal extractor on its own corpus."""
    return {name: data.for_signal(name).fit(name) for name in SIGNALS}


def _cross_fitted_results(texts: list[str], keep: list[int], folds: list[tuple[np.ndarray, np.ndarray]],
                          signals: dict[str, SignalExtractor],
                          data: TrainingData) -> dict[str, list[SignalResult]]:
    """Signal results on PTC train, out-of-fold for a signal that trains on PTC train.

    ``sensational_wording`` learns from PTC train span labels, so its in-sample
    scores would look better to the classifier than they will on new text: each
    fold's sentences are scored by an extractor fitted on clickbait plus the
    other folds. ``keep`` maps ``texts`` to rows of PTC train.
    """
    results = {name: ext.analyze(texts) for name, ext in signals.items() if name != "sensational_wording"}
    oof: list[SignalResult | None] = [None] * len(texts)
    for train_idx, test_idx in folds:
        # only the fold's scores are used, so its evidence tagger is not fitted (no spans)
        fold = data.sensational_fold([keep[i] for i in train_idx], with_spans=False)
        ext = fold.fit("sensational_wording")
        for i, res in zip(test_idx, ext.analyze([texts[i] for i in test_idx])):
            oof[i] = res
    results["sensational_wording"] = oof  # type: ignore[assignment]
    return {name: results[name] for name in signals}  # report order


def fit_heads(gold: datasets.SignalsGold, signals: dict[str, SignalExtractor],
              ptc: datasets.LabelledSentences, keep: list[int], results: dict[str, list[SignalResult]],
              proxies: dict[str, SignalData], extra: datasets.SignalsGold | None = None,
              ) -> tuple[dict[str, SignalHead], dict[str, list[SignalResult]]]:
    """Fit each signal's head on the gold train sentences (and ``extra``, labelled alike); return
    the heads and the PTC train results (rows ``keep``) with the heads' scores, out-of-fold where a
    row is a gold sentence.

    The gold sentences are PTC train rows: their extractor results are taken from ``results``
    (cross-fitted there) when the row is kept, computed otherwise.
    """
    row_of = {(g, t): i for i, (g, t) in enumerate(zip(ptc.groups, ptc.texts))}
    position = {row: i for i, row in enumerate(keep)}

    def results_of(labelled: datasets.SignalsGold) -> tuple[list[int | None], dict[str, list[SignalResult]]]:
        rows = [position.get(row_of.get((g, t), -1)) for g, t in zip(labelled.groups, labelled.texts)]
        # only a sentence outside the kept rows (a --limit run) is analysed here
        missing = [j for j, p in enumerate(rows) if p is None]
        fresh = {name: dict(zip(missing, ext.analyze([labelled.texts[j] for j in missing])))
                 for name, ext in signals.items()}
        return rows, {name: [fresh[name][j] if p is None else results[name][p] for j, p in enumerate(rows)]
                      for name in signals}

    gold_rows, gold_results = results_of(gold)
    # the extra sentences' results only for a head that learns from them
    wanted = extra is not None and len(extra) and any(name in EXTRA_LABELLED for name in HEADED_SIGNALS)
    extra_rows, extra_results = results_of(extra) if wanted else ([], None)
    heads = {}
    for name in HEADED_SIGNALS:
        proxy = proxies.get(name)
        proxied = None if proxy is None else (
            proxy.texts, {n: ext.analyze(proxy.texts) for n, ext in signals.items()}, proxy.labels)
        more = None if extra_results is None or name not in EXTRA_LABELLED else LabelledExtra(
            extra.texts, extra_results, extra.labels[name], extra.spans[name], extra.groups)
        heads[name] = SignalHead(name, C=HEAD_C.get(name, 1.0), cut_on_gated=name in CUT_ON_GATED).fit(
            gold.texts, signals, gold_results, gold.labels[name], gold.spans[name], gold.groups, proxy=proxied,
            proxy_weight=PROXY_WEIGHTS.get(name, 0.0), more=more)
    texts = [ptc.texts[i] for i in keep]
    own = extractor_features(signals, results)
    updated = dict(results)
    for name, head in heads.items():
        scores = head.gate(head.scores(texts, own), texts, [res.cues for res in results[name]])
        for j, p in enumerate(gold_rows):
            if p is not None:  # a sentence the head learned from: its out-of-fold score
                scores[p] = head.oof_scores_[j]
        for j, p in enumerate(extra_rows if len(head.more_oof_scores_) else ()):
            if p is not None and not np.isnan(head.more_oof_scores_[j]):
                scores[p] = head.more_oof_scores_[j]  # an extra sentence the head learned from
        updated[name] = [SignalResult(float(sc), (), res.learned, res.counts)
                         for sc, res in zip(scores, results[name])]
        del head.oof_scores_, head.more_oof_scores_  # training-only state: the shipped model does not carry it
    return heads, updated


def train_model(data_dir: Path, *, limit: int | None = None,
                log: Callable[[str], None] = lambda msg: None) -> tuple[CredibilityModel, dict]:
    """Train the shipped model from the corpora; returns the model and its training report.

    Parameters
    ----------
    data_dir
        Folder of the corpora.
    limit
        Cap on sentences per corpus (for quick test runs); ``None`` uses all.
    log
        Progress messages.
    """
    log("fitting signal extractors on their corpora")
    data = TrainingData.load(data_dir, limit)
    signals = fit_signals(data)
    ptc = datasets.load_ptc_sentences(data_dir, "train")
    keep = list(range(len(ptc)))
    if limit is not None and len(ptc) > limit:
        articles = sorted(set(ptc.groups))
        chosen = set(articles[: max(CV_FOLDS, len(articles) * limit // len(ptc))])
        keep = [i for i, g in enumerate(ptc.groups) if g in chosen]
    texts = [ptc.texts[i] for i in keep]
    labels = np.asarray([ptc.labels[i] for i in keep])
    groups = [ptc.groups[i] for i in keep]
    folds = list(GroupKFold(n_splits=CV_FOLDS).split(texts, labels, groups))
    log(f"signal features for {len(texts)} PTC train sentences (cross-fitted)")
    results = _cross_fitted_results(texts, keep, folds, signals, data)
    log("fitting each signal to the sentence gold (signals_gold train)")
    # the proxy whose guard a head must keep (weasel AUC) joins it
    proxies = {"anonymous_attribution": data.weasel}
    heads, results = fit_heads(data.gold, signals, ptc, keep, results, proxies, data.extra)

    # the wording reads how a sentence is written, not whom or what it names (features.without_names)
    text_vectorizer = without_names(make_text_vectorizer().fit(texts), texts)
    text_matrix = text_vectorizer.transform(texts)
    matrix = classifier_matrix(list(signals), results, text_matrix)
    terms = [str(t) for t in text_vectorizer.get_feature_names_out()]

    log("drop-figure pairs of PTC train")
    pair_rows, pair_diffs = figure_pair_differences(texts, signals, heads, text_vectorizer)

    log(f"grouped {CV_FOLDS}-fold cross-validation of the classifier")
    oof_raw = np.zeros(len(texts))
    pairs_held = []
    for train_idx, test_idx in folds:
        fitted = np.isin(pair_rows, train_idx)
        clf = _make_classifier(list(signals), terms).fit(matrix[train_idx], labels[train_idx],
                                                         pairs=pair_diffs[fitted])
        oof_raw[test_idx] = clf.decision_function(matrix[test_idx])
        pairs_held.extend(pair_diffs[~fitted] @ clf.coef_[0] <= 0.0)  # held-out pairs in order
    # calibrated out-of-fold risks come from calibrators that did not see the fold
    oof_risk = np.zeros(len(texts))
    for train_idx, test_idx in folds:
        oof_risk[test_idx] = _make_calibrator().fit(oof_raw[train_idx], labels[train_idx]).predict(
            oof_raw[test_idx])
    calibrator = _make_calibrator().fit(oof_raw, labels)
    risk_cut, cv_f1 = best_f1_threshold(oof_risk, labels)

    classifier = _make_classifier(list(signals), terms).fit(matrix, labels, pairs=pair_diffs)
    model = CredibilityModel(
        signals=signals, text_vectorizer=text_vectorizer, classifier=classifier,
        calibrator=calibrator, flag_threshold=round(1.0 - risk_cut, 6),
        credible_threshold=round(1.0 - CREDIBLE_MAX_RISK, 6), heads=heads,
    )
    report = {
        "ptc_train_sentences": len(texts),
        "ptc_train_articles": len(set(groups)),
        "cv_folds": CV_FOLDS,
        "cv_f1_at_flag_threshold": round(cv_f1, 4),
        "cv_ece": round(expected_calibration_error(oof_risk, labels), 4),
        "cv_roc_auc": round(float(roc_auc_score(labels, oof_raw)), 4),
        "classifier_C": CLASSIFIER_C,
        "figure_pairs": len(pair_rows),
        "figure_pair_weight": FIGURE_PAIR_WEIGHT,
        "cv_figure_pairs_in_order": round(float(np.mean(pairs_held)) if pairs_held else 1.0, 4),
        "limit": limit,
        "signals_gold_cv": {name: head.cv_ for name, head in heads.items()},
        "signal_weight_floors": {name: _floor(name) for name in signals},
        "signal_weights": {name: round(w, 4) for name, w in model.signal_weights().items()},
        "bias": round(model.bias, 4),
    }
    log(f"cross-validated F1 {cv_f1:.4f} at credibility < {model.flag_threshold:.4f}")
    return model, report


def figure_pair_differences(texts: Sequence[str], signals: dict[str, SignalExtractor],
                            heads: dict[str, SignalHead], text_vectorizer) -> tuple[np.ndarray, sp.csr_matrix]:
    """The drop-figure pairs of ``texts`` (:func:`pipeline.counterfactuals.figure_pairs`) as the
    classifier sees them: the row of ``texts`` each comes from, and the features of the sentence
    without its figures minus those of the sentence with them (scored by the fitted signals and
    heads, as a user's sentence is)."""
    pairs = figure_pairs(texts)
    rows = np.asarray([int(p.pair_id.rsplit("-", 1)[1]) for p in pairs], dtype=np.int64)
    names = list(signals)
    if not pairs:
        return rows, sp.csr_matrix((0, len(names) + len(text_vectorizer.vocabulary_)))
    builder = FeatureBuilder(signals, text_vectorizer, heads)
    weaker = classifier_matrix(names, *builder.analyze([p.weaker for p in pairs]))
    stronger = classifier_matrix(names, *builder.analyze([p.stronger for p in pairs]))
    return rows, (weaker - stronger).tocsr()


def _make_calibrator() -> CentredIsotonic:
    return CentredIsotonic()


def _floor(name: str) -> float:
    """The least weight of signal ``name``'s score in the credibility classifier."""
    return SIGNAL_WEIGHT_FLOORS.get(name, SIGNAL_WEIGHT_FLOOR)


def _make_classifier(names: Sequence[str] = tuple(SIGNALS),
                     terms: Sequence[str] = ()) -> BoundedLogisticRegression:
    """The credibility classifier: each signal's weight at least its floor (:func:`_floor`; the
    scores are the first ``len(names)`` columns, in that order), figure words' and anonymity words'
    weights at least 0 (:data:`ANONYMITY_BOUNDED`)."""
    n_signals = len(names)
    bounds = {j: _floor(name) for j, name in enumerate(names)}
    bounds.update({n_signals + j: 0.0 for j in figure_terms(terms)})
    if ANONYMITY_BOUNDED:
        bounds.update({n_signals + j: 0.0 for j in anonymity_terms(terms)})
    return BoundedLogisticRegression(C=CLASSIFIER_C, lower_bounds=bounds, pair_weight=FIGURE_PAIR_WEIGHT)


def train_and_save(data_dir: Path, output: Path, *, limit: int | None = None, dev_metrics: bool = True,
                   log: Callable[[str], None] = lambda msg: None) -> dict[str, Any]:
    """Train on the ``train`` splits, save model + card to ``output``, add dev figures to the card.

    The dev figures are measured after every choice was made by cross-validation
    on train; nothing reads dev before that.
    """
    started = time.perf_counter()
    model, report = train_model(data_dir, limit=limit, log=log)
    card = base_card(data_dir, output.name)
    card["training"] = {**report, "seconds": round(time.perf_counter() - started, 1)}
    card["thresholds"] = thresholds_card(model)
    card["feature_names"] = feature_names_card(model)
    card["calibration"] = ("isotonic regression read between its blocks' centres (strictly increasing "
                           "between them) on out-of-fold classifier scores, grouped 5-fold "
                           "cross-validation by PTC article")
    card = save_model(model, output, card)
    if dev_metrics:
        from .evaluate import evaluate_all, figures_to_dicts
        from .scorer import load_scorer

        log("evaluating on dev for the model card")
        figures = evaluate_all(load_scorer(output), data_dir, "dev")
        card["dev_metrics"] = figures_to_dicts(figures)
        (output / CARD_FILE).write_text(json.dumps(card, indent=2, ensure_ascii=False) + "\n",
                                        encoding="utf-8")
    return card
