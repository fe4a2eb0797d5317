"""``sensational_wording``: loaded, dramatic or clickbait language.

Rules: the lexicon ``sensational_patterns.tsv`` (loaded adjectives and verbs,
superlatives, fear appeals, clickbait formulas, name calling...). Learned part:
cased word and punctuation n-grams fitted on clickbait headlines and on PTC
sentences that hold a Loaded_Language, Exaggeration, Appeal_to_fear or
Name_Calling span.

Evidence for the learned part comes from a word tagger
(:mod:`.span_tagger`) taught by the PTC train gold Loaded_Language and
Exaggeration spans: the words annotators would mark become ``loaded_term``
evidence, not whatever n-grams separate clickbait headlines from news. Where the
tagger marks nothing (a clickbait headline) the model's own n-grams are shown
as ``clickbait_term``.
"""

from __future__ import annotations

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from ..tokens import CASED, cased_tokens
from .base import Cue, SignalExtractor, as_texts
from .span_tagger import SpanTagger

SENSATIONAL_CUES = (
    "loaded_phrase", "loaded_adjective", "loaded_verb", "superlative", "exaggeration",
    "fear_appeal", "clickbait_phrase", "intensifier", "punctuation", "name_calling",
)

#: Cue of tagged-word evidence.
SPAN_CUE = "loaded_term"


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
        or None where not annotated) teaches the evidence tagger."""
        super().fit(X, y)
        self.tagger_ = None
        if spans is not None:
            annotated = [(t, g) for t, g in zip(as_texts(X), spans) if g is not None]
            self.tagger_ = SpanTagger().fit([t for t, _ in annotated], [g for _, g in annotated])
        return self

    def _wants_learned_evidence(self, score: float, learned: float) -> bool:
        # tagged words are what annotators mark: show them whenever the signal fires
        if self.tagger_ is not None and score >= 0.5:
            return True
        return super()._wants_learned_evidence(score, learned)

    def _learned_evidence(self, text: str, learned: float) -> list[Cue]:
        tagger = self.tagger_
        found = [] if tagger is None else [Cue(a, b, SPAN_CUE, p) for a, b, p in tagger.runs(text)]
        if not found and self.learned_weight * learned >= 0.5:
            # no tagged word here (a clickbait headline, say): show the model's own n-grams
            found = super()._learned_evidence(text, learned)
        return found
