"""``sensational_wording``: loaded, dramatic or clickbait language.

Rules: the lexicon ``sensational_patterns.tsv`` (loaded adjectives and verbs,
superlatives, fear appeals, clickbait formulas, name calling...) and common words
written in capitals for emphasis (:func:`shouted_runs`, cue ``capitals``). Learned part:
cased word and punctuation n-grams fitted on clickbait headlines and on PTC
sentences that hold a Loaded_Language, Exaggeration, Appeal_to_fear or
Name_Calling span, beside how loaded the sentence's strongest words are by their
meaning (:mod:`.loaded_words`: word vectors, taught by the same spans), which
carries the signal to loaded words no training sentence held ("perfidious",
"temerity"). Grouped CV on signals_gold train (``benchmarks/sensational_cv.py``):
F1 of score >= 0.5 0.483 -> 0.521, ROC AUC 0.762 -> 0.806.

Evidence for the learned part comes from a word tagger
(:mod:`.span_tagger`) taught by the PTC train gold Loaded_Language and
Exaggeration spans: the words annotators would mark become ``loaded_term``
evidence, not whatever n-grams separate clickbait headlines from news. Where the
tagger marks nothing (a clickbait headline) the model's own n-grams are shown
as ``clickbait_term``.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

from ..segment import lowercase_words
from ..tokens import CASED, cased_tokens
from .base import Cue, SignalExtractor, SignalResult, as_texts, drop_overlaps
from .loaded_words import FEATURES, LoadedWords
from .span_tagger import SpanTagger

SENSATIONAL_CUES = (
    "loaded_phrase", "loaded_adjective", "loaded_verb", "superlative", "exaggeration",
    "fear_appeal", "clickbait_phrase", "intensifier", "punctuation", "name_calling", "capitals",
)

#: Cue of tagged-word evidence.
SPAN_CUE = "loaded_term"
#: Cue of a word loaded by its meaning (:mod:`.loaded_words`), shown beside the tagged words.
WORD_CUE = "loaded_word"
#: Least word probability shown as ``loaded_word`` evidence. Grouped CV on signals_gold train,
#: evidence char F1 where the signal fires: tagged words and rules alone 0.262; with the loaded
#: words at 0.5 / 0.4 / 0.3 / 0.2 / 0.15 / 0.1: 0.265 / 0.267 / 0.271 / 0.279 / 0.285 / 0.285; the
#: fewest words within 0.01 of the best (as the heads choose theirs), so 0.2.
WORD_EVIDENCE_FLOOR = 0.2

#: Where the signal fires, each piece of evidence widens over up to PHRASE_WORDS neighbouring words
#: on each side that the tagger gives at least PHRASE_THRESHOLD (just under its own threshold, 0.08),
#: so that "utterly" shows as the phrase "utterly unacceptable" a reader marks. Grouped CV on
#: signals_gold train, evidence char F1 where the signal fires, 0.272 without; with thresholds 0.03
#: / 0.04 / 0.05 / 0.06 / 0.07 and 2 words: 0.301 / 0.303 / 0.300 / 0.295 / 0.294 (1 word: 0.295 /
#: 0.293 / 0.290 / 0.286 / 0.284; 3: 0.300 / 0.303 / 0.302 / 0.297 / 0.296): the fewest marked
#: characters within 0.01 of the best (as :data:`WORD_EVIDENCE_FLOOR` was chosen).
PHRASE_THRESHOLD = 0.07
PHRASE_WORDS = 2
#: Function words a widened phrase may open with ("a grotesque cartoon", "the biggest lie").
_OPENING_ARTICLES = frozenset({"a", "an", "the", "this", "that", "these", "those", "such"})

#: Prior confidence of :func:`shouted_runs` (the ``capitals`` cue), before PTC and clickbait
#: train update it like a lexicon entry's.
CAPITALS_PRIOR = 0.6
#: A word in capitals (two letters or more, an apostrophe allowed: "MUELLER’S").
_CAPS_WORD = re.compile(r"\b[A-Z][A-Z’']*[A-Z]\b")
#: Two capital letters in a row: a sentence without them has no word in capitals (a quick test).
_TWO_CAPITALS = re.compile(r"[A-Z][A-Z]")
#: A word of two letters or more, in any case.
_ANY_WORD = re.compile(r"\b[^\W\d_]{2,}\b")
#: Least share of a sentence's words in capitals for the whole sentence to be an all-caps line.
ALL_CAPS_SHARE = 0.6
#: A lone common word in capitals must be this long to be emphasis: shorter ones are mostly
#: acronyms that spell a word ("WHO", "ICE", "NOW").
LONE_WORD_LETTERS = 5


def _common(word: str) -> bool:
    """A word in capitals that news text writes in lower case ("WOMEN", "OUR"), not an acronym."""
    low = word.lower().replace("’", "'")
    if low.endswith("'s"):
        low = low[:-2]
    return len(low) >= 3 and low in lowercase_words()


def shouted_runs(text: str) -> list[tuple[int, int]]:
    """Spans of common words written in capitals for emphasis ("the WOMEN in this country",
    "CLOSE OUR SOUTHERN border"), or the whole line when most of it is capitals (an all-caps
    headline, which the guideline counts as sensational).

    Capitals that open a mixed-case sentence are a news convention (a dateline "LAS VEGAS
    (INTELLIHUB) —", a lede "FIVE YEARS AGO,"), and so is a tweet's signature ("— RAMZPAUL
    (@ramzpaul)"); acronyms are capitals by nature ("FBI", "WHO"): none of these counts. A run
    is consecutive capital words separated only by spaces; it counts when it holds two words and
    one is common, or one common word of :data:`LONE_WORD_LETTERS` letters or more.
    """
    if _TWO_CAPITALS.search(text) is None:
        return []
    caps = list(_CAPS_WORD.finditer(text))
    # most sentences hold no capital word, or acronyms only
    if not caps or not any(_common(m.group()) for m in caps):
        return []
    if len(caps) >= 4 and len(caps) >= ALL_CAPS_SHARE * len(_ANY_WORD.findall(text)):
        return [(caps[0].start(), caps[-1].end())]
    first_word = _ANY_WORD.search(text)
    runs: list[list[re.Match]] = []
    for m in caps:
        if runs and not text[runs[-1][-1].end():m.start()].strip(" "):
            runs[-1].append(m)
        else:
            runs.append([m])
    out = []
    for run in runs:
        if first_word is not None and run[0].start() == first_word.start():
            continue
        if text.startswith(" (@", run[-1].end()):  # a tweet's signature: "— RAMZPAUL (@ramzpaul)"
            continue
        if any(_common(m.group()) for m in run) and (len(run) >= 2 or len(run[0].group()) >= LONE_WORD_LETTERS):
            out.append((run[0].start(), run[-1].end()))
    return out


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

    def __setstate__(self, state: dict) -> None:
        super().__setstate__(state)
        if "capitals" not in getattr(self, "cue_confidence_", {"capitals": None}):
            # a model fitted before the cue existed keeps its feature columns
            self.rule_cues = tuple(c for c in SENSATIONAL_CUES if c != "capitals")

    def _extra_priors(self) -> dict[str, float]:
        return {"capitals": CAPITALS_PRIOR}

    def _extra_cues(self, text: str) -> list[Cue]:
        confidence = self.cue_confidence_.get("capitals")
        if confidence is None:  # a model fitted before the cue existed
            return []
        return [Cue(a, b, "capitals", confidence, "capitals") for a, b in shouted_runs(text)]

    def fit(self, X, y=None, spans=None):
        """As :meth:`SignalExtractor.fit`; ``spans`` (per sentence: gold ``(start, end)`` pairs,
        or None where not annotated) teaches the evidence tagger and the word model
        (:mod:`.loaded_words`), whose features join the learned model's n-grams."""
        texts = as_texts(X)
        self.tagger_ = None
        self.loaded_words_ = None
        self._fit_spans = spans
        try:
            super().fit(texts, y)
        finally:
            del self._fit_spans
        if spans is not None:
            self.tagger_ = SpanTagger().fit(*_annotated(texts, spans))
        return self

    def _training_columns(self, texts: list[str], terms):
        spans = getattr(self, "_fit_spans", None)
        if spans is None:
            return terms
        self.loaded_words_ = LoadedWords().fit(*_annotated(texts, spans))
        return sp.hstack([terms, _cross_fitted_word_features(texts, spans, self.loaded_words_)], format="csr")

    def _scoring_columns(self, texts: list[str], terms):
        if getattr(self, "loaded_words_", None) is None:  # no spans, or a model fitted before the word model
            return terms
        return sp.hstack([terms, self.loaded_words_.features(texts)], format="csr")

    def _result(self, text: str, learned: float, cues: list[Cue], learned_evidence: bool = True) -> SignalResult:
        result = super()._result(text, learned, cues, learned_evidence)
        tagger = getattr(self, "tagger_", None)
        if learned_evidence and tagger is not None and result.cues and result.score >= 0.5:
            words = tagger.word_probabilities(text)
            result = result._replace(cues=widen_to_phrases(text, result.cues, words))
        if result.score >= 0.5 and result.cues:
            # a learned cue of function words alone ("the", "and", "'s") shows the reader nothing:
            # grouped CV on signals_gold train, evidence char F1 where the signal fires 0.299 -> 0.302
            # (precision 0.342 -> 0.350); where nothing else is left, the cues stay as they were
            learned = self._learned_cues
            shown = tuple(c for c in result.cues if c.cue not in learned or _has_content(text[c.start:c.end]))
            if shown and len(shown) < len(result.cues):
                result = result._replace(cues=shown)
        return result

    @property
    def _learned_cues(self) -> frozenset:
        """The cues of learned evidence (tagged words, meaning-loaded words, the model's n-grams)."""
        return frozenset({SPAN_CUE, WORD_CUE, self.learned_cue})

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
        words = getattr(self, "loaded_words_", None)
        if words is not None:
            # the words the learned model read as loaded by their meaning, where nothing else shows
            loaded = [Cue(a, b, WORD_CUE, p) for a, b, p in words.word_scores(text) if p >= WORD_EVIDENCE_FLOOR]
            found = drop_overlaps(loaded, kept=found)
        return found


#: A word of a cue's text; a hyphenated word is one ("all-out").
_CUE_WORD = re.compile(r"\w+(?:[-’']\w+)*")


#: Words of scikit-learn's stop list that can carry a tone on their own: content words ("fire",
#: "empty", "serious", "thin") and absolutes ("never", "nothing", "everyone").
_TONED_STOP_WORDS = frozenset("""
    amount back behind bill bottom call cry describe detail empty fill find fire found front full
    interest mill move name part put serious show side sincere system take thick thin top whole
    always ever never nobody noone none nothing everyone everything everywhere nowhere
""".split())
#: Words that show nothing on their own: articles, pronouns, prepositions, auxiliaries...
FUNCTION_WORDS = ENGLISH_STOP_WORDS - _TONED_STOP_WORDS


def _has_content(span: str) -> bool:
    """Whether ``span`` holds a word other than a function word or a lone letter ("'s")."""
    return any(len(w) > 1 and w.lower() not in FUNCTION_WORDS for w in _CUE_WORD.findall(span))


def widen_to_phrases(text: str, evidence: Sequence[Cue], words: Sequence[tuple[int, int, float]],
                     threshold: float = PHRASE_THRESHOLD, most: int = PHRASE_WORDS) -> tuple[Cue, ...]:
    """Each cue of ``evidence`` widened over up to ``most`` words on each side that ``words``
    (the tagger's ``(start, end, probability)``, in text order) gives at least ``threshold``,
    each next to the cue across white space only and inside no other (widened) cue. A widened
    phrase neither ends nor opens on a function word ("selective memory and"), save an opening
    article ("a grotesque cartoon")."""
    starts = [w[0] for w in words]
    taken = [(c.start, c.end) for c in evidence]
    out = list(evidence)

    def free(a: int, b: int, own: int) -> bool:
        return not any(k != own and x < b and a < y for k, (x, y) in enumerate(taken))

    for own in sorted(range(len(evidence)), key=lambda k: evidence[k].start):
        cue = evidence[own]
        start, end = cue.start, cue.end
        reach, k = end, bisect_left(starts, end)
        for a, b, p in words[k:k + most]:
            if p < threshold or not text[reach:a].isspace() or not free(a, b, own):
                break
            reach = b
            if text[a:b].lower() not in ENGLISH_STOP_WORDS:
                end = b
        reach, k = start, bisect_left(starts, start) - 1
        for a, b, p in reversed(words[max(0, k - most + 1):k + 1]):
            if p < threshold or not text[b:reach].isspace() or not free(a, b, own):
                break
            reach = a
            if text[a:b].lower() not in ENGLISH_STOP_WORDS or text[a:b].lower() in _OPENING_ARTICLES:
                start = a
        taken[own] = (start, end)
        out[own] = cue._replace(start=start, end=end)
    return tuple(out)


#: Folds of the cross-fitting that gives the learned model its training sentences' word features.
WORD_FOLDS = 5


def _annotated(texts: list[str], spans: list) -> tuple[list[str], list]:
    """The sentences that have marked spans (``None`` marks a sentence nobody annotated), and theirs."""
    kept = [(t, g) for t, g in zip(texts, spans) if g is not None]
    return [t for t, _ in kept], [g for _, g in kept]


def _cross_fitted_word_features(texts: list[str], spans: list, full: LoadedWords) -> np.ndarray:
    """Word features of the training sentences, each annotated one from a word model that did not
    see it (contiguous folds, which keep an article's sentences together); the others (clickbait
    headlines) from ``full``. Fitted in-sample, the features would read the training spans back
    and the learned model would trust them more than it should."""
    annotated = np.flatnonzero([g is not None for g in spans])
    others = np.flatnonzero([g is None for g in spans])
    out = np.zeros((len(texts), len(FEATURES)))
    out[others] = full.features([texts[i] for i in others])
    for fold in np.array_split(annotated, WORD_FOLDS):
        held = set(fold.tolist())
        rest = [i for i in annotated if i not in held]
        model = LoadedWords().fit([texts[i] for i in rest], [spans[i] for i in rest])
        out[fold] = model.features([texts[i] for i in fold])
    return out
