"""``anonymous_attribution``: claims credited to unnamed or vague sources.

The attribution parser (:mod:`pipeline.signals.attributions`) finds who a claim
is credited to: the subject of a reporting verb ("Some analysts suggest", "The
Wall Street Journal reported"), the object of "according to" / "citing", and the
inverted "..., said Yermak". :func:`find_sources` gives its sources with the cue
names the features use:

* ``unnamed_source`` — a role without a name: "a European diplomat",
  "sources close to the negotiations", "U.S. officials";
* ``vague_group`` — a vague quantity of people: "some analysts", "critics";
* ``doc_source`` — an unnamed document: "a report", "studies";
* ``named_person`` / ``named_outlet`` — a name ("Yermak", "he said", "The Wall
  Street Journal", "NATO"; named bodies and specific documents are ``named_outlet``).

Lexicon patterns add passive attribution ("it is believed") and hedged
reporting ("reportedly"). A named source lowers the learned part of the score
when no anonymous cue is present: the claim has a checkable owner.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from .attributions import attribution_lexicon, find_attributions, primed_lexicon, same_lexicon  # noqa: F401 - attribution_lexicon: the features of .structure read it here
from .base import Cue, SignalExtractor, noisy_or, scan_patterns, strongest_per_cue

ANONYMOUS_CUES = ("unnamed_source", "vague_group", "doc_source", "passive_attribution", "hedge_reporting")
NAMED_CUES = ("named_person", "named_outlet")
#: Words that make a claim anonymous wherever they stand: an unnamed source's noun, the words of
#: "familiar with the matter" and "on condition of anonymity", and the writer's hedges.
ANONYMITY_WORDS = frozenset("""
    source sources familiar anonymity anonymous unnamed unidentified insider insiders
    reportedly allegedly purportedly supposedly rumor rumors rumour rumours speculation
""".split())


def anonymity_terms(terms: Sequence[str]) -> list[int]:
    """Positions of the word n-grams of ``terms`` that hold a word of :data:`ANONYMITY_WORDS` (the
    credibility classifier keeps their weights at or above 0: the wording may not speak for a
    sentence with the words that make it anonymous)."""
    return [j for j, term in enumerate(terms) if not ANONYMITY_WORDS.isdisjoint(term.split())]

#: Prior confidence that a source of each kind marks an anonymous attribution.
PARSER_PRIORS = {"unnamed_source": 0.9, "vague_group": 0.85, "doc_source": 0.6}

#: How much a named source (with no anonymous cue) discounts the learned part.
NAMED_DISCOUNT = 0.7


@dataclass(frozen=True)
class Source:
    """A source the parser found, sentence-relative: the span covers the source and its cue words."""

    start: int
    end: int
    kind: str


@lru_cache(maxsize=8192)
def find_sources(text: str) -> tuple[Source, ...]:
    """Attribution sources in one sentence, typed with the signal cue names.

    A view of :func:`~pipeline.signals.attributions.find_attributions` (the one
    parser) without the lexicon patterns, which the extractors match
    themselves, without "it said" (whose antecedent only the document knows), and
    without the subjects of stance verbs ("Critics questioned whether ..."), which
    credit a position to the document's sources but are no sentence's attribution:
    ``kind`` is the attribution's cue (``unnamed_source``,
    ``vague_group``, ``doc_source``, ``named_person``, ``named_outlet``), so the
    features keep their names whatever the finer source kind. Cached like the
    parser: two extractors and two heads ask for the same sentence.
    """
    return tuple(Source(a.start, a.end, a.cue) for a in find_attributions(text)
                 if not a.lexicon and not a.it_pronoun and not a.stance)


class AnonymousAttribution(SignalExtractor):
    """Claims credited to unnamed or vague sources; named sources are reported too."""

    name = "anonymous_attribution"
    rule_cues = (*ANONYMOUS_CUES, *NAMED_CUES)
    learned_cue = "weasel_term"
    learned_weight = 0.6  # trained on Wikipedia weasel sentences, not news
    lexicon_file = "attribution_patterns.tsv"

    def _extra_priors(self) -> dict[str, float]:
        return {**PARSER_PRIORS, **dict.fromkeys(NAMED_CUES, 0.0)}

    def _rule_cues_batch(self, texts: Sequence[str]) -> list[list[Cue]]:
        found = scan_patterns(self.patterns_, texts, self.cue_confidence_)
        if not same_lexicon(self.patterns_):  # a model trained with another lexicon file
            return self._add_extra_cues(found, texts)
        # the parser matches the same lexicon: it reads this scan instead of scanning each sentence
        with primed_lexicon(texts, found):
            return self._add_extra_cues(found, texts)

    def _extra_cues(self, text: str) -> list[Cue]:
        conf = self.cue_confidence_
        return [Cue(s.start, s.end, s.kind, conf[s.kind], s.kind) for s in find_sources(text)]

    def _combine(self, text: str, cues: Sequence[Cue], learned: float) -> float:
        anonymous = [c for c in cues if c.cue in ANONYMOUS_CUES]
        if not anonymous and any(c.cue in NAMED_CUES for c in cues):
            learned *= 1.0 - NAMED_DISCOUNT
        return noisy_or([*strongest_per_cue(anonymous), self.learned_weight * learned])
