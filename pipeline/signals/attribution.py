"""``anonymous_attribution``: claims credited to unnamed or vague sources.

A small attribution parser finds who a claim is credited to: the subject of a
reporting verb ("Some analysts suggest", "The Wall Street Journal reported"),
the object of "according to" / "citing", and the inverted "..., said Yermak".
The source noun phrase is typed as

* ``unnamed_source`` — a role without a name: "a European diplomat",
  "sources close to the negotiations", "U.S. officials";
* ``vague_group`` — a vague quantity of people: "some analysts", "critics";
* ``doc_source`` — an unnamed document: "a report", "studies";
* ``named_person`` / ``named_outlet`` — a capitalised name ("Yermak",
  "The Wall Street Journal", "NATO").

Lexicon patterns add passive attribution ("it is believed") and hedged
reporting ("reportedly"). A named source lowers the learned part of the score
when no anonymous cue is present: the claim has a checkable owner.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from .base import Cue, SignalExtractor, noisy_or, read_resource_rows, strongest_per_cue

ANONYMOUS_CUES = ("unnamed_source", "vague_group", "doc_source", "passive_attribution", "hedge_reporting")
NAMED_CUES = ("named_person", "named_outlet")

#: Prior confidence that a source of each kind marks an anonymous attribution.
PARSER_PRIORS = {"unnamed_source": 0.9, "vague_group": 0.85, "doc_source": 0.6}

#: How much a named source (with no anonymous cue) discounts the learned part.
NAMED_DISCOUNT = 0.7

_TOKEN = re.compile(r"[A-Za-z]\.(?:[A-Za-z]\.)+|\w+(?:['’\-]\w+)*|[^\w\s]")
_WORDS = re.compile(r"\w+")
_CLAUSE_BREAK = frozenset(
    {"that", "which", "and", "but", "or", "while", "as", "when", "because", "if", "than", "so",
     "whereas", "since", "although", "though", "where", "whether", "after", "before", "with"}
)
_MAX_NP = 8


@dataclass(frozen=True)
class Source:
    """A source noun phrase the parser found, sentence-relative."""

    start: int
    end: int
    kind: str


@dataclass(frozen=True)
class _Lexicon:
    reporting: frozenset
    inversion: frozenset
    role: frozenset
    group: frozenset
    quantifier: frozenset
    doc: frozenset
    outlet: frozenset
    pronoun: frozenset
    not_name: frozenset
    postmodifier: frozenset
    auxiliary: frozenset
    triggers: frozenset  # words that start an attribution: reporting verbs, according, citing, quoting


@lru_cache(maxsize=1)
def attribution_lexicon() -> _Lexicon:
    """The term classes of ``attribution_terms.tsv`` (read once per process)."""
    classes: dict[str, set[str]] = {}
    for term, cls in read_resource_rows("attribution_terms.tsv"):
        classes.setdefault(cls, set()).add(term)
    get = lambda c: frozenset(classes.get(c, ()))  # noqa: E731
    return _Lexicon(
        reporting=get("reporting_verb"), inversion=get("inversion_verb"), role=get("role_noun"),
        group=get("group_noun"), quantifier=get("vague_quantifier"), doc=get("doc_noun"),
        outlet=get("outlet_word"), pronoun=get("pronoun"), not_name=get("not_a_name"),
        postmodifier=get("postmodifier"), auxiliary=get("auxiliary"),
        triggers=get("reporting_verb") | {"according", "citing", "quoting"},
    )


def _is_word(tok: str) -> bool:
    return tok[0].isalnum()


def _classify(tokens: Sequence[tuple[int, int, str]], lex: _Lexicon) -> str | None:
    """Type a source noun phrase (tokens in text order)."""
    words = [t[2] for t in tokens]
    lowered = [w.lower() for w in words]
    if not words or lowered[0] in lex.pronoun and len(words) == 1:
        return None
    # the core noun phrase ends before a post-modifier ("sources | close to the talks")
    core_end = len(words)
    for i in range(1, len(words)):
        if lowered[i] in lex.postmodifier:
            core_end = i
            break
    core, core_low = words[:core_end], lowered[:core_end]
    head, head_low = core[-1], core_low[-1]
    two_word = " ".join(core_low[:2])
    quantified = core_low[0] in lex.quantifier or two_word in lex.quantifier or (
        " ".join(core_low[:3]) in lex.quantifier)
    if head_low in lex.group:
        return "vague_group"
    if head_low in lex.role:
        return "vague_group" if quantified and head_low.endswith("s") else "unnamed_source"
    named = [w for w, lw in zip(core, core_low) if w[0].isupper() and lw not in lex.not_name]
    if head_low in lex.doc:
        if any(w in lex.outlet or w.isupper() for w in named):
            return "named_outlet"
        return "doc_source"
    if head[0].isupper() and head_low not in lex.not_name and head_low not in lex.pronoun:
        if any(w in lex.outlet or (w.isupper() and len(w) > 1) for w in named):
            return "named_outlet"
        return "named_person"
    return None


def _np_before(tokens: list[tuple[int, int, str]], i: int, lex: _Lexicon) -> list[tuple[int, int, str]]:
    """Subject noun phrase ending just before token ``i`` (skipping auxiliaries, a parenthetical)."""
    j = i - 1
    while j >= 0 and tokens[j][2].lower() in lex.auxiliary:
        j -= 1
    if j >= 0 and tokens[j][2] == ",":
        # "The Wall Street Journal, citing the source, revealed": skip ", ... ,"
        k = j - 1
        while k >= 0 and i - k <= 14 and tokens[k][2] not in {",", ";", ":"}:
            k -= 1
        if k >= 0 and tokens[k][2] == ",":
            j = k - 1
        else:
            return []
    out: list[tuple[int, int, str]] = []
    while j >= 0 and len(out) < _MAX_NP:
        tok = tokens[j][2]
        if not (_is_word(tok) or tok == "-") or tok.lower() in _CLAUSE_BREAK or tok.lower() in lex.reporting:
            break
        out.append(tokens[j])
        j -= 1
    out.reverse()
    # a preposition inside the backward walk belongs to a post-modifier; the phrase
    # starts at its determiner or first word ("Sources close to the negotiations").
    return out


def _np_after(tokens: list[tuple[int, int, str]], i: int, lex: _Lexicon) -> list[tuple[int, int, str]]:
    """Noun phrase starting at token ``i`` (object of "according to", inverted subject)."""
    out: list[tuple[int, int, str]] = []
    j = i
    while j < len(tokens) and len(out) < _MAX_NP:
        tok = tokens[j][2]
        if not (_is_word(tok) or tok == "-") or tok.lower() in _CLAUSE_BREAK or tok.lower() in lex.reporting:
            break
        out.append(tokens[j])
        j += 1
    return out


@lru_cache(maxsize=8192)
def find_sources(text: str) -> tuple[Source, ...]:
    """Attribution sources in one sentence, each span covering the source and its cue words.

    Cached because both ``anonymous_attribution`` and ``unverifiable_specifics``
    ask for the same sentence.
    """
    lex = attribution_lexicon()
    # most sentences credit nobody: skip the token walk unless a trigger word occurs
    if lex.triggers.isdisjoint(_WORDS.findall(text.lower())):
        return ()
    tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
    found: list[Source] = []
    i = 0
    n = len(tokens)
    while i < n:
        low = tokens[i][2].lower()
        phrase: list[tuple[int, int, str]] = []
        cue_start = tokens[i][0]
        cue_end = tokens[i][1]
        if low == "according" and i + 1 < n and tokens[i + 1][2].lower() == "to":
            phrase = _np_after(tokens, i + 2, lex)
            span = (cue_start, phrase[-1][1]) if phrase else None
        elif low in {"citing", "quoting"}:
            phrase = _np_after(tokens, i + 1, lex)
            span = (cue_start, phrase[-1][1]) if phrase else None
        elif low in lex.reporting:
            phrase = _np_before(tokens, i, lex)
            # a parenthetical between source and verb is left out of the span
            adjacent = phrase and "," not in text[phrase[-1][1]:cue_start]
            span = (phrase[0][0], cue_end if adjacent else phrase[-1][1]) if phrase else None
            if not phrase and low in lex.inversion and (i == 0 or not _is_word(tokens[i - 1][2])):
                phrase = _np_after(tokens, i + 1, lex)
                span = (cue_start, phrase[-1][1]) if phrase else None
        else:
            i += 1
            continue
        kind = _classify(phrase, lex) if phrase else None
        if kind is not None and span is not None:
            found.append(Source(span[0], span[1], kind))
        i += 1
    return tuple(found)


class AnonymousAttribution(SignalExtractor):
    """Claims credited to unnamed or vague sources; named sources are reported too."""

    name = "anonymous_attribution"
    rule_cues = (*ANONYMOUS_CUES, *NAMED_CUES)
    learned_cue = "weasel_term"
    learned_weight = 0.6  # trained on Wikipedia weasel sentences, not news
    lexicon_file = "attribution_patterns.tsv"

    def _extra_priors(self) -> dict[str, float]:
        return {**PARSER_PRIORS, **dict.fromkeys(NAMED_CUES, 0.0)}

    def _extra_cues(self, text: str) -> list[Cue]:
        conf = self.cue_confidence_
        return [Cue(s.start, s.end, s.kind, conf[s.kind], s.kind) for s in find_sources(text)]

    def _combine(self, text: str, cues: Sequence[Cue], learned: float) -> float:
        anonymous = [c for c in cues if c.cue in ANONYMOUS_CUES]
        if not anonymous and any(c.cue in NAMED_CUES for c in cues):
            learned *= 1.0 - NAMED_DISCOUNT
        return noisy_or([*strongest_per_cue(anonymous), self.learned_weight * learned])
