"""``sensational_wording``: loaded, dramatic or clickbait language.

Rules: the lexicon ``sensational_patterns.tsv`` (loaded adjectives and verbs,
superlatives, fear appeals, clickbait formulas, name calling...). Learned part:
word n-grams fitted on clickbait headlines and on PTC sentences that hold a
Loaded_Language, Exaggeration, Appeal_to_fear or Name_Calling span.

Evidence for the learned part comes from a *span lexicon*: words that, in the
PTC training articles, fall inside a gold sensational span far more often than
not (smoothed precision, minimum count). Runs of such words become
``loaded_term`` evidence, so the words shown are the words annotators marked,
not whatever n-grams separate clickbait headlines from news. Where no such word
occurs (a clickbait headline) the model's own n-grams are shown as ``clickbait_term``.
"""

from __future__ import annotations

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from ..tokens import CASED, cased_tokens
from .base import WORD_TOKEN, Cue, SignalExtractor

SENSATIONAL_CUES = (
    "loaded_phrase", "loaded_adjective", "loaded_verb", "superlative", "exaggeration",
    "fear_appeal", "clickbait_phrase", "intensifier", "punctuation", "name_calling",
)

#: A word joins the span lexicon when it occurs at least this often in annotated sentences...
SPAN_MIN_COUNT = 3
#: ...and lies inside a gold span at least this share of the time (Beta(1, 1)-smoothed).
SPAN_MIN_PRECISION = 0.5
#: Cue of span-lexicon evidence.
SPAN_CUE = "loaded_term"
#: Characters between two lexicon words that still join them into one span.
SPAN_JOIN_GAP = 2


class SensationalWording(SignalExtractor):
    """Loaded, dramatic or clickbait wording."""

    name = "sensational_wording"
    rule_cues = SENSATIONAL_CUES
    learned_cue = "clickbait_term"  # n-grams of the logistic regression (mostly clickbait-taught)
    lexicon_file = "sensational_patterns.tsv"

    def __init__(self, *, learned: bool = True, prior_strength: float = 20.0, C: float = 10.0,
                 max_features: int = 40000, evidence_weight: float = 1.0,
                 evidence_terms: int = 400) -> None:
        # weaker regularisation than the other signals: 5-fold CV on clickbait train,
        # F1 of score >= 0.5, 0.9819 at C=4 and 0.9834 at C=10
        super().__init__(learned=learned, prior_strength=prior_strength, C=C, max_features=max_features,
                         evidence_weight=evidence_weight, evidence_terms=evidence_terms)

    def _make_vectorizer(self) -> TfidfVectorizer:
        """Words as written and punctuation, 1-2 grams: headline style lives in case and "?"/"!".

        5-fold CV on clickbait train, F1 of score >= 0.5: lower-cased words 0.9622,
        with punctuation 0.9689, cased words 0.9807, cased words and punctuation 0.9835.
        """
        return TfidfVectorizer(analyzer=cased_tokens, min_df=2, sublinear_tf=True,
                               max_features=self.max_features, dtype=np.float32)

    def _evidence_tokens(self, text: str) -> list[tuple[int, int, str]]:
        return [(m.start(), m.end(), m.group()) for m in CASED.finditer(text)]

    def fit(self, X, y=None, spans=None):
        """As :meth:`SignalExtractor.fit`; ``spans`` (per sentence: gold ``(start, end)`` pairs,
        or None where not annotated) teaches the span lexicon used for evidence."""
        super().fit(X, y)
        self.span_terms_ = {} if spans is None else self._span_lexicon(list(X), spans)
        return self

    @staticmethod
    def _span_lexicon(texts: list[str], spans: list) -> dict[str, float]:
        inside: dict[str, int] = {}
        total: dict[str, int] = {}
        for text, gold in zip(texts, spans):
            if gold is None:
                continue
            for m in WORD_TOKEN.finditer(text):
                word = m.group().lower()
                total[word] = total.get(word, 0) + 1
                if any(a <= m.start() and m.end() <= b for a, b in gold):
                    inside[word] = inside.get(word, 0) + 1
        lexicon = {}
        for word, n in total.items():
            precision = (inside.get(word, 0) + 1) / (n + 2)
            if n >= SPAN_MIN_COUNT and precision >= SPAN_MIN_PRECISION:
                lexicon[word] = round(precision, 4)
        return dict(sorted(lexicon.items()))

    def _wants_learned_evidence(self, score: float, learned: float) -> bool:
        # span-lexicon words are what annotators mark: show them whenever the signal fires
        if getattr(self, "span_terms_", None) and score >= 0.5:
            return True
        return super()._wants_learned_evidence(score, learned)

    def _learned_evidence(self, text: str, learned: float) -> list[Cue]:
        found = self._span_evidence(text, getattr(self, "span_terms_", None) or {})
        if not found and self.learned_weight * learned >= 0.5:
            # no annotated word here (a clickbait headline, say): show the model's own n-grams
            found = super()._learned_evidence(text, learned)
        return found

    def _span_evidence(self, text: str, terms: dict[str, float]) -> list[Cue]:
        """Runs of span-lexicon words, each run one ``loaded_term`` cue (runs never overlap)."""
        if not terms:
            return []
        runs: list[list[tuple[int, int, float]]] = []
        for m in WORD_TOKEN.finditer(text):
            precision = terms.get(m.group().lower())
            if precision is None:
                continue
            if runs and m.start() - runs[-1][-1][1] <= SPAN_JOIN_GAP:
                runs[-1].append((m.start(), m.end(), precision))
            else:
                runs.append([(m.start(), m.end(), precision)])
        return [Cue(r[0][0], r[-1][1], SPAN_CUE, max(x[2] for x in r)) for r in runs]
