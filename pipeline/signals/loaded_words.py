"""How loaded each word is, learned from marked spans and carried to unmarked words by meaning.

A logistic regression over a word's vector (:mod:`pipeline.word_vectors`) learns, from the
sentences whose loaded words are marked (PTC train's Loaded_Language and Exaggeration spans;
for the sentences of the signals gold, the words its guideline marks), how often a word is
marked; because it reads the vector, not the word, it also scores words no span ever held
("perfidious" near "treacherous"). Fitting scores the whole vocabulary once and keeps only a
word -> score table, so a sentence costs a dictionary lookup per word.

A sentence's features are its strongest word's probability and the mean of its two strongest
(``max``, ``top2``). Chosen by grouped 5-fold CV on the signals_gold train part (the word model
fitted on the PTC train sentences of the other folds' articles; ROC AUC against the gold's
sensational label): the sensational extractor alone 0.762; the two features alone 0.792 and
0.800 (a word's own marked rate, without vectors, 0.749 and 0.761); both beside the extractor's
score, in a logistic regression fitted on the gold, 0.827. 8-bit vectors lose nothing (0.827 at
384 dimensions; 0.824 at 256, 0.809 at 64); the regularisation barely matters (0.822 .. 0.829 at
C = 0.1 .. 10). A word's own uses weigh against its meaning's score as :data:`PRIOR_USES` uses
would (0 / 1 / 2 / 5 / 20: 0.827 / 0.822 / 0.824 / 0.827 / 0.830): at 5 a word seen and never
marked reads lower ("overtly", 2 uses: 0.34 -> 0.24), which keeps the seed's plain "without
overtly challenging Russian interests" below 0.5. In the extractor (:mod:`.sensational`), fitted
on clickbait and PTC, the features take grouped CV F1 on gold train 0.483 -> 0.521 (AUC 0.762 ->
0.806).

A hyphenated compound the vocabulary lacks ("flea-infested", "heart-wrenching": a sixth of the
lower-case words of the PTC dev articles that have no vector) reads as its most loaded part, and
a possessive as its noun ("informant’s" as "informant"). Where the held-out articles' words that
no other training text writes lose their vectors (grouped CV on gold train, as
:mod:`pipeline.word_vectors` measures its added words), the extractor's F1 at 0.5 / ROC AUC is
0.504 / 0.797 with neither remedy, 0.518 / 0.803 with the added words, 0.507 / 0.800 with the
parts and nouns, 0.524 / 0.806 with both.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.linear_model import LogisticRegression

from ..word_vectors import WORD, WordVectors, load_word_vectors

#: Inverse regularisation of the word model (see the module docstring).
C = 1.0
#: Weight, in uses, of the meaning-based score against a word's own marked uses.
PRIOR_USES = 5.0
#: Feature names, in column order.
FEATURES = ("loaded_word_max", "loaded_word_top2")
#: Endings of a possessive, which :meth:`LoadedWords.score` reads as its noun.
_POSSESSIVE = ("'s", "’s")


class LoadedWords:
    """Word -> probability of being marked loaded (fit on marked sentences, then :meth:`features`)."""

    def fit(self, texts: Sequence[str], spans: Sequence[Sequence[tuple[int, int]]],
            vectors: WordVectors | None = None) -> LoadedWords:
        """Count, per vocabulary word, its uses inside and outside the marked ``spans`` and fit the
        regression on the words' vectors (each word weighted by its counts)."""
        vectors = vectors or load_word_vectors()
        index = vectors.index
        inside = np.zeros(len(index))
        total = np.zeros(len(index))
        for text, marked in zip(texts, spans):
            for m in WORD.finditer(text):
                row = index.get(m.group().lower())
                if row is None:
                    continue
                total[row] += 1
                if any(a <= m.start() < b for a, b in marked):
                    inside[row] += 1
        seen = np.flatnonzero(total)
        X = vectors.vectors[seen]
        y = np.r_[np.ones(len(seen)), np.zeros(len(seen))]
        weight = np.r_[inside[seen], total[seen] - inside[seen]]
        keep = weight > 0
        model = LogisticRegression(C=C, max_iter=2000)
        model.fit(np.vstack([X, X])[keep], y[keep], sample_weight=weight[keep])
        # a word's own uses pull its score from what its meaning suggests toward what the spans
        # say of it ("overtly", never marked in its 2 uses, reads 0.34 by meaning, 0.24 so)
        probability = (inside + PRIOR_USES * model.predict_proba(vectors.vectors)[:, 1]) / (total + PRIOR_USES)
        self.table_ = dict(zip(vectors.words, probability.astype(float).tolist()))
        return self

    def score(self, word: str) -> float | None:
        """A lower-case word's probability. One the table lacks reads as its noun if possessive
        ("informant’s") and as its most loaded part if a compound ("flea-infested"); else None."""
        get = self.table_.get
        found = get(word)
        if found is None and word.endswith(_POSSESSIVE):
            found = get(word[:-2])
        if found is None and "-" in word:
            parts = [p for p in map(self.score, word.split("-")) if p is not None]
            found = max(parts) if parts else None
        return found

    def word_scores(self, text: str) -> list[tuple[int, int, float]]:
        """``(start, end, probability)`` of each word of ``text`` the table knows (or whose parts it
        knows, see :meth:`score`)."""
        get = self.score
        low = text.lower()
        if len(low) != len(text):  # a letter whose lower case is longer ("İ"): offsets would move
            return [(m.start(), m.end(), p) for m in WORD.finditer(text) if (p := get(m.group().lower())) is not None]
        return [(m.start(), m.end(), p) for m in WORD.finditer(low) if (p := get(m.group())) is not None]

    def features(self, texts: Sequence[str]) -> np.ndarray:
        """One row per sentence: :data:`FEATURES` (0 for a sentence with no known word)."""
        table = self.table_
        get = table.get
        findall = WORD.findall
        rows = []
        for text in texts:
            # lower-casing first finds the same words (the pattern's classes hold both cases)
            words = findall(text.lower())
            scores = list(filter(None, map(get, words)))
            if "-" in text or "’s" in text or "'s" in text:  # see score (most sentences have neither)
                scores += filter(None, (self.score(w) for w in words if w not in table))
            scores.sort()
            if not scores:
                rows.append((0.0, 0.0))
            elif len(scores) == 1:
                rows.append((scores[0], scores[0]))
            else:
                rows.append((scores[-1], (scores[-1] + scores[-2]) / 2))
        return np.array(rows, dtype=np.float64).reshape(len(texts), len(FEATURES))
