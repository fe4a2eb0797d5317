"""The attribution parser: who one sentence credits its claims to, and what kind of source that is.

The one place that finds and types attributions: the ``anonymous_attribution``
and ``unverifiable_specifics`` signals read it through
:func:`pipeline.signals.attribution.find_sources`, and the document summary's
``sources`` (:mod:`pipeline.sources`) through :func:`find_attributions`.

An attribution is found

* as the subject of a reporting verb ("Some analysts suggest", "The Wall
  Street Journal, citing the source, revealed", "Jordan Ellis, who heads the
  division, said", "He added", "His recent statements suggest");
* as the object of "according to", "citing" or "quoting", or an inverted
  subject (", said Yermak");
* as a name before a colon that opens a quote or a headline's claim
  ("Ratzinger: “Oh, ...”", "Juanita Broaddrick: Senator Feinstein Had No ...");
* as the subject of a stance verb ("Orbán painted an image of ...", "Critics
  questioned whether ..."), marked ``stance``: a position the document's
  sources list, which the sentence signals leave out;
* by the lexicon patterns of ``attribution_patterns.tsv``: passive and hedged
  attribution ("it is understood", "reportedly") and fixed unnamed-source
  phrases ("people familiar with the matter").

Each carries the source's own words (``source_start``/``source_end``), the
whole evidence (source and cue words: "According to a European diplomat",
"authorities said"), and a kind (:data:`KINDS`, the SPEC's source kinds).
Following the annotation guideline (``signals_gold/GUIDELINE.md``), role-only
people ("a European diplomat", "ICE officials", "the lawyer for the suspects")
are ``unnamed_role``; vague collectives ("some analysts", "authorities",
"prosecutors", "a report") are ``vague_group``; pronoun speakers ("he said"),
unique titles ("the judge") are ``named_person``; named bodies ("the Navy",
"the Justice Department") ``named_body``; specific documents ("court filings",
"the indictment") ``document``. Attributions inside quotation marks (a source
nested in someone's quote) and hedges inside another source's claim ("Some
analysts suggest ..., with generals reportedly pushing") are left out: they
are part of what that speaker says.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache

from ..segment import lowercase_words
from .base import Cue, Pattern, load_patterns, pattern_priors, read_resource_rows, scan_patterns
from .pattern_index import trie_regex

#: The source kinds of SPEC (document summary ``sources``).
KINDS = ("named_person", "named_outlet", "named_body", "document", "unnamed_role", "vague_group", "hedged")
NAMED_KINDS = frozenset({"named_person", "named_outlet", "named_body", "document"})

_TOKEN = re.compile(r"[A-Za-z]\.(?:[A-Za-z]\.)+|(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Sgt|Capt|Adm|Prof|Rev|Jr|Sr)\.(?=\s)"
                    r"|\w+(?:['’\-]\w+)*|[^\w\s]")
_WORDS = re.compile(r"\w+")
_CLAUSE_BREAK = frozenset(
    {"that", "which", "and", "but", "or", "while", "as", "when", "because", "if", "than", "so",
     "whereas", "since", "although", "though", "where", "whether", "after", "before", "with", "to",
     "in", "on", "at", "by", "for", "from", "into", "about", "of", "than", "what", "how", "why",
     "not", "nor", "also"}
)
#: Words that may join capitalised words inside one name ("Department of Public Health and Environment").
_NAME_JOINERS = frozenset({"of", "and", "for", "on", "&", "the", "de", "la", "del"})
_DETERMINERS = frozenset({"a", "an", "the", "this", "that", "these", "those"})
_DEFINITE = frozenset({"the", "this", "that", "these", "those", "its", "their", "his", "her", "our"})
_QUOTES_OPEN = {"“": "”", "‘": "’"}
#: The characters :func:`_quoted_regions` pairs.
_QUOTE_MARKS = re.compile('["“”]')
_MAX_NP = 14
#: The relative pronoun as written ("WHO" is the World Health Organization).
_WHO = frozenset({"who", "Who"})
_MAX_PARENTHETICAL = 40
_NUMBER_WORDS = frozenset("one two three four five six seven eight nine ten dozen dozens".split())
#: Verbs that credit nothing as a finite verb after a plain noun ("a report", "claims") - read as nouns.
_NOUN_LIKE = frozenset({"report", "reports", "claims", "claim", "estimates", "leaks", "leak", "quotes",
                        "quote", "note", "notes", "warning", "brief", "signal", "signals", "show",
                        "shows", "state", "states", "point", "points", "fear", "fears", "cite", "details",
                        "labels", "suspects"})
#: Objects that make a stance verb a legal act ("dismissed the charge", "rejected his appeal").
_LEGAL_OBJECTS = frozenset({"charge", "charges", "case", "cases", "lawsuit", "suit", "indictment", "complaint",
                            "appeal", "appeals", "motion", "petition"})
#: Prepositions whose object a relative clause describes ("of a congressman who praised", "about a
#: politician who defends"): the clause says who the person is, not what the sentence credits them with.
_OBJECT_OF_WHO = frozenset({"of", "about", "against", "for", "on", "at", "into", "to"})
#: Reporting verbs that state nothing before "to"/"on"/"with" ("agreed to pay", "sources briefed on",
#: "officers responded to the 32nd floor", "threatened to call security").
_NOT_STATEMENTS = ("agree", "expect", "brief", "leak", "signal", "show", "point", "urge", "fear", "think",
                   "estimat", "predict", "verif", "find", "found", "describ", "characteri", "respond", "threaten")
#: Words before "of" that take a part of a group ("One of the protesters", "a number of people").
_PARTITIVE = _NUMBER_WORDS | frozenset({"some", "many", "several", "most", "few", "all", "none", "number", "handful",
                                        "couple", "lot", "dozens", "hundreds", "thousands", "each", "both",
                                        "members", "member", "array", "chorus"})
#: Article-like words of an indefinite phrase ("One Malaysian Muslim", "a Democrat").
_INDEFINITE = frozenset({"a", "an", "one", "another"})
#: Plural documents that name no issuer on their own ("the reports said", "the latest estimates").
_VAGUE_PLURAL_DOCS = frozenset({"reports", "rumors", "rumours", "estimates", "accounts", "leaks"})
#: Plural documents of a record kept, specific on their own as "court documents" is (GUIDELINE.md):
#: "documents said", "according to payroll records" (train: three sentences, all labelled 0).
_ARCHIVAL_DOCS = frozenset({"documents", "records", "filings", "transcripts"})
#: How a nationality's adjective ends ("Hungarian", "Japanese", "Turkish", "French", "Israeli").
_DEMONYM_ENDINGS = ("an", "ese", "ish", "ch", "i")
_MODALS = frozenset({"has", "have", "had", "is", "are", "was", "were", "will", "would", "could", "can",
                     "may", "might", "should", "must", "did", "does", "do"})


@dataclass(frozen=True)
class Attribution:
    """One source a sentence credits, with sentence-relative offsets.

    ``start``/``end`` cover the evidence (source and cue words);
    ``source_start``/``source_end`` the source's own words. ``kind`` is one of
    :data:`KINDS`; ``cue`` is the signal cue name the extractors use
    (``unnamed_source``, ``vague_group``, ``doc_source``, ``named_person``,
    ``named_outlet``, ``passive_attribution``, ``hedge_reporting``).
    ``stance`` marks the subject of a stance verb ("Orbán painted an image of ...", "Critics
    questioned whether ..."): a source the document credits with a position, which the
    sentence signals leave out (:func:`pipeline.signals.attribution.find_sources`).
    ``pronoun`` marks a pronoun speaker ("he said", "His statements"), whom the
    document summary joins to a named person (for "it said", kind ``named_body``: to the
    nearest body, outlet or document); ``lexicon`` marks a match of
    ``attribution_patterns.tsv`` (the extractors read those patterns themselves).
    """

    start: int
    end: int
    source_start: int
    source_end: int
    kind: str
    cue: str
    pronoun: bool = False
    lexicon: bool = False
    head: str = ""  # the source's head noun, lower-cased ("diplomat", "filings")
    stance: bool = False  # credited with a position, not a statement ("Critics questioned ...")

    @property
    def it_pronoun(self) -> bool:
        """Whether this is "it said": a pronoun for a body, outlet or document named before, which
        only the document can resolve (the sentence signal leaves it out)."""
        return self.pronoun and self.kind != "named_person"


@dataclass(frozen=True)
class _Lexicon:
    reporting: frozenset
    inversion: frozenset
    role: frozenset
    group: frozenset
    quantifier: frozenset
    doc: frozenset
    doc_modifier: frozenset
    outlet: frozenset
    body: frozenset
    place: frozenset
    body_noun: frozenset
    outlet_noun: frozenset
    title_noun: frozenset
    title_word: frozenset
    statement: frozenset
    pronoun: frozenset
    speaker: frozenset
    possessive: frozenset
    not_name: frozenset
    postmodifier: frozenset
    auxiliary: frozenset
    particle: frozenset
    anaphoric: frozenset  # "the professor said": one person named earlier in the article
    kin: frozenset  # "my daughter", "her husband": one person
    survey: frozenset  # "those surveyed", "people polled"
    stance: frozenset  # "dismissed", "denounced": a position credited, for the document's sources only
    triggers: frozenset  # words that start an attribution: reporting and stance verbs, according, citing, quoting


_PATTERN_KINDS = {"passive_attribution": "hedged", "hedge_reporting": "hedged",
                  "vague_group": "vague_group", "unnamed_source": "unnamed_role"}


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
        doc_modifier=get("doc_modifier"), outlet=get("outlet_word"), body=get("body_word"),
        place=get("place_body"), body_noun=get("body_noun"), outlet_noun=get("outlet_noun"),
        title_noun=get("title_noun"), title_word=get("title_word"), statement=get("statement_noun"),
        pronoun=get("pronoun"), speaker=get("pronoun_speaker"), possessive=get("statement_possessive"),
        not_name=get("not_a_name"), postmodifier=get("postmodifier"), auxiliary=get("auxiliary"),
        particle=get("name_particle"), anaphoric=get("anaphoric_role"), kin=get("kin_noun"),
        survey=get("survey_participle"), stance=get("stance_verb"),
        triggers=(get("reporting_verb") | get("inversion_verb") | get("stance_verb")
                  | {"according", "citing", "quoting"}),
    )


Token = tuple  # (start, end, text)


def _is_word(tok: str) -> bool:
    return tok[0].isalnum()


def _is_cap(tok: str) -> bool:
    return tok[0].isupper() or (tok[0].isdigit() and False)


def _quoted_regions(text: str) -> list[tuple[int, int]]:
    """Spans inside quotation marks (curly pairs, or straight quotes paired in order)."""
    regions = []
    stack: list[tuple[str, int]] = []
    straight = None
    for m in _QUOTE_MARKS.finditer(text):  # only the marks matter: skip the other characters
        i, ch = m.start(), m.group()
        if ch == '"':
            if straight is None:
                straight = i
            else:
                regions.append((straight, i + 1))
                straight = None
        elif ch == "“":
            stack.append(("”", i))
        elif ch == "”" and stack and stack[-1][0] == "”":
            regions.append((stack.pop()[1], i + 1))
    return regions


def _inside(pos: int, regions: Sequence[tuple[int, int]]) -> bool:
    return any(a < pos < b for a, b in regions)


def _nested(start: int, end: int, regions: Sequence[tuple[int, int]]) -> bool:
    """A source inside someone's quote (not one only wrapped in scare quotes: "“a source” said")."""
    return any(a < start < b and not (a >= start - 2 and b <= end + 2) for a, b in regions)


def _skip_parenthetical(tokens: list[Token], j: int, lex: _Lexicon) -> int | None:
    """Given ``tokens[j] == ","`` ending a parenthetical before a verb, the index of the
    comma that opens it (``", citing the source,"``, ``", who heads the division,"``)."""
    k = j - 1
    limit = _MAX_PARENTHETICAL
    while k >= 0 and j - k <= limit and tokens[k][2] not in {",", ";", ":", "(", "—", "–"}:
        k -= 1
    if k >= 0 and tokens[k][2] == ",":
        return k
    return None


def _verb(low: str, lex: _Lexicon) -> bool:
    """A reporting verb that ends a noun phrase (not "report", "claims": nouns there)."""
    return low in lex.reporting and low not in lex.doc and low not in _NOUN_LIKE


def _np_backward(tokens: list[Token], j: int, lex: _Lexicon) -> list[Token]:
    """The noun phrase ending at token ``j`` (walking back to a clause break)."""
    out: list[Token] = []
    while j >= 0 and len(out) < _MAX_NP:
        tok = tokens[j][2]
        low = tok.lower()
        if low in _NAME_JOINERS and out and _is_cap(out[-1][2]) and j > 0 and _is_cap(tokens[j - 1][2]):
            out.append(tokens[j])  # "Department of Public Health and Environment"
            j -= 1
            continue
        if low == "of" and len(out) > 1 and out[-1][2].lower() == "the" and _is_cap(out[-2][2]) and j > 0 \
                and _is_cap(tokens[j - 1][2]):
            out.append(tokens[j])  # "Agustín Sánchez-Lavega of the University of the Basque Country"
            j -= 1
            continue
        if low == "in" and out and out[-1][2] in lex.place and len(out) == 1 and j > 0 and _is_cap(tokens[j - 1][2]):
            out.append(tokens[j])  # "... of the University of the Basque Country in Spain explains"
            j -= 1
            continue
        if low in {"close", "familiar", "briefed", "knowledgeable"} and out:
            # "people familiar with the matter": keep the post-modifier inside the phrase
            out.append(tokens[j])
            j -= 1
            continue
        if low in {"for", "of", "at", "in", "from", "to"} and out and j > 0 and (
                tokens[j - 1][2].lower() in lex.role or (low != "to" and tokens[j - 1][2].lower() in lex.group)
                or (low in {"in", "at", "from"} and tokens[j - 1][2].lower() == "one")
                or (low == "of" and tokens[j - 1][2].lower() in _PARTITIVE)
                or (tokens[j - 1][2].lower() in lex.doc and low == "in" and _is_cap(out[-1][2]))
                or (tokens[j - 1][2] in lex.body and low != "of")
                or (tokens[j - 1][2].lower() in lex.body_noun and low != "of")):
            # "the lawyer for the suspects", "a spokesman for the Pentagon", "an adviser to the president",
            # "One in a remote office"
            out.append(tokens[j])
            j -= 1
            continue
        if low in {"with", "to", "on", "about", "in"} and j > 0 and tokens[j - 1][2].lower() in {
                "familiar", "close", "briefed", "knowledgeable", "involved"}:
            out.append(tokens[j])
            j -= 1
            continue
        if low == "leaked" and out and j > 0 and tokens[j - 1][2].lower() in _DETERMINERS | _INDEFINITE:
            out.append(tokens[j])  # "One leaked official memo says": an adjective here, no verb
            j -= 1
            continue
        if not (_is_word(tok) or tok in {"-", "’", "'"}) or low in _CLAUSE_BREAK or (_verb(low, lex) and not _is_cap(tok)):
            break
        out.append(tokens[j])
        j -= 1
    out.reverse()
    while out and not _is_word(out[0][2]):
        out.pop(0)
    return out


_PARTICIPLE_WORDS = frozenset({"made", "close", "familiar", "knowledgeable", "told", "sent", "held", "kept", "put",
                               "read", "public", "who", "that", "which", "now", "also", "say", "said"})
_DATE_WORDS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
                         "february", "march", "april", "may", "june", "july", "august", "september", "october",
                         "november", "december", "jan", "feb", "aug", "sept", "oct", "nov", "dec"})
#: Forms of "be" before a passive participle ("was told", "have been confirmed").
_BE_FORMS = frozenset({"is", "are", "was", "were", "been", "be", "being"})
#: Auxiliaries of a passive or perfect ("It is said", "it has been reported").
_BE_OR_HAVE = _BE_FORMS | {"has", "have", "had"}
#: The days of the week (also the structure features' and the figure words').
WEEKDAYS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"})
#: Prepositions whose object is no speaker ("a government employee in the city of Guangzhou reported").
_PREPOSITIONS = frozenset({"in", "to", "at", "from", "near", "into", "of", "on", "with", "by", "for", "about",
                           "against", "over", "under", "between", "among", "across", "through", "toward",
                           "towards", "inside", "outside", "within", "during", "like"})

#: Adjectives that do not make a document specific ("New research suggests", "a recent study").
_VAGUE_DOC_ADJECTIVES = frozenset({"new", "recent", "latest", "secret", "leaked", "several", "some", "many"})
_LY_NOUNS = frozenset({"family", "ally", "rally", "assembly", "supply", "reply", "italy", "july", "monopoly",
                       "anomaly", "butterfly", "melancholy"})


def _adverb(word: str) -> bool:
    """An -ly adverb between subject and verb ("Perry shockingly claimed")."""
    return word.islower() and word.endswith("ly") and len(word) > 4 and word not in _LY_NOUNS


_APPOSITIVE_OPENERS = frozenset({"a", "an", "the", "who", "whose", "which", "citing", "quoting", "one", "its", "his",
                                 "her", "their", "now", "then", "formerly", "also", "former", "probably",
                                 "perhaps", "himself", "herself"})


def _appositive_chain(tokens: list[Token], j: int, lex: _Lexicon) -> list[Token]:
    """"David Hickey, a spokesman for the union, the SPFPA, said": the name before a chain of
    appositives (each opened by a comma and a determiner or "who")."""
    k = j - 1
    while k >= 0 and j - k <= _MAX_PARENTHETICAL:
        if tokens[k][2] in {";", ":", "(", "“", '"', "”"}:
            return []
        if tokens[k][2] == "," and k + 1 < len(tokens) and tokens[k + 1][2].lower() in _APPOSITIVE_OPENERS:
            outer = _np_backward(tokens, k - 1, lex)
            if outer and _is_cap(outer[-1][2]) and outer[-1][2].lower() not in lex.not_name:
                return outer
        k -= 1
    return []


def _np_before(tokens: list[Token], i: int, lex: _Lexicon) -> list[Token]:
    """Subject noun phrase ending just before token ``i`` (skipping auxiliaries and a parenthetical)."""
    j = i - 1
    while j >= 0:
        low = tokens[j][2].lower()
        if low in lex.auxiliary or _adverb(tokens[j][2]):
            j -= 1
        elif low in WEEKDAYS and j > 0 and tokens[j - 1][2].lower() in {"on", "last", "this", "late", "early"}:
            j -= 2  # "Trump on Tuesday said", "officials late Friday said"
        elif low in WEEKDAYS | {"yesterday", "today", "tonight"}:
            j -= 1  # "Trump Tuesday said"
        else:
            break
    if j > 0 and tokens[j][2] in _WHO:  # "Lew, who said in testimony" ("the WHO said" is a body)
        k = j - 1
        if tokens[k][2] == ",":
            k -= 1
        np = _np_backward(tokens, k, lex) if k >= 0 else []
        cut = max((n + 1 for n, t in enumerate(np) if t[2] in lex.auxiliary), default=0)
        np = np[cut:]  # "it was | the same woman who reportedly told"
        first = tokens.index(np[0]) if np else -1
        if first > 1 and tokens[first - 1][2] == "," and np[0][2].lower() in {"a", "an", "one"}:
            outer = _np_backward(tokens, first - 2, lex)  # "Douglas Haig, an Arizona man who says"
            typed = _type_phrase(outer, lex) if outer else None
            if typed is not None and typed[0] == "named_person" and not typed[4]:
                return outer
        return np
    if j >= 0 and tokens[j][2] == ")":  # "Rep. Scott Perry (R-Pa.) said"
        k = j
        while k >= 0 and tokens[k][2] != "(" and j - k <= 12:
            k -= 1
        if k > 0 and tokens[k][2] == "(":
            j = k - 1
    if j > 0 and tokens[j][2] in {"—", "–"}:  # "retired military officials—who pay attention to history—are warning"
        k = j - 1
        while k >= 0 and j - k <= 15 and tokens[k][2] not in {"—", "–"}:
            k -= 1
        if k > 0 and tokens[k][2] in {"—", "–"}:
            j = k - 1
    if j >= 0 and tokens[j][2] == ",":
        chained = _appositive_chain(tokens, j, lex)
        if chained:
            return chained
        k = _skip_parenthetical(tokens, j, lex)
        if k is None:
            return []
        inner = tokens[k + 1:j]
        outer = _np_backward(tokens, k - 1, lex)
        # "Ridgeline's chief executive, Thomas Whitcombe, said": the appositive name is the speaker
        name_inside = inner and inner[0][2].lower() not in {"who", "citing", "quoting", "according", "which"} \
            and len(inner) <= 10 and all(_is_cap(t[2]) or t[2] in {".", "-", "and"} for t in inner) \
            and inner[-1][2] != "and"
        typed_outer = _type_phrase(outer, lex) if outer else None
        # "Ridgeline's chief executive, Thomas Whitcombe, said", "A spokesman for the Pentagon, John Smith,
        # said": the name in the appositive speaks, unless the phrase before it is itself a person
        if name_inside and (typed_outer is None or typed_outer[0] != "named_person"):
            return inner
        return outer
    if j > 0 and tokens[j][2] in {"”", '"'}:
        # a scare-quoted source: "“multiple credible sources” told her"
        k = j - 1
        while k >= 0 and j - k <= 7 and _is_word(tokens[k][2]):
            k -= 1
        if k >= 0 and j - k > 1 and tokens[k][2] in {"“", '"'}:
            return tokens[k + 1:j]
    return _relative_antecedent(tokens, j, lex) or _np_backward(tokens, j, lex)


def _relative_antecedent(tokens: list[Token], j: int, lex: _Lexicon) -> list[Token]:
    """"Legislators who backed the bill said", "People who knew her at Yale say": the noun a
    relative clause (no comma) ending at token ``j`` modifies, with the clause (else nothing)."""
    k = j
    while k > 0 and j - k <= 15 and tokens[k][2] not in {",", ";", ":", "(", ")", "“", '"', "”", "—", "–"}:
        if tokens[k][2] in _WHO and k < j and tokens[k + 1][2].islower():
            ante = _np_backward(tokens, k - 1, lex)
            typed = _type_phrase(ante, lex) if ante else None
            if typed is not None and not typed[4] and ante[-1][2].lower() not in lex.pronoun:
                return [*ante, *tokens[k:j + 1]]
            return []
        k -= 1
    return []


def _np_after(tokens: list[Token], i: int, lex: _Lexicon) -> list[Token]:
    """Noun phrase starting at token ``i`` (object of "according to", inverted subject)."""
    out: list[Token] = []
    j = i
    while j < len(tokens) and len(out) < _MAX_NP:
        tok = tokens[j][2]
        low = tok.lower()
        if low in _NAME_JOINERS and out and _is_cap(out[-1][2]) and j + 1 < len(tokens) \
                and _is_cap(tokens[j + 1][2]) and tokens[j + 1][2].lower() not in _DATE_WORDS:
            out.append(tokens[j])
            j += 1
            continue
        if low == "of" and out and out[-1][2].lower() in _PARTITIVE:
            out.append(tokens[j])  # "a number of people", "one of the organizers"
            j += 1
            continue
        if low in {"by", "from", "of"} and out and out[-1][2].lower() in lex.doc | lex.statement | {
                "conducted", "released", "published", "issued", "made", "written", "signed", "sent", "filed", "obtained"}:
            out.append(tokens[j])  # "a report by the Swedish National Council", "a video from X"
            j += 1
            continue
        if low == "conducted" and out:
            out.append(tokens[j])
            j += 1
            continue
        if low in {"close", "familiar", "briefed", "knowledgeable", "involved"} and out:
            out.append(tokens[j])
            j += 1
            continue
        if low in {"with", "to", "on", "in", "about"} and out and out[-1][2].lower() in {
                "familiar", "close", "briefed", "knowledgeable", "involved"}:
            out.append(tokens[j])
            j += 1
            continue
        if not (_is_word(tok) or tok in {"-", "’", "'"}) or low in _CLAUSE_BREAK or (_verb(low, lex) and not _is_cap(tok)):
            break
        out.append(tokens[j])
        j += 1
    while out and not _is_word(out[-1][2]):
        out.pop()
    return out


def _coordinated_sources(tokens: list[Token], k: int, lex: _Lexicon) -> list[Attribution]:
    """A second source joined by "and" to the object of "according to" ("according to court
    documents and a source"): an unnamed one is a source of its own."""
    if k + 1 >= len(tokens) or tokens[k][2].lower() != "and":
        return []
    phrase = _np_after(tokens, k + 1, lex)
    typed = _type_phrase(phrase, lex) if phrase else None
    if typed is None or typed[0] not in {"unnamed_role", "vague_group"}:
        return []
    kind, cue, a, b, _ = typed
    b = min(b, len(phrase))
    return [Attribution(phrase[a][0], phrase[b - 1][1], phrase[a][0], phrase[b - 1][1], kind, cue,
                        head=_head(phrase[a:b], lex))]


def _tells_whom(tokens: list[Token], i: int) -> bool:
    """"tell"/"told" at ``i`` after a comma: what follows is whom the speaker told, never an
    inverted speaker ("Juan Carlos Cruz, told the press in 2015 that ...", "..., told Fox News")."""
    return tokens[i][2].lower() in {"tell", "told"} and i > 0 and tokens[i - 1][2] == ","


def _inverted(tokens: list[Token], i: int, lex: _Lexicon) -> bool:
    """The verb at ``i`` (after a comma or a quote) has its subject after it: a source phrase
    that ends the clause ("..., said the people, who ...", "”, continued the neighbor.")."""
    if _tells_whom(tokens, i):
        return False
    phrase = _np_after(tokens, i + 1, lex)
    if not phrase or phrase[0][2].lower() in lex.pronoun - lex.speaker - _DEFINITE - {"one"}:
        return False
    end = tokens.index(phrase[-1]) + 1
    if end < len(tokens) and tokens[end][2] not in {",", ".", ";", ":", "—", "–", ")"} \
            and tokens[end][2].lower() not in {"who", "in", "on"}:
        return False
    typed = _type_phrase(phrase, lex)
    return typed is not None


def _closes_quote(tokens: list[Token], i: int) -> bool:
    """True when the verb at ``i`` ends a sentence right after its subject, which follows a closing
    quote ("...,” he continued.", "...” Lee continued."): the speaker of the quote."""
    if i + 1 < len(tokens) and tokens[i + 1][2] not in {".", ",", ";", ":"}:
        return False
    j = i - 1
    while j >= 0 and i - j <= 4 and (_is_word(tokens[j][2]) or tokens[j][2] == "."):
        j -= 1
    if j <= 0 or j == i - 1:
        return False
    closing = {"”", '"', "’"}
    if tokens[j][2] == ",":  # '”, he continued'
        return tokens[j - 1][2] in closing
    return tokens[j][2] in closing and tokens[j - 1][2] in {",", ".", "!", "?"}  # ',” Lee continued


def _reduced_relative(tokens: list[Token], first: int, i: int, lex: _Lexicon) -> list[Token]:
    """The source noun before a participle phrase that ends at token ``first`` ("The complaint | filed
    Friday in federal court in Phoenix", "Emails | obtained by WikiLeaks"), with the phrase up to ``i``."""
    heads = lex.doc | lex.role | lex.group | lex.body_noun | lex.statement
    k = first - 1
    while k >= 0 and first - k <= 15 and tokens[k][2] not in {",", ";", ":", "(", "“", '"', "—"} \
            and tokens[k][2].lower() not in {"that", "which", "and", "but", "when", "while", "if", "because"}:
        nxt = tokens[k + 1][2]
        if tokens[k][2].lower() in heads and (nxt.islower() and nxt.endswith(("ed", "en")) or (
                tokens[k][2].lower() in lex.doc | lex.statement and nxt in {"from", "by"})) \
                and (k == 0 or not _is_cap(tokens[k][2])):
            np = _np_backward(tokens, k, lex)
            return [*np, *tokens[k + 1:i]] if np else []
        k -= 1
    return []


def _verb_chain_start(tokens: list[Token], i: int) -> int:
    """Where the verb group of the reporting verb at ``i`` starts: at "went" in "went on to
    (directly) say", at "began" in "began saying"; else ``i``."""
    j = i - 1
    if j >= 0 and _adverb(tokens[j][2]):
        j -= 1
    if j >= 2 and tokens[j][2].lower() == "to" and tokens[j - 1][2].lower() == "on" \
            and tokens[j - 2][2].lower() in _GO_ON:
        return j - 2
    if i > 0 and tokens[i][2].lower().endswith("ing") and tokens[i - 1][2].lower() in _ASPECT_VERBS:
        return i - 1
    return i


def _predicate_start(tokens: list[Token], i: int, lex: _Lexicon) -> int | None:
    """For a belief adjective at ``i``, the form of "be" before it ("are (greatly) concerned"); for
    "clear", the form of "make" ("made (it) clear"); None when there is none, or it is negated or
    only required ("must make it clear")."""
    j = i - 1
    while j >= 0 and (_adverb(tokens[j][2]) or tokens[j][2].lower() in {"still", "also", "now", "very", "so",
                                                                       "perfectly", "crystal", "it"}):
        j -= 1
    if j < 0:
        return None
    verbs = _MAKE if tokens[i][2].lower() == "clear" else _BE_FORMS | {"remain", "remains", "remained"}
    if tokens[j][2].lower() not in verbs:
        return None
    k = j - 1
    while k >= 0 and tokens[k][2].lower() in {"has", "have", "had", "also", "already", "repeatedly"}:
        k -= 1
    if _negated(tokens, j, lex) or (k >= 0 and tokens[k][2].lower() in {
            "must", "should", "would", "could", "will", "may", "might", "can", "shall", "to"}):
        return None  # "has not made it clear that", "must make it clear that": nothing credited
    return j


def _what_subject(tokens: list[Token], i: int, lex: _Lexicon) -> list[Token]:
    """The subject between "what" and a naming verb at ``i`` ("what he called", "what the
    Pentagon has termed"), else nothing."""
    j = i - 1
    while j >= 0 and (tokens[j][2].lower() in lex.auxiliary or _adverb(tokens[j][2])):
        j -= 1
    k = j
    while k >= 0 and j - k < 5 and _is_word(tokens[k][2]) and tokens[k][2].lower() != "what":
        k -= 1
    if k < 0 or k == j or tokens[k][2].lower() != "what" or (
            i + 1 < len(tokens) and tokens[i + 1][2].lower() in {"for", "on", "up", "off"}):
        return []  # "what canon law calls for": a requirement, no naming
    subject = tokens[k + 1:j + 1]
    return [] if any(t[2].lower() in {"to", "that", "which", "who"} for t in subject) else subject


def _statement_issuer(phrase: list[Token], lex: _Lexicon) -> list[Token]:
    """The issuer of "a statement from X", "a statement released by X", "remarks by X" (else nothing)."""
    words = [t[2].lower() for t in phrase]
    for k in range(min(len(words), 5)):
        if words[k] in lex.statement:
            rest = words[k + 1:k + 4]
            for m, w in enumerate(rest):
                if w in {"from", "by"} and k + 2 + m < len(phrase):
                    return phrase[k + 2 + m:]
            return []
    return []


def _passive(tokens: list[Token], i: int, lex: _Lexicon) -> bool:
    """True when the verb at ``i`` is a participle after a form of "be" ("was told", "have been confirmed")."""
    low = tokens[i][2].lower()
    if not (low.endswith(("ed", "en", "told", "said", "wrote", "written", "shown")) or low in {
            "found", "held", "heard", "seen", "known", "thought", "made", "caught", "brought", "taught", "read",
            "described", "cited", "quoted"}) or low in {"said", "quoted"}:
        return False  # "Larijani was quoted as saying" names its speaker
    if i + 2 < len(tokens) and tokens[i + 1][2].lower() == "as" and tokens[i + 2][2].lower().endswith("ing") \
            and low != "reported":
        return False  # "he was cited as saying" names its speaker ("is reported as saying" is a hedge, and
        # in "its leaders were described as" the subject is what was described)
    j = i - 1
    while j >= 0 and (tokens[j][2].lower() in lex.auxiliary or _adverb(tokens[j][2])):
        if tokens[j][2].lower() in _BE_FORMS:
            return True
        j -= 1
    return False


#: Prepositions after a participle that place a posted thing ("posted on WhatsApp", "posted with permission").
_PLACED = frozenset({"on", "in", "with", "at", "to", "online"})
#: Reporting verbs that also take a thing as object; with a determiner next they credit nothing.
_OBJECT_VERBS = frozenset({"found", "find", "finds", "maintain", "maintains", "maintained"})
_OBJECT_OPENERS = (_DEFINITE | _DETERMINERS | {"my", "your"}) - {"that"}
_TOLD = frozenset({"told", "informed", "assured"})
_BE = frozenset({"am", "is", "are", "was", "were", "been"})
_PERSONAL = frozenset({"i", "we", "he", "she", "they"})


def _told_passive(tokens: list[Token], i: int, lex: _Lexicon) -> int | None:
    """Where "he was told", "We're told", "I have been informed" starts (a pronoun told by someone
    unnamed), for the verb at ``i``; None when the verb has an agent or an infinitive ("told by
    police", "told to leave") or another subject."""
    if i + 1 < len(tokens) and tokens[i + 1][2].lower() in {"to", "by", "not"}:
        return None
    j = i - 1
    while j >= 0 and _adverb(tokens[j][2]):
        j -= 1
    if j < 0:
        return None
    word = tokens[j][2].lower()
    if word == "being" and j > 0 and tokens[j - 1][2].lower() in _BE:
        j -= 1  # "we are being told"
        word = tokens[j][2].lower()
    if re.fullmatch(r"(?:i|we|he|she|they)['’](?:m|re|s)", word):
        return j
    if word not in _BE:
        return None
    perfect = word == "been" and j > 0 and tokens[j - 1][2].lower() in {"has", "have", "had"}
    j -= 1
    while j >= 0 and tokens[j][2].lower() in {"has", "have", "had", "also", "just", "already", "now"}:
        j -= 1
    if j >= 0 and tokens[j][2].lower() in _PERSONAL:
        return j
    nxt = tokens[i + 1][2].lower() if i + 1 < len(tokens) else "."
    if perfect and nxt in {".", ",", "that"} and j >= 0 and tokens[j][2].lower() not in _MODALS:
        # "the Guardian has been told": a named subject relaying what someone unnamed told it
        np = _np_backward(tokens, j, lex)
        typed = _type_phrase(np, lex) if np else None
        if typed is not None and typed[0] in NAMED_KINDS:
            return tokens.index(np[0])
    return None


def _negated(tokens: list[Token], i: int, lex: _Lexicon) -> bool:
    """True when the verb at ``i`` is negated ("have not said", "didn't say", "never confirmed")."""
    j = i - 1
    while j >= 0 and j >= i - 4:
        low = tokens[j][2].lower()
        if low in {"not", "never"} or low.endswith(("n't", "n’t")):
            return True
        if low not in lex.auxiliary and low not in _MODALS and not _adverb(tokens[j][2]):
            return False
        j -= 1
    return False


def _coordinated(tokens: list[Token], i: int, lex: _Lexicon) -> bool:
    """True when the verb at ``i`` follows "but"/"and" (a second verb of the sentence's subject)."""
    j = i - 1
    while j >= 0 and tokens[j][2].lower() in lex.auxiliary:
        j -= 1
    return j > 0 and tokens[j][2].lower() in {"but", "and"} and (tokens[j - 1][2] != "," or j == i - 1)


def _main_subject(tokens: list[Token], i: int, lex: _Lexicon) -> list[Token]:
    """The sentence's subject for a verb at ``i`` that has none of its own, past an opening
    adverbial ("Some days later, the Las Vegas police ... and stated")."""
    phrase = _strip_openers(_sentence_subject(tokens, lex), lex)
    # "In the process, however, he ... and said": the subject follows one of the opening commas
    # (not a place set off by commas: "Speaking in Ankara, Turkey, Pompeo offered ..., saying")
    for comma in [k for k, t in enumerate(tokens[:14]) if t[2] == ","][:3]:
        if (phrase and _type_phrase(phrase, lex) is not None and not _set_off_place(tokens, phrase, lex)) \
                or comma + 1 >= i:
            break
        phrase = _strip_openers(_sentence_subject(tokens[comma + 1:], lex), lex)
    if phrase and phrase[-1][1] > tokens[i][0]:
        return []
    return phrase


def _set_off_place(tokens: list[Token], phrase: list[Token], lex: _Lexicon) -> bool:
    """True when ``phrase`` is only a place name between commas ("in Ankara, Turkey, ..."): part
    of an opening adverbial, not the sentence's subject."""
    end = tokens.index(phrase[-1]) + 1
    return all(t[2] in lex.place for t in phrase) and end < len(tokens) and tokens[end][2] == ","


def _before_verb(phrase: list[Token], lex: _Lexicon) -> list[Token]:
    """A sentence subject that ran on into its verb, cut before the first lower-case word that
    can be no part of a source's name or role ("Officials | spoke to reporters", "Orbán | remains
    committed"); empty when nothing is left or the rest is no source."""
    keep = lex.role | lex.group | lex.quantifier | lex.kin | lex.body_noun | lex.outlet_noun | lex.title_noun
    for k, tok in enumerate(phrase):
        low = tok[2].lower()
        if k and not _is_cap(tok[2]) and low not in _DETERMINERS and low not in keep and low not in lex.particle:
            cut = phrase[:k]
            verb_like = (low in lex.auxiliary or low in _IRREGULAR_PAST or low.endswith(("ed", "n't", "n’t"))
                         or (low.endswith("s") and not low.endswith("ss")))
            if not verb_like or cut[-1][2].lower().endswith(("'s", "’s")):
                return []  # "Twelve | air-raid shelters", "Farrakhan’s | history": no subject and verb
            return cut if _type_phrase(cut, lex) is not None else []
    return []


#: Participles after a statement that make it a specific document ("a statement released after a
#: cabinet meeting said").
_FILED = frozenset({"filed", "released", "issued", "published", "submitted", "signed"})
#: Past tenses that end in neither "-ed" nor "-s" ("Officials spoke", "Trump took"), for :func:`_before_verb`.
_IRREGULAR_PAST = frozenset("""
    took fell spoke left made gave went came got kept held met sent stood sat saw told wrote ran began brought
    thought found felt knew led lost paid put set won struck became drew chose broke
""".split())


#: Verbs that credit their subject when a statement noun follows ("issued a statement", "put out a statement").
_ISSUING = frozenset({"issued", "issues", "issue", "released", "releases", "published", "publishes", "put", "puts",
                      "gave", "delivered", "sent"})
#: Verbs that credit their subject only when it is a document or statement ("The statement reads:",
#: "The report calls the Holocaust ...", "The Daily Mail report continued:").
_DOCUMENT_VERBS = frozenset({"read", "reads", "calls", "defines", "lists", "continued", "continues"})
#: Verbs of naming that credit their subject after "what" ("what he called the world's largest
#: supporter of terrorism", "what officials termed a breach").
_NAMING_VERBS = frozenset({"called", "calls", "call", "termed", "terms", "dubbed", "dubs", "labeled", "labelled"})
#: Adjectives that, between a form of "be" and "that", credit a belief to the subject ("Scientists
#: are greatly concerned that ...", "Supporters are adamant that ...").
_BELIEF_ADJECTIVES = frozenset({"concerned", "worried", "convinced", "confident", "certain", "adamant", "afraid",
                                "fearful", "hopeful"})
#: Verbs of belief: after "what", a vague group's belief is the content of its view, not a claim
#: the writer credits to it (gold train: "what Catholics believed" 0 twice; an official role's
#: "in what investigators believe was a failed attempt" is 1 and keeps its attribution).
_BELIEF_VERBS = frozenset({"believe", "believes", "believed", "think", "thinks", "thought", "feel", "feels", "felt"})
_MAKE = frozenset({"made", "make", "makes", "making"})
#: What may follow a form of "respond" that states something ("I responded that", "responded: ..."):
#: else the verb tells an act ("responded favourably", "responded with measures", "responded to").
_RESPONSE_OPENERS = frozenset({"that", ",", ":", '"', "“", "‘", "'"})
#: Verbs of thought that, after a modal of possibility, suppose rather than state ("Readers may
#: think", "Remnant readers may recall", "perhaps someone can explain").
_COGNITION_VERBS = frozenset({"think", "recall", "remember", "wonder", "notice", "imagine", "know", "explain"})
_POSSIBILITY_MODALS = frozenset({"may", "might", "can", "could"})
#: Words that open an attribution besides the lexicon's triggers (see the branches that read them).
OPENING_EXTRA = _DOCUMENT_VERBS | _NAMING_VERBS | _BELIEF_ADJECTIVES | {"clear"}
#: Words whose "'s" is a contraction, not a possessive ("he's said", "that's what ... claimed").
_CONTRACTED = frozenset({"he", "she", "it", "that", "who", "there", "what", "where", "here", "let"})
#: "went on to say", "goes on to explain": the verb's subject is that of "went".
_GO_ON = frozenset({"went", "goes", "go", "going", "gone"})
#: "began saying", "kept insisting": the participle's subject is that of the first verb.
_ASPECT_VERBS = frozenset({"began", "begin", "begins", "started", "start", "starts", "kept", "keep", "keeps",
                           "continued", "continue", "continues"})
#: Participles that, after a comma, report a statement of the sentence's subject ("..., saying it was false").
_PARTICIPLES = frozenset({"saying", "adding", "noting", "arguing", "claiming", "insisting", "stating", "explaining",
                          "warning", "writing", "alleging", "asserting", "declaring", "telling", "contending",
                          "maintaining", "acknowledging", "admitting", "insisting"})


def _strip_openers(np: list[Token], lex: _Lexicon) -> list[Token]:
    """A sentence subject without a leading conjunction or adverb ("But Jewish groups")."""
    while np and np[0][2].lower() in lex.not_name and np[0][2].lower() not in _DETERMINERS \
            and np[0][2].lower() not in lex.pronoun:
        np = np[1:]
    return np


def _sentence_subject(tokens: list[Token], lex: _Lexicon) -> list[Token]:
    """The noun phrase opening the sentence, up to its first verb-like word."""
    out: list[Token] = []
    start = 0
    for k, tok in enumerate(tokens[:12]):  # a dateline: "WASHINGTON —", "LONDON (Reuters) -"
        if tok[2] in {"—", "–", "-"} and k > 0:
            if all(t[2].isupper() or not t[2][0].isalpha() or t[2] in {"Reuters", "AP", "AFP"}
                   for t in tokens[:k]):
                start = k + 1
            break
    for tok in tokens[start:start + _MAX_NP]:
        word = tok[2]
        low = word.lower()
        if not _is_word(word) or (not _is_cap(word) and (
                low in lex.auxiliary or (low in lex.reporting and not (
                    low in _NOUN_LIKE and out and out[-1][2].lower() in _DETERMINERS)) or low.endswith("ed") or low in _CLAUSE_BREAK)):
            break
        out.append(tok)
    return out


def _name_run(words: list[str], lex: _Lexicon) -> tuple[int, int] | None:
    """Indices ``[a, b)`` of the trailing capitalised name in ``words`` (titles left out)."""
    b = len(words)
    a = b
    while a > 0 and (_is_cap(words[a - 1]) or (words[a - 1].lower() in lex.particle and a < b)):
        a -= 1
    # "Greeley Mayor Anne Whitford": the name starts after the last title
    titles = [k for k in range(a, b - 1) if words[k] in lex.title_word]
    if titles:
        a = titles[-1] + 1
    while a < b and (words[a] in lex.title_word or words[a].lower() in lex.not_name):
        a += 1
    return (a, b) if a < b else None


def _issuer(np: list[Token], lowered: list[str], core_end: int,
            lex: _Lexicon) -> tuple[int | None, tuple[str, str, int, int, bool] | None]:
    """Where "by"/"from" follows a phrase's core within three words ("A statement from the
    Justice Department", "an email from a US government official"), and the typed phrase after
    it: the issuer (None, None when there is none)."""
    by = next((k for k in range(core_end, min(len(lowered), core_end + 4)) if lowered[k] in {"by", "from"}), None)
    issuer = _type_phrase(np[by + 1:], lex) if by is not None and by + 1 < len(lowered) else None
    return by, issuer


def _type_phrase(np: list[Token], lex: _Lexicon) -> tuple[str, str, int, int, bool] | None:
    """Kind, cue, source token range ``[a, b)`` and pronoun flag of a source noun phrase."""
    words = [t[2] for t in np]
    lowered = [w.lower() for w in words]
    if not words:
        return None
    if len(words) == 1 and lowered[0] in lex.speaker:
        return "named_person", "named_person", 0, 1, True
    if len(words) == 1 and re.match(r"[a-z]+['’][a-z]+$", lowered[0]):  # "We're told", "he's said"
        base = re.split("['’]", lowered[0])[0]
        if base in lex.speaker:
            return "named_person", "named_person", 0, 1, True
        if base in lex.pronoun:
            return None
    if words == ["it"] or words == ["It"]:
        # "it said": a body, outlet or document named before; the document summary joins it to
        # the nearest one (the sentence signal does not read it: see
        # attribution.find_sources)
        return "named_body", "named_outlet", 0, 1, True
    if lowered[0] in lex.pronoun and len(words) == 1 and not (words[0].isupper() and len(words[0]) > 1):
        return None  # "they wrote" ("WHO said" is a body)
    if len(words) == 1 and lowered[0].endswith("ing") and words[0] not in lex.title_word:
        return None  # "Having said that" (not "King said")
    if lowered[0] in {"no", "none", "neither"}:
        return None  # "no Canadian envoy reported": nobody credited
    filed = next((k + 1 + m for k in range(1, min(len(words), 4)) if lowered[k] in lex.statement
                  for m, w in enumerate(lowered[k + 1:k + 4]) if w in _FILED), None)
    if filed is not None and lowered[0] in {"a", "an"}:
        return "document", "named_outlet", 0, filed, False  # "a statement of facts | filed with his plea"
    # the core noun phrase ends before a post-modifier ("sources | close to the talks")
    core_end = len(words)
    issued_by = False
    for i in range(1, len(words)):
        if lowered[i] in _NAME_JOINERS and _is_cap(words[i - 1]) and i + 1 < len(words) and _is_cap(words[i + 1]) \
                and not ((lowered[i - 1] in lex.role or lowered[i - 1] in lex.group) and lowered[i - 1].endswith("s")):
            continue  # "Department of Public Health" (not "Employees of Google")
        if (lowered[i] in lex.postmodifier or lowered[i] in {"by", "conducted", "working", "who"}) \
                and words[i] != "WHO":  # the World Health Organization
            core_end = i
            break
        # a participle after a source noun ends it: "court filings | made public", "two sources | briefed"
        if (lowered[i - 1] in lex.doc or lowered[i - 1] in lex.role or lowered[i - 1] in lex.group) \
                and not _is_cap(words[i]) and words[i].isalpha() and lowered[i] not in lex.doc \
                and lowered[i] not in lex.role and lowered[i] not in lex.group \
                and (lowered[i].endswith(("ed", "en", "ing", "wn")) or lowered[i] in _PARTICIPLE_WORDS):
            # ("law | enforcement sources" is one phrase: "enforcement" is no participle)
            core_end = i
            issued_by = "by" in lowered[i:i + 4] and lowered[i - 1] in lex.doc
            if lowered[i] not in {"briefed", "close", "familiar", "involved", "knowledgeable"}:
                words, lowered, np = words[:i], lowered[:i], np[:i]  # "made public" is not the source
            break
    core, core_low = words[:core_end], lowered[:core_end]
    head, head_low = core[-1], core_low[-1]
    if head_low in {"'s", "’s"} or not head[0].isalnum():
        return None
    # "His recent statements", "Yermak's remarks": the speaker is the possessor
    if head_low in lex.statement and not _is_cap(head):
        if core_low[0] in lex.possessive:
            return "named_person", "named_person", 0, 1, True
        if (owner := _body_possessor(core, lex)) is not None:
            return owner, "named_outlet", 0, len(words), False  # "The FBI's statement said": the FBI
        if core_low[0] in {"the", "this", "that"} and len(core) <= 4:
            return "document", "named_outlet", 0, len(words), False  # "the statement said" (signals_gold README)
        for k, w in enumerate(core):
            if w.endswith(("'s", "’s")) and _is_cap(w):
                run = _name_run([*core[:k], w[:-2]], lex)
                if run:
                    return "named_person", "named_person", run[0], k + 1, False
        by, issuer = _issuer(np, lowered, core_end, lex)
        if issuer is not None and issuer[0] in {"unnamed_role", "vague_group"}:
            return issuer[0], issuer[1], 0, len(words), False  # "A joint statement from five groups says"
        if issuer is not None and head_low not in lex.doc:  # "A statement from the Justice Department said"
            return issuer[0], issuer[1], by + 1 + issuer[2], by + 1 + issuer[3], issuer[4]
        if head_low not in lex.doc:
            return None
    n = len(words)
    if core_end < n and lowered[core_end] == "of" and core_low[-1] in _PARTITIVE and core_end + 1 < n:
        # "One of the protesters", "a number of people", "some of his aides": part of a group
        rest = _type_phrase(np[core_end + 1:], lex)
        if rest is not None and rest[0] in {"unnamed_role", "vague_group"}:
            return rest[0], rest[1], 0, n, False
        if rest is not None and rest[0] in {"named_body", "named_outlet"}:
            return "unnamed_role", "unnamed_source", 0, n, False  # "one of the company's engineers"
        return None
    if core_low == ["one"] and core_end < n and lowered[core_end] in {"in", "at", "from"}:
        return "unnamed_role", "unnamed_source", 0, n, False  # "One in a remote office said": one person, no name
    if len(core) == 2 and core_low[0] == "those" and head_low in lex.survey:
        return "vague_group", "vague_group", 0, n, False  # "Those surveyed said"
    possessed = any(w.endswith(("'s", "’s")) for w in core_low[:-1])
    quantified = core_low[0] in lex.quantifier or " ".join(core_low[:2]) in lex.quantifier or (
        " ".join(core_low[:3]) in lex.quantifier)
    definite = core_low[0] in _DEFINITE or possessed
    capitalised = [w for w, lw in zip(core[:-1], core_low[:-1])
                   if _is_cap(w) and lw not in lex.not_name and lw not in _VAGUE_DOC_ADJECTIVES
                   and lw not in _INDEFINITE]  # "One report said" opens a sentence: no name
    if head_low in lex.doc and not _is_cap(head) or (head_low in lex.doc and core_low[0] in _DETERMINERS) or (
            head_low in lex.doc and len(core) == 1 and not head.isupper()):  # "Reports say", "Emails obtained by"
        _, issuer = _issuer(np, lowered, core_end, lex)
        if issuer is not None and issuer[0] in {"unnamed_role", "vague_group"}:
            return issuer[0], issuer[1], 0, n, False  # "an email from a US government official": no name
        if head_low in _VAGUE_PLURAL_DOCS and issuer is None and not possessed and not any(
                w in lex.outlet or w in lex.body or w.isupper() for w in capitalised) \
                and not any(w in lex.doc_modifier for w in core_low[:-1]):
            return "vague_group", "doc_source", 0, n, False  # "the reports said", "Turkish media reports"
        specific = (definite or capitalised or any(w in lex.doc_modifier for w in core_low[:-1])
                    or head_low in _ARCHIVAL_DOCS
                    or core_end < n and lowered[core_end] in {"by", "from", "conducted", "of"}
                    or core_end + 1 < n and lowered[core_end] == "in" and _is_cap(words[core_end + 1])
                    or issued_by
                    or any(ch.isdigit() for w in core for ch in w))
        if core_low[0] in _INDEFINITE and "leaked" in core_low:
            return "vague_group", "doc_source", 0, n, False  # "One leaked official memo says": whose, nobody says
        if specific and not quantified:
            if possessed and (owner := _body_possessor(core, lex)) is not None:
                return owner, "named_outlet", 0, n, False  # "The embassy's health alert says": the embassy
            return "document", "named_outlet", 0, n, False
        return "vague_group", "doc_source", 0, n, False
    if head == "press" and core_low[0] in _DEFINITE:
        return "vague_group", "vague_group", 0, n, False  # "the mainstream press" (not "The Associated Press")
    if head_low in lex.group and not (_is_cap(head) and capitalised and n > 1 and core_low[0] not in _DETERMINERS):
        if head_low in {"some", "many", "others", "several", "most", "few"} and len(core) > 1:
            return None  # "the others", "some of" - not a speaker
        if head_low == "people" and core_end < n and lowered[core_end] in {"close", "familiar", "briefed"}:
            return "unnamed_role", "unnamed_source", 0, n, False
        return "vague_group", "vague_group", 0, n, False
    if (head_low in lex.role or head_low in lex.title_noun) and any(
            w in {"unidentified", "unnamed", "anonymous"} for w in core_low):
        return "unnamed_role", "unnamed_source", 0, n, False  # "The unidentified woman says"
    if head_low in lex.title_noun and len(core) >= 2 and core_low[0] in {"the"} and not (
            possessed and head_low in lex.role) and (
            not capitalised or all(w in lex.title_word for w in capitalised) or (core_end == n and not possessed)):
        # a unique title: "the judge", "the police chief", "the Justice Department inspector general"
        return "named_person", "named_person", 0, n, False
    if head_low in lex.title_noun and 2 <= len(core) <= 4 and core_low[0].endswith(("'s", "’s")) \
            and core[0][:-2] in lex.place and core_end == n:
        # a country's or capital's unique title: "Hungary's Prime Minister", "Iran's foreign minister"
        return "named_person", "named_person", 0, n, False
    if head_low in lex.title_noun and 2 <= len(core) <= 3 and core_end == n and core[0] not in lex.title_word \
            and core[0].endswith(_DEMONYM_ENDINGS) and _is_cap(core[0]) and not core[0].isupper() \
            and all(w in lex.title_word for w in core[1:]):
        return "named_person", "named_person", 0, n, False  # "Hungarian Prime Minister": a country's one
    if len(core) == 1 and n == 1 and head in lex.title_word and head_low not in lex.title_noun \
            and head[-1] != "." and head + "." not in lex.title_word and len(head) > 3 and not head.isupper():
        return "named_person", "named_person", 0, 1, False  # "King said": a surname that is also a title
    if head_low in lex.anaphoric and core_low[0] in {"the", "this", "that"} and core_end == n and not possessed:
        return "named_person", "named_person", 0, n, False  # "the professor said": one person named before
    if head_low in lex.kin and len(core) == 2 and core_low[0] in {"my", "our"}:
        # "My daughter told me": a first-person speaker's relative, one person the speaker names
        # ("her mother told" stays a role: the possessive and a role, as "the victim's family")
        return "named_person", "named_person", 0, n, True
    if _is_cap(head) and core_low[0] in _INDEFINITE and len(core) >= 2 and core[1] != "." \
            and head_low not in lex.pronoun \
            and not any(w in lex.outlet or w in lex.body or w in lex.title_word for w in core):
        return "unnamed_role", "unnamed_source", 0, n, False  # "One Malaysian Muslim said": nobody named
    if head_low in lex.role or head_low in lex.group:
        return "unnamed_role", "unnamed_source", 0, n, False
    if head_low == "police" and len(core) == 1:
        return "vague_group", "vague_group", 0, n, False  # bare "police said": no force named (gold train: anonymous 7 of 8)
    if head_low in lex.body_noun and core_low[0] in {"a", "an"}:
        return "vague_group", "vague_group", 0, n, False  # "A British newspaper alleges": no issuer named
    if head_low in lex.body_noun and (core_low[0] in _DEFINITE or definite or capitalised):
        kind = "named_outlet" if head_low in lex.outlet_noun else "named_body"
        return kind, "named_outlet", 0, n, False  # "the company", "the paper": a body named before
    nouns = [k for k, w in enumerate(core[:-1]) if w in lex.outlet_noun and w.islower()]
    if nouns and _is_cap(head) and all(_is_cap(w) or w.lower() in _NAME_JOINERS for w in core[nouns[-1] + 1:]):
        return "named_outlet", "named_outlet", nouns[-1] + 1, core_end, False  # "the website Watts Up With That"
    nouns = [k for k, w in enumerate(core[:-1]) if w in lex.body_noun and w.islower()]
    if nouns and _is_cap(head) and all(_is_cap(w) and w not in lex.title_word for w in core[nouns[-1] + 1:]):
        return "named_body", "named_outlet", nouns[-1] + 1, core_end, False  # "advocacy group J Street"
    if _is_cap(head) and (head_low not in lex.not_name and head_low not in lex.pronoun or head.isupper()):
        # the trailing name decides: "White House press secretary Dana Whitfield" is a person
        names = [w for w in core[_name_start(core, lex):] if _is_cap(w) and w.lower() not in lex.not_name]
        # the outlet or body keeps its article ("The Wall Street Journal", "the Post")
        if any(w in lex.outlet or any(part in lex.outlet for part in w.split("-")[1:]) for w in names) \
                and not _titled_person(core, lex):  # "San Diego Union-Tribune"; not "Press Secretary Sarah Sanders"
            return "named_outlet", "named_outlet", _name_start(core, lex), core_end, False
        of = [k for k, w in enumerate(core) if w == "of"]  # "<person> of <place or body>"
        person = _name_run(core[:of[0]], lex) if of and of[0] > 1 and _is_cap(core[of[0] - 1]) else None
        if person is not None and person[1] - person[0] >= 2 and not any(
                w in lex.body or w in lex.outlet or w.lower() in lex.not_name or w in lex.place
                for w in core[person[0]:person[1]]):
            # "Agustín Sánchez-Lavega of the University of the Basque Country", "John Smith of Oxford
            # University": a person's full name before "of" speaks, not the body after it
            return "named_person", "named_person", person[0], person[1], False
        if _titled_person(core, lex):
            pass
        elif any(w in lex.body for w in names) or (head.isupper() and len(head) > 1 and head not in lex.title_word) \
                or head in lex.place or (len(names) == 1 and names[0] in lex.place):
            return "named_body", "named_outlet", _name_start(core, lex), core_end, False
        if of and of[0] > 0 and _is_cap(core[of[0] - 1]):
            run = _name_run(core[:of[0]], lex)  # "Bishop Thomas Olmsted of Phoenix": the person, not the place
            if run is not None:
                return "named_person", "named_person", run[0], run[1], False
        run = _name_run(core, lex)
        if run is None:
            return None
        start, end = run
        # a plural capitalised word ("Democrats", "Republicans") is a body
        return "named_person", "named_person", start, end, False
    return None


def _body_possessor(core: list[str], lex: _Lexicon) -> str | None:
    """The kind of the body or outlet that owns a statement or document ("The embassy's health alert",
    "the FBI's statement", "the newspaper's report"): a body speaks through what it issues, as the
    hand-listed sources type it; a person's letter or rescript stays a document. None for no such owner."""
    for w in core[:-1]:
        if not w.endswith(("'s", "’s")):
            continue
        base = w[:-2]
        if base in lex.outlet or base.lower() in lex.outlet_noun:
            return "named_outlet"
        if base in lex.body or base.lower() in lex.body_noun or (
                base.isupper() and len(base) > 1 and base not in lex.title_word):
            return "named_body"
    return None


def _titled_person(core: list[str], lex: _Lexicon) -> bool:
    """A name after a personal title ("White House Press Secretary Sarah Sanders")."""
    titles = [k for k, w in enumerate(core) if w in lex.title_word and w not in {"General", "Justice"}]
    if not titles or titles[-1] == len(core) - 1:
        return False
    rest = core[titles[-1] + 1:]
    return all(_is_cap(w) and w not in lex.outlet and w not in lex.body for w in rest) and len(rest) <= 4


def _head(np: list[Token], lex: _Lexicon) -> str:
    """The head noun of a source phrase: its last word before a post-modifier."""
    words = [t[2].lower() for t in np if _is_word(t[2])]
    for i in range(1, len(words)):
        if words[i] in lex.postmodifier or words[i] in {"by", "conducted", "working", "who", "briefed"}:
            return words[i - 1]
    return words[-1] if words else ""


def _name_start(core: list[str], lex: _Lexicon) -> int:
    """Where a body's or outlet's name starts: its capitalised run, with a preceding "the"."""
    b = len(core)
    a = b
    while a > 0 and (_is_cap(core[a - 1]) or core[a - 1].lower() in _NAME_JOINERS - {"the"}):
        a -= 1
    while a < b and core[a].lower() in _NAME_JOINERS:
        a += 1
    if a > 0 and core[a - 1].lower() == "the":
        a -= 1
    elif a < b and core[a] == "The":
        pass
    return a


def _tokens(text: str) -> list[Token]:
    return [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]


@lru_cache(maxsize=1)
def _lexicon_patterns() -> tuple[tuple[Pattern, ...], dict[str, float]]:
    """``attribution_patterns.tsv`` as the extractors compile it (scanned through the shared
    pattern index: only the sentences that hold a pattern's first word are tried)."""
    patterns = tuple(load_patterns("attribution_patterns.tsv"))
    return patterns, pattern_priors(patterns)


#: Lexicon matches of sentences a batch scan already found (text -> the scan's cues), read by
#: :func:`_lexicon_attributions` instead of scanning one sentence again. A value depends only on
#: its text, so threads that prime or clear it concurrently cannot make a result wrong.
_PRIMED: dict[str, Sequence[Cue]] = {}


def same_lexicon(patterns: Sequence[Pattern]) -> bool:
    """Whether ``patterns`` match what the parser's ``attribution_patterns.tsv`` matches.

    A fitted extractor keeps the patterns it was trained with; the parser reads
    the installed file. Only when they agree can one scan serve both.
    """
    ours, _ = _lexicon_patterns()
    key = lambda p: (p.regex.pattern, p.regex.flags, p.cue, p.lowered)  # noqa: E731
    return len(ours) == len(patterns) and all(key(a) == key(b) for a, b in zip(ours, patterns))


@contextmanager
def primed_lexicon(texts: Sequence[str], matches: Sequence[Sequence[Cue]]) -> Iterator[None]:
    """Let :func:`find_attributions` reuse a batch scan of ``attribution_patterns.tsv``.

    Parameters
    ----------
    texts
        The batch's sentences.
    matches
        Per sentence, the cues :func:`~.base.scan_patterns` found with patterns for
        which :func:`same_lexicon` holds (copied: the caller may extend its lists).

    Notes
    -----
    The scan of one sentence was a third of the parser's time at a cache miss.
    Entries are dropped on exit, so nothing outlives the batch.
    """
    primed = {text: tuple(cues) for text, cues in zip(texts, matches)}
    _PRIMED.update(primed)
    try:
        yield
    finally:
        for text in primed:
            _PRIMED.pop(text, None)


@contextmanager
def lexicon_scanned(texts: Sequence[str]) -> Iterator[None]:
    """:func:`primed_lexicon` with one batch scan of ``attribution_patterns.tsv`` over ``texts``
    (for a caller that reads many sentences with the parser alone, as the document sources do)."""
    texts = list(texts)
    patterns, priors = _lexicon_patterns()
    with primed_lexicon(texts, scan_patterns(patterns, texts, priors)):
        yield


def _lexicon_attributions(text: str) -> list[Attribution]:
    cues = _PRIMED.get(text)
    if cues is None:
        patterns, priors = _lexicon_patterns()
        cues = scan_patterns(patterns, [text], priors)[0]
    return [Attribution(c.start, c.end, c.start, c.end, _PATTERN_KINDS[c.cue], c.cue, lexicon=True)
            for c in cues]


def _names_a_source(a: Attribution, text: str) -> bool:
    """A pattern that names who speaks ("people familiar with the matter"), not only
    how ("spoke on condition of anonymity", "declined to be named")."""
    return not re.match(r"(?i)(?:spoke|speaking|talked|talking|declined|asked|refused|not)\b", text[a.start:a.end])


@lru_cache(maxsize=1)
def _opening_words() -> re.Pattern:
    """Finds, in lower-cased text, a whole word (a maximal ``\\w+`` run) that is a trigger or a
    statement noun: twice as fast as collecting the sentence's words into a set.

    A trie of the words between ``\\b``s (the regex backtracks through it, so it finds any
    of them); a term with other characters than ``\\w`` can never be such a word.
    """
    lex = attribution_lexicon()
    terms = sorted(t for t in lex.triggers | lex.statement | OPENING_EXTRA if _WORDS.fullmatch(t))
    if not terms:
        return re.compile(r"(?!)")  # matches nothing (an empty trie would match everywhere)
    return re.compile(r"\b" + trie_regex(terms) + r"\b")


@lru_cache(maxsize=1)
def _cue_words() -> frozenset:
    """The lower-cased tokens :func:`find_attributions` looks at: the first word of each of its
    branches ("according", "citing", "quoting", issuing, reporting and stance verbs)."""
    lex = attribution_lexicon()
    return (frozenset({"according", "citing", "quoting"}) | _ISSUING | lex.reporting | lex.inversion | lex.stance
            | OPENING_EXTRA)


@lru_cache(maxsize=8192)
def find_attributions(text: str) -> tuple[Attribution, ...]:
    """Every source one sentence credits, in text order (see the module docstring).

    Cached: the signals and the document summary ask for the same sentence.
    """
    lex = attribution_lexicon()
    lexical = _lexicon_attributions(text)
    if not lexical and "(@" not in text and ":" not in text and not _opening_words().search(text.lower()):
        return ()
    tokens = _tokens(text)
    quoted = _quoted_regions(text)
    found: list[Attribution] = []
    n = len(tokens)
    cue_words = _cue_words()
    # only a cue word can start an attribution below (any other token meets no branch)
    for i in [k for k, low in enumerate(map(str.lower, [t[2] for t in tokens])) if low in cue_words]:
        low = tokens[i][2].lower()
        cue_start, cue_end = tokens[i][0], tokens[i][1]
        phrase: list[Token] = []
        after = False
        stance = False
        headline_verb = False
        if low == "according" and i + 1 < n and tokens[i + 1][2].lower() == "to":
            phrase, after = _np_after(tokens, i + 2, lex), True
        elif low in {"citing", "quoting"}:
            phrase, after = _np_after(tokens, i + 1, lex), True
        elif low in _ISSUING and i > 0 and any(t[2].lower() in lex.statement for t in tokens[i + 1:i + 5]) \
                and not _passive(tokens, i, lex):
            phrase = _np_before(tokens, i, lex)  # "MGM Resorts issued a statement", "the FBI released a statement"
            if not phrase and _coordinated(tokens, i, lex):
                phrase = _main_subject(tokens, i, lex)
        elif low in lex.inversion and i > 0 and tokens[i - 1][2] in {",", '"', "”", "’", "'"} \
                and _inverted(tokens, i, lex):
            phrase, after = _np_after(tokens, i + 1, lex), True  # "..., said the people, who ...", "”, continued X"
        elif low in lex.reporting or low in lex.stance:
            nxt = tokens[i + 1][2].lower() if i + 1 < n else ""
            stance = low not in lex.reporting
            be_before = any(t[2].lower() in _BE_FORMS for t in tokens[max(0, i - 3):i])  # "was hailed", "have been denounced"
            if stance and be_before and (by := _agent_by(tokens, i)) is not None:
                # "have been denounced by the Anti-Defamation League": the agent takes the position
                if (agent := _agent(tokens, by, cue_start, lex, quoted, stance=True)) is not None:
                    found.append(agent)
                continue
            if stance and (
                    be_before
                    or not _LEGAL_OBJECTS.isdisjoint(t[2].lower() for t in tokens[i + 1:i + 4])):
                continue  # "the guard was hailed as ...", "prosecutors dismissed the charge": no position taken
            if low.startswith("respond") and nxt not in _RESPONSE_OPENERS:
                continue  # "Voters have responded favourably", "responded with measures": an act, no statement
            if low.startswith(("shout", "yell")) and nxt == "down":
                continue  # "Protesters shouted down the speaker": an act, no statement
            if low in _COGNITION_VERBS and i > 0 and tokens[i - 1][2].lower() in _POSSIBILITY_MODALS:
                continue  # "Readers may think", "perhaps someone can explain": a supposition, no claim credited
            if nxt in {"to", "on", "with", "about", "up"} and low.startswith(_NOT_STATEMENTS):
                if not (low in {"pointed", "points"} and nxt == "to"):
                    continue  # "agreed to pay", "was expected to", "sources briefed on": no statement here
                stance = True  # "She pointed to the discrepancy": a position, no statement
            if tokens[i][2][0].isupper() and i > 0:
                if not _title_case(tokens):
                    continue  # "Breaking News Says" mid-sentence: a name's word, not a reporting verb
                if low in _NOUN_LIKE and nxt not in lex.pronoun | {"that"} \
                        or low.endswith("ed") and nxt in {"of", "by", "in", "to", "as"}:
                    continue  # "FBI IG Report: ...", "Show Trial", "Pope Accused of ...": a noun, a passive
                headline_verb = True  # "Congressman Says ...", "Nigel Farage Warns ...": a headline's verb
            if nxt == "by" and i + 2 < n and not stance and (low.endswith(("ed", "en", "told", "wrote")) or (
                    low == "said" and be_before)):
                # ("was said by", not "said by and large" or "said by 40 percent to 31")
                agent = _agent(tokens, i + 1, cue_start, lex, quoted)  # "as reported by The Washington Times"
                if agent is not None:
                    found.append(agent)
                continue
            if low == "reports" and nxt in {"that", "of"} and (hearsay := _reports_hearsay(tokens, i)) is not None:
                # "amid reports that ...", "after the reports of ...": hearsay nobody is named for
                found.append(Attribution(tokens[hearsay][0], tokens[i + 1][1], tokens[hearsay][0], cue_end,
                                         "vague_group", "doc_source", head=low))
                continue
            if low in _NOUN_LIKE and i > 0 and tokens[i - 1][2].lower() in _DETERMINERS | {"his", "her", "its",
                                                                                        "their"}:
                continue  # "a report", "his claims": a noun here
            if low in _NOUN_LIKE and nxt in {":", ".", ",", ";", ")"} and any(
                    k > 0 and tokens[k][2].lower() in _DETERMINERS and tokens[k - 1][2].lower() in _PREPOSITIONS
                    and all(t[2].isalpha() and t[2].islower() for t in tokens[k + 1:i])
                    for k in range(max(1, i - 3), i - 1)):
                continue  # "on a free speech claim:": a preposition's object, a noun that ends its phrase
            if low in _NOUN_LIKE and i > 1 and tokens[i - 2][2].lower() in _PREPOSITIONS \
                    and tokens[i - 1][2].isalpha() and tokens[i - 1][2].islower():
                continue  # "an associate at gun shows": a compound noun, a preposition's object
            if low.endswith("ing") and i > 0 and tokens[i - 1][2].lower() in {"its", "his", "her", "their", "our",
                                                                             "the", "whose", "my", "your"}:
                continue  # "the sources for its reporting", "his saying so": a noun
            if i > 0 and tokens[i - 1][2].lower().endswith(("'s", "’s")) \
                    and tokens[i - 1][2].lower()[:-2] not in _CONTRACTED:
                continue  # "Trump’s mention of 17 lawyers", "the company's reply": a noun ("he's said" is no possessive)
            if low in {"post", "posts", "tweet", "tweets"} and i > 1 and _is_cap(tokens[i - 1][2]) \
                    and tokens[i - 2][2].lower() in _DEFINITE | _DETERMINERS | {"subsequent", "recent", "later"}:
                continue  # "In a Facebook post", "his Twitter post": nouns
            after_word = next((t[2].lower() for t in tokens[i + 1:i + 3] if _is_word(t[2])), "")
            if low in _NOUN_LIKE and i > 0 and (tokens[i - 1][2].lower().endswith(("'s", "’s")) or (
                    _is_cap(tokens[i - 1][2]) and (after_word in lex.auxiliary or after_word in lex.reporting
                                                   or after_word.endswith("ed")))):
                continue  # "The OIG report was", "Horowitz's report also criticized": a noun, its verb follows
            if low.endswith("ed") and nxt in _PLACED and i > 0 and tokens[i - 1][2].lower() in lex.doc:
                continue  # "Article posted with permission from", "Photos posted on WhatsApp": what was posted
            if low in _OBJECT_VERBS and nxt in _OBJECT_OPENERS:
                continue  # "investigators found his passport", "groups maintain their credibility": a thing, no claim
            if low in _TOLD:
                told = _told_passive(tokens, i, lex)
                if told is not None:  # "he was told", "We're told": someone unnamed told them
                    found.append(Attribution(tokens[told][0], cue_end, tokens[told][0], cue_end, "unnamed_role",
                                             "unnamed_source", head=low))
                    continue
            passive = _passive(tokens, i, lex)
            if (passive or low == "said" and be_before) and (by := _agent_by(tokens, i)) is not None \
                    and (agent := _agent(tokens, by, cue_start, lex, quoted)) is not None:
                # "is now declared “magisterial” by the Holy See", "is now being said quite openly by a
                # vast array of voices": the agent speaks
                found.append(agent)
                continue
            if passive:
                continue  # "Two cases have been confirmed", "he was told": the subject is not the speaker
            if _negated(tokens, i, lex):
                continue  # "Authorities have not said how long": no claim is credited
            if low in _NOUN_LIKE and i > 1 and tokens[i - 2][2].lower() in _DETERMINERS and tokens[i - 1][2].islower() \
                    and (after_word in lex.auxiliary or after_word.endswith("ed")):
                continue  # "the official report failed": a noun, its verb follows
            phrase = _np_before(tokens, _verb_chain_start(tokens, i), lex)
            dated = False
            if len(phrase) > 1 and phrase[-1][2].lower() in lex.speaker:
                phrase, dated = phrase[-1:], True  # "two days later he told", "in which he claimed"
            relative = next((k for k, t in enumerate(phrase) if t[2] in _WHO), len(phrase))
            cuts = [k for k in range(1, relative) if phrase[k][2].lower() in _DETERMINERS
                    and phrase[k - 1][2].lower() not in _PREPOSITIONS | _NAME_JOINERS | {"close", "familiar"}
                    and not (k + 1 < len(phrase) and phrase[k + 1][2] == ".")]  # "Jay A. Sekulow"
            if cuts:
                phrase, dated = phrase[cuts[-1]:], True  # "In a statement the company said": two phrases
            while len(phrase) > 1 and (phrase[0][2].lower() in _DATE_WORDS or phrase[0][2].isdigit()):
                phrase, dated = phrase[1:], True  # "On Monday officials said", "In 2015 Smith wrote"
            first = tokens.index(phrase[0]) if phrase else -1
            if first > 0 and not dated and tokens[first - 1][2].lower() in _OBJECT_OF_WHO \
                    and tokens[first + len(phrase)][2].lower() == "who":
                phrase = []  # "its endorsement of a congressman who praised ...": who he is, no claim credited
            elif first > 0 and not dated and tokens[first - 1][2].lower() in _PREPOSITIONS \
                    and tokens[first + len(phrase)][2].lower() != "who" \
                    and not (tokens[first - 1][2].lower() == "with" and low.endswith("ing")):
                # ("with some experts suggesting ...": the experts speak)
                # "an employee assigned to the city of Guangzhou reported": the name is an object; the
                # speaker is the noun the participle modifies ("The complaint filed Friday in ... says")
                phrase = _reduced_relative(tokens, first, i, lex)
            if len(phrase) == 1 and phrase[0][2].lower() == "it" and any(
                    t[2].lower() in _BE_OR_HAVE for t in tokens[tokens.index(phrase[0]) + 1:i]):
                phrase = []  # "It is said", "it has been reported": nobody named, no body either
            if phrase and phrase[-1][2].lower() in lex.pronoun - lex.speaker - {"it"} and len(phrase) == 1:
                phrase = []
            if not phrase and _coordinated(tokens, i, lex):
                phrase = _main_subject(tokens, i, lex)  # "X declined to discuss ... but said"
            if low in _PARTICIPLES and i > 0 and tokens[i - 1][2] == ",":
                # "Soros compared Orban to the Nazis, saying ...": the participle's subject is the sentence's
                phrase = _main_subject(tokens, i, lex)
                if phrase and _type_phrase(phrase, lex) is None:
                    phrase = _before_verb(phrase, lex)  # "Officials spoke to reporters, saying ..."
            if not phrase and low in lex.inversion and i > 0 and tokens[i - 1][2] in {",", '"', "”", "’", "'"} \
                    and not _tells_whom(tokens, i):
                phrase, after = _np_after(tokens, i + 1, lex), True
            if phrase and not after:
                # the subject of a verb, not part of a following clause ("the plan that officials said")
                pass
        elif low in lex.inversion and _closes_quote(tokens, i):
            phrase = _np_before(tokens, i, lex)  # "”, he continued.", "” Lee continued."
        elif (low in _BELIEF_ADJECTIVES or low == "clear") and i + 1 < n and tokens[i + 1][2].lower() == "that" \
                and (verb := _predicate_start(tokens, i, lex)) is not None:
            # "Scientists are greatly concerned that", "top U.S. officials have made it clear that"
            phrase = _np_before(tokens, _verb_chain_start(tokens, verb), lex)
        elif low in _NAMING_VERBS and tokens[i][2].islower() and (named := _what_subject(tokens, i, lex)):
            phrase = named  # "what he called ..."
        elif low in _DOCUMENT_VERBS and i > 0 and tokens[i][2].islower() and not (
                i + 1 < n and tokens[i + 1][2].lower() in {"for", "on", "up", "out", "like"}):
            # "The statement reads:", "The report calls ..." (not "The law calls for", "reads like")
            phrase = _np_before(tokens, i, lex)
            first = tokens.index(phrase[0]) if phrase else 0
            if first > 0 and tokens[first - 1][2].lower() in _PREPOSITIONS:
                # "Parolin's rescript on the papal and episcopal documents reads": the object is not the subject
                phrase = _np_before(tokens, first - 1, lex)
            head = phrase[-1][2] if phrase else ""
            if low.endswith("s") and head.islower() and head.endswith("s") and not head.endswith("ss"):
                continue  # "... on the papal and episcopal documents reads": a plural is not a singular verb's subject
            typed = _type_phrase(phrase, lex) if phrase else None
            if typed is None or typed[0] not in NAMED_KINDS or not (
                    typed[0] == "document" or _head(phrase, lex).lower() in lex.statement | lex.doc):
                continue
        else:
            continue
        if not phrase:
            continue
        if after:
            issuer = _statement_issuer(phrase, lex)
            if issuer:
                phrase = issuer  # "according to a statement from the Justice Department"
        opening = tokens.index(phrase[0])
        if not after and opening > 0 and tokens[opening - 1][2].lower() in {"if", "whether"}:
            continue  # "Asked if the Saudis had informed him", "not sure if someone ... had told": a question
        typed = _type_phrase(phrase, lex)
        if typed is None:
            continue
        kind, cue, a, b, pronoun = typed
        if not after and kind == "vague_group" and (low in _BELIEF_VERBS or low in _NAMING_VERBS) and opening > 0 \
                and tokens[opening - 1][2].lower() == "what":
            stance = True  # "never what Catholics believed about it": the content of a view, no claim credited
        b = min(b, len(phrase))
        if headline_verb:
            kind = _headline_speaker(kind, [t[2] for t in phrase[a:b]], lex)
            if kind is None:
                continue
            cue = _KIND_CUES.get(kind, cue)
        source_start, source_end = phrase[a][0], phrase[b - 1][1]
        if _nested(source_start, source_end, quoted):
            continue
        if after:
            start, end = cue_start, source_end
        else:
            start = source_start
            end = cue_end if "," not in text[source_end:cue_start] and not re.match(
                r"\s*who\b", text[source_end:cue_start]) else source_end
        found.append(Attribution(start, end, source_start, source_end, kind, cue, pronoun=pronoun,
                                 head=_head(phrase[a:b], lex), stance=stance))
        if after and low in {"according", "citing"}:
            found.extend(_coordinated_sources(tokens, tokens.index(phrase[-1]) + 1, lex))
    found.extend(_tweet_credits(text, tokens, lex))
    found.extend(_colon_speakers(text, tokens, quoted, lex))
    found = _merge_lexical(found, lexical, quoted, text)
    return tuple(sorted(found, key=lambda x: (x.source_start, x.source_end)))


#: The credit line of an embedded tweet: "— Laura Loomer (@LauraLoomer) October 4, 2017".
_TWEET_CREDIT = re.compile(r"[—–]\s*([^\s(—–][^(\n—–]{0,60}?)\s*\(@\w+\)")


#: Quotation marks that may open a quote after a speaker's colon.
_COLON_QUOTES = frozenset({"“", '"', "‘", "'"})


def _colon_speakers(text: str, tokens: list[Token], quoted: list[tuple[int, int]],
                    lex: _Lexicon) -> list[Attribution]:
    """A named speaker introducing a quote with a colon ("former RNC Chair, Michael Steele: “There is
    no Spygate ...”", "Dina Habib Powell: "Not Interested" ...", a transcript's "SMITH: “...”"), or a
    headline's speaker before a capitalised claim ("Juanita Broaddrick: Senator Feinstein Had No
    Interest ...")."""
    out = []
    for k in range(1, len(tokens) - 1):
        if tokens[k][2] != ":":
            continue
        phrase = _np_backward(tokens, k - 1, lex)
        if not phrase or _inside(phrase[0][0], quoted) or not _is_cap(phrase[-1][2]):
            continue
        quote = tokens[k + 1][2] in _COLON_QUOTES
        headline = phrase[0] is tokens[0] and len(phrase) >= 2 and _is_cap(tokens[k + 1][2]) \
            and not any(t[2].isupper() and len(t[2]) > 1 for t in phrase)
        if not quote and not headline:
            continue
        first = tokens.index(phrase[0])
        if first > 0 and tokens[first - 1][2].lower() in _PREPOSITIONS \
                and not (first > 1 and tokens[first - 2][2].lower() == "according"):
            continue  # "a clear message to the CIA:", "As Shaw observes of AL:": an addressee or topic
        if first > 0 and tokens[first - 1][2].islower() and tokens[first - 1][2] not in _DETERMINERS:
            continue  # "Tzuriel ... echoed the FDD: "If you ...": the body is what was echoed
        typed = _type_phrase(phrase, lex)
        if typed is None or typed[0] not in {"named_person", "named_outlet", "named_body"} or typed[4]:
            continue
        kind, cue, a, b, _ = typed
        b = min(b, len(phrase))
        words = [t[2] for t in phrase[a:b]]
        transcript = quote and len(words) == 1 and words[0].isupper() and len(words[0]) > 2 \
            and words[0] not in lex.body and words[0] not in lex.outlet and words[0].lower() not in lex.not_name
        if transcript:
            kind, cue = "named_person", "named_person"  # a transcript's speaker: "SMITH: “...”", "YOUNG: “...”"
        elif kind == "named_person" and not _name_words(words, lex, 1 if quote else 2):
            continue  # "Farrakhan Speech: '...'", "Update: Police Say ...": a headline's label
        if kind != "named_person" and (not quote or not any(w in lex.body or w in lex.outlet for w in words)
                                       and not _name_words(words, lex, 1)):
            continue  # "Coroner Defies Court Order: Won't ...", "GILLUM ELECTION STRATEGY: "You ...""
        out.append(Attribution(phrase[a][0], phrase[b - 1][1], phrase[a][0], phrase[b - 1][1], kind, cue,
                               head=_head(phrase[a:b], lex)))
    return out


#: Words that take "reports" as a noun before it ("amid reports that", "after the reports of").
_HEARSAY_OPENERS = frozenset({"with", "amid", "amidst", "despite", "from", "after", "following", "given", "of", "on",
                              "about", "to", "by", "the", "these", "those"})
#: Words between such an opener and "reports" ("amid unconfirmed media reports that").
_HEARSAY_MODIFIERS = frozenset({"the", "recent", "new", "unconfirmed", "initial", "early", "earlier", "latest",
                                "multiple", "numerous", "widespread", "media", "news", "press"})


def _agent_by(tokens: list[Token], i: int) -> int | None:
    """The "by" a few words after passive verb ``i`` that names its agent, within the clause ("was
    classified as “potentially hazardous” by the Minor Planet Center"); None when there is none."""
    for k in range(i + 1, min(len(tokens) - 1, i + 8)):
        word = tokens[k][2].lower()
        if word == "by":
            return k
        if word in _AGENT_BREAKS:
            return None
    return None


#: Tokens that end the clause a passive verb's agent must be found in (unlike :data:`_CLAUSE_BREAK`,
#: prepositions pass: "described in court papers as a loner by prosecutors").
_AGENT_BREAKS = frozenset({",", ";", ":", ".", "(", ")", "—", "–", "and", "but", "or", "that", "which", "who",
                           "because", "after", "before", "when", "while", "if"})


def _agent(tokens: list[Token], by: int, cue_start: int, lex: _Lexicon, quoted: Sequence[tuple[int, int]],
           *, stance: bool = False) -> Attribution | None:
    """The agent a passive reporting or stance verb credits after token ``by`` ("as reported by The
    Washington Times"), if it is a source: a name, a role or a group; None otherwise."""
    phrase = _np_after(tokens, by + 1, lex)
    typed = _type_phrase(phrase, lex) if phrase else None
    if typed is None and phrase and _unnamed_plural(phrase, lex):
        # "It has been noted by prison chaplains": people in the plural, no name
        typed = ("vague_group", "vague_group", 0, len(phrase), False)
    if typed is None or typed[0] not in NAMED_KINDS | {"unnamed_role", "vague_group"}:
        return None
    kind, cue, a, b, pronoun = typed
    b = min(b, len(phrase))
    if _inside(phrase[a][0], quoted):
        return None
    return Attribution(cue_start, phrase[b - 1][1], phrase[a][0], phrase[b - 1][1], kind, cue, pronoun=pronoun,
                       head=_head(phrase[a:b], lex), stance=stance)


def _reports_hearsay(tokens: list[Token], i: int) -> int | None:
    """Where the phrase starts when "reports" at ``i``, before "that" or "of", is a noun nobody
    issues ("amid reports that ...", "From reports of multiple shooters", "after the reports of
    ..."; train: 3 such sentences, all labelled anonymous), else None ("CNBC reports that", "FBI
    reports of interviews", "the agency reports that": a verb, or an issuer)."""
    k = i
    while k > 0 and tokens[k - 1][2] in _HEARSAY_MODIFIERS:
        k -= 1
    before = tokens[k - 1][2].lower() if k > 0 else ""
    if before not in _HEARSAY_OPENERS and not (k < i and tokens[k][2] == "the"):
        return None
    return k - 1 if k == i and before in _DETERMINERS else k  # "these reports of": the determiner's


def _unnamed_plural(phrase: list[Token], lex: _Lexicon) -> bool:
    """Whether a passive's agent is a plural noun phrase in lower case ("by prison chaplains", "by
    a vast array of voices"): nobody named. A pronoun, a name or a gerund ("responded by blocking
    the lanes") is not."""
    words = [t[2] for t in phrase if _is_word(t[2])]
    return bool(words) and all(w.islower() for w in words) and not words[0].endswith("ing") \
        and words[-1].endswith("s") \
        and not words[-1].endswith("ss") and words[-1] not in lex.pronoun


#: Least share of a sentence's longer words (four letters or more) written with a capital for it to
#: be a title-case headline.
TITLE_CASE_SHARE = 0.8


def _title_case(tokens: list[Token]) -> bool:
    """Whether the sentence is a title-case headline ("Neighbor of Las Vegas Shooter Claims He Didn’t
    Do It"): nearly all its longer words capitalised."""
    words = [t[2] for t in tokens if len(t[2]) >= 4 and t[2][0].isalpha()]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= TITLE_CASE_SHARE * len(words)


#: The cue of a source re-typed as a headline's role.
_KIND_CUES = {"unnamed_role": "unnamed_source", "vague_group": "vague_group"}


def _headline_speaker(kind: str, words: list[str], lex: _Lexicon) -> str | None:
    """What the words before a title-case headline's verb credit, where every word is capitalised:
    a person's name ("Nigel Farage Warns") only when some word is one news text never writes in
    lower case; a role or group when the last word is one ("Congressman Says", "Neighbor of Las
    Vegas Shooter Claims"); else nobody (None)."""
    if kind in {"unnamed_role", "vague_group"}:
        return kind
    last = words[-1].lower()
    if last in lex.role or last in lex.title_noun:
        return "unnamed_role"
    if last in lex.group:
        return "vague_group"
    return kind if kind == "named_person" and _name_words(words, lex, 1) else None


def _name_words(words: list[str], lex: _Lexicon, least: int) -> bool:
    """Whether ``words`` (at least ``least`` of them) name a person: none but the titles ever written
    in lower case in news text ("Juanita Broaddrick", "Hungarian Prime Minister", "Ratzinger"; not
    "Eyewitness Confessional", "Election Strategy")."""
    common = lowercase_words()
    names = [w for w in words if w not in lex.title_word and not w.endswith(".")]
    return len(words) >= least and bool(names) and not any(w.lower() in common for w in names)


def _tweet_credits(text: str, tokens: list[Token], lex: _Lexicon) -> list[Attribution]:
    """The authors of embedded tweets, typed like any other source (a name is a person by default)."""
    out = []
    for m in _TWEET_CREDIT.finditer(text):
        phrase = [t for t in tokens if m.start(1) <= t[0] and t[1] <= m.end(1)]
        if not phrase:
            continue
        typed = _type_phrase(phrase, lex)
        kind, cue, a, b = typed[:4] if typed else ("named_person", "named_person", 0, len(phrase))
        b = min(b, len(phrase))
        out.append(Attribution(m.start(), m.end(), phrase[a][0], phrase[b - 1][1], kind, cue,
                               head=_head(phrase[a:b], lex)))
    return out


#: A named agent right after a passive attribution ("was reported by the Mandalay", "by CNN").
_NAMED_AGENT = re.compile(r"\s+by\s+(?:the\s+)?[A-Z]")


#: An "according to" that credits the clause before it to a source (train: "An estimated five million
#: tonnes ..., according to the Centre for ...", "reportedly varied ..., according to The Associated Press").
_ACCORDING = re.compile(r"(?i)according\s+to\b")

#: Words that open a clause of the writer's own after a source's ("according to WHO estimates,
#: although the real figure is thought to be higher"), or close the parenthesis a source speaks in
#: ("(..., according to the timeline) Paddock allegedly opened fire"): a hedge there is no part
#: of what it says.
_NEW_CLAUSE = re.compile(r"(?i)\b(?:although|though|whereas|but)\b|[;)]")


#: After "known to": a person or group it is known to ("who is known to me", "known to the rest of the
#: faithful"), not an infinitive ("is known to have").
_KNOWN_BY_SOMEONE = re.compile(r"\s+(?:me|us|him|her|them|you|the|his|their|our)\b", re.IGNORECASE)


def _merge_lexical(parsed: list[Attribution], lexical: list[Attribution],
                   quoted: list[tuple[int, int]], text: str) -> list[Attribution]:
    """Add the lexicon's matches the parser did not already cover.

    A pattern source that overlaps a parsed source widens it ("two sources
    briefed on the discussions"); a hedge that follows another source's cue is
    part of what that source says and is left out. A source found twice keeps
    its widest reading, and a stance only where no statement's source is.
    """
    out = list(parsed)
    for lx in lexical:
        if _inside(lx.start, quoted):
            continue
        if lx.kind == "unnamed_role" and parsed and not _names_a_source(lx, text):
            continue  # "The official, who spoke on condition of anonymity, said": a cue, not a second source
        overlapping = [p for p in out if p.source_start < lx.end and lx.start < p.source_end]
        if overlapping:
            continue
        if lx.kind == "hedged" and any(p.end <= lx.start and not p.lexicon and not p.stance
                                       and not _NEW_CLAUSE.search(text, p.end, lx.start) for p in parsed):
            # (a stance credits a position, not what follows: "he also questioned ... where the
            # shooter was supposedly firing from" keeps its hedge)
            continue  # "Some analysts suggest ..., with generals reportedly pushing"
        if lx.kind == "hedged" and any(p.start >= lx.end and p.kind in NAMED_KINDS and _ACCORDING.match(text, p.start)
                                       and not _NEW_CLAUSE.search(text, lx.end, p.start) for p in parsed):
            continue  # "sensations reportedly varied ..., according to The Associated Press": its hedge
        if text[lx.start:lx.end].lower().endswith("known to") and _KNOWN_BY_SOMEONE.match(text, lx.end):
            continue  # "This student, who is known to me": someone acquainted, no hedge
        if lx.cue == "passive_attribution" and _NAMED_AGENT.match(text, lx.end):
            continue  # "It was reported by the Mandalay": the passive names its source
        out.append(lx)
    # one source found twice (two verbs, "Bloomberg News ... reported"): keep the widest
    out.sort(key=lambda a: (a.source_start, -(a.source_end - a.source_start)))
    kept: list[Attribution] = []
    for a in out:
        if not a.stance and not any(k.source_start <= a.source_start and a.source_end <= k.source_end for k in kept):
            kept.append(a)
    # a stance verb's subject that also states something ("Collins echoed this concern, saying
    # ...") is that statement's source: a stance is kept only where no statement's source is
    stances = [a for a in out if a.stance]
    for a in stances:
        if not any(k.source_start < a.source_end and a.source_start < k.source_end for k in kept):
            kept.append(a)
    return kept
