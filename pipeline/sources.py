"""A document's sources: the attributions of its sentences, followed across sentences.

:class:`SourceBuilder` is fed a document's sentences in order (it keeps no
sentence once read, so a streamed document needs only this accumulator) and
gives the document's distinct sources, each with its kind and mentions, and
the sourcing figures. Mentions of one source merge when

* a named person's surname or full name matches ("Thomas Whitcombe" ... "Whitcombe");
* an outlet's or body's words are part of an earlier one's ("the Journal" ...
  "The Wall Street Journal", "Bloomberg" ... "Bloomberg News");
* an unnamed role, document or group is taken up again with a definite
  article and the same head noun ("a European diplomat" ... "the European
  diplomat", "court filings" ... "The filings"), or repeated word for word;
* a pronoun speaker ("he said", "His statements") refers back: it joins the
  nearest preceding named person (or, before any, the first one named later);
* an unnamed role taken up with "the" or a possessor ("Khweis’ defense attorney
  said") is the one person the text names with those title words ("defense
  attorney John Zwerling said"), wherever in the text; "an embassy spokeswoman"
  brings in someone new and stays unnamed, and so does a role two named people
  hold.

A source's name is its first full mention as written; a person first credited
by surname takes the full name the text gave earlier ("Andriy Yermak", not
"Yermak").
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from .signals.attributions import KINDS, NAMED_KINDS, Attribution, attribution_lexicon, find_attributions

#: Kinds counted as unnamed in the sourcing figures.
UNNAMED_KINDS = frozenset(KINDS) - NAMED_KINDS

_DETERMINERS = frozenset({"a", "an", "the", "this", "that", "these", "those"})
_ANAPHORIC = frozenset({"the", "this", "that", "these", "those"})
_WORD = re.compile(r"[\w’'\-.]+")
#: A capitalised name of two to four words ("Andriy Yermak", "H.R. McMaster").
_FULL_NAME = re.compile(r"\b[A-Z][\w’'\-.]*(?:\s+(?:(?:al|bin|ibn|de|van|von)\s+)?[A-Z][\w’'\-.]*){1,3}")
#: :data:`_FULL_NAME` without its leading ``\b``, so the regex engine skips to capitals
#: (:func:`_full_names` checks the word start).
_FULL_NAME_TAIL = re.compile(_FULL_NAME.pattern.removeprefix(r"\b"))
_WORD_CHAR = re.compile(r"\w")


@dataclass(frozen=True)
class Mention:
    """Where a source is credited: sentence index and document offsets of its words."""

    sentence: int
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {"sentence": self.sentence, "start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True)
class DocumentSource:
    """One distinct source of a document."""

    name: str
    kind: str
    mentions: tuple[Mention, ...]

    @property
    def named(self) -> bool:
        """True for named persons, outlets, bodies and documents."""
        return self.kind in NAMED_KINDS

    def to_dict(self) -> dict[str, Any]:
        """JSON form (SPEC: document summary ``sources``)."""
        return {"name": self.name, "kind": self.kind, "mentions": [m.to_dict() for m in self.mentions]}


@dataclass(frozen=True)
class SourcingFigures:
    """How a document's claims are sourced.

    ``attributed_sentences`` credit at least one source; ``unnamed_share`` is
    the share of those that credit an unnamed one (a role, a vague group, a
    hedge); ``named_sources`` / ``unnamed_sources`` count distinct sources.
    """

    attributed_sentences: int
    unnamed_share: float
    named_sources: int
    unnamed_sources: int

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {"attributed_sentences": self.attributed_sentences,
                "unnamed_share": round(float(self.unnamed_share), 4),
                "named_sources": self.named_sources, "unnamed_sources": self.unnamed_sources}


def _full_names(text: str) -> Iterator[re.Match]:
    """The matches of ``_FULL_NAME.finditer(text)``, found a third faster.

    A match of the tail that starts inside a word (after a word character) is
    none of :data:`_FULL_NAME`'s; the search resumes one character later, since
    a name may start inside that rejected match.
    """
    pos = 0
    while (m := _FULL_NAME_TAIL.search(text, pos)) is not None:
        start = m.start()
        if start and _WORD_CHAR.match(text, start - 1):
            pos = start + 1
            continue
        yield m
        pos = m.end()


def _words(text: str) -> list[str]:
    return [w.lower().replace("’", "'").rstrip(".") for w in _WORD.findall(text)]


def _key_words(text: str) -> list[str]:
    """Lower-cased words without determiners or a possessive ending."""
    words = _words(text)
    while words and words[0] in _DETERMINERS:
        words.pop(0)
    return [w[:-2] if w.endswith("'s") else w for w in words]


#: What a body issues and a text may take up as "the message said" for the body itself.
_ISSUED_NOUNS = frozenset({"statement", "message", "release", "alert", "notice", "announcement", "bulletin"})
#: The sources "it said" may stand for.
_IT_KINDS = frozenset({"named_body", "named_outlet", "document"})


@dataclass
class _Entry:
    name: str
    kind: str
    mentions: list[Mention] = field(default_factory=list)
    keys: set[str] = field(default_factory=set)  # normalised forms seen
    heads: set[str] = field(default_factory=set)  # head nouns (roles, documents, groups)
    words: set[str] = field(default_factory=set)  # words of names (outlets, bodies)
    surname: str = ""
    roles: set[str] = field(default_factory=set)  # words right before a named person's name ("defense attorney")


class SourceBuilder:
    """Accumulate a document's sources sentence by sentence.

    >>> b = SourceBuilder()
    >>> for i, (start, text) in enumerate(sentences):
    ...     b.add(i, start, text)
    >>> b.sources(), b.figures()
    """

    def __init__(self) -> None:
        self._entries: list[_Entry] = []
        self._pending: list[Mention] = []  # pronoun speakers before any named person
        self._last_person: _Entry | None = None
        self._full_names: dict[str, str] = {}  # surname -> first full name seen in the text
        self._last_name: tuple[int, str, str] | None = None  # (end offset, full name, surname) last seen
        self._titled_names: list[tuple[int, str, set[str]]] = []  # (end offset, full name, roles) "Sen. Mazie Hirono"

    def add(self, index: int, start: int, text: str,
            attributions: tuple[Attribution, ...] | None = None) -> None:
        """Read sentence ``index`` (``text`` starting at document offset ``start``)."""
        found = find_attributions(text) if attributions is None else attributions
        for a in found:
            mention = Mention(index, start + a.source_start, start + a.source_end,
                              text[a.source_start:a.source_end])
            if a.it_pronoun:  # "it said": the nearest body, outlet or document
                thing = max((e for e in self._entries if e.kind in _IT_KINDS and e.mentions),
                            key=lambda e: e.mentions[-1].end, default=None)
                if thing is not None:
                    thing.mentions.append(mention)
                continue
            if a.pronoun:
                person = self._last_person
                named = self._last_name
                if named is not None and (person is None or (named[0] > person.mentions[-1].end
                                                             and named[2] != person.surname)):
                    # the nearest person the text names, though not yet as a source
                    person = self._match("named_person", named[1]) or self._new_person(named[1])
                if person is not None:
                    person.mentions.append(mention)
                    self._last_person = person
                else:
                    self._pending.append(mention)
                continue
            entry = (self._match(a.kind, mention.text, a.head) or self._issuer_of(a.kind, mention)
                     or self._title_holder(a.kind, mention))
            if entry is None:
                entry = _Entry(self._display_name(a.kind, mention.text), a.kind)
                self._entries.append(entry)
            self._remember(entry, mention.text, a.head)
            if entry.kind == "named_person":
                entry.roles.update(_title_words(text[:a.source_start]))
            entry.mentions.append(mention)
            if entry.kind == "named_person":
                self._last_person = entry
                if self._pending:
                    entry.mentions[:0] = self._pending
                    self._pending = []
        # full names the text gives without crediting them ("..., Andriy Yermak, has come under")
        lex = attribution_lexicon()
        for m in _full_names(text):
            parts = m.group().split()
            if parts[0].lower() in lex.not_name or any(
                    p in lex.outlet or p in lex.body or p in lex.place or p.isupper() for p in parts):
                continue
            titles = set()
            while parts and parts[0] in lex.title_word:
                titles.add(parts.pop(0).lower().rstrip("."))
            if len(parts) < 2:
                continue
            surname = parts[-1].lower().replace("’", "'").rstrip(".")
            self._full_names.setdefault(surname, " ".join(parts))
            self._last_name = (start + m.end(), self._full_names[surname], surname)
            if titles:
                self._titled_names.append((start + m.end(), self._full_names[surname], _titled(titles)))

    def sources(self) -> tuple[DocumentSource, ...]:
        """The distinct sources so far, in order of first mention."""
        out = []
        for e in self._merged_entries():
            mentions = tuple(sorted(e.mentions, key=lambda m: (m.start, m.end)))
            out.append(DocumentSource(e.name, e.kind, mentions))
        out.sort(key=lambda s: (s.mentions[0].start, s.mentions[0].end))
        return tuple(out)

    def figures(self) -> SourcingFigures:
        """Sentences credited to a source, the share resting on unnamed ones, distinct sources by kind."""
        named_in: dict[int, set[bool]] = {}
        entries = self._merged_entries()
        for e in entries:
            for m in e.mentions:
                named_in.setdefault(m.sentence, set()).add(e.kind in NAMED_KINDS)
        attributed = len(named_in)
        unnamed = sum(1 for kinds in named_in.values() if False in kinds)
        return SourcingFigures(
            attributed_sentences=attributed,
            unnamed_share=unnamed / attributed if attributed else 0.0,
            named_sources=sum(e.kind in NAMED_KINDS for e in entries),
            unnamed_sources=sum(e.kind not in NAMED_KINDS for e in entries),
        )

    def _merged_entries(self) -> list[_Entry]:
        """The entries, with each unnamed role the text also gives a name joined to that person:
        "Khweis' defense attorney said" ... "defense attorney John Zwerling said" is one named
        person. A role joins only the one named person whose mentions carry its head noun and
        its other words (a possessor's name aside); where two do, or none, it stays unnamed."""
        people = [e for e in self._entries if e.kind == "named_person"]
        merged: dict[int, _Entry] = {}
        for entry in self._entries:
            if entry.kind != "unnamed_role" or len(entry.keys) != 1 or not _definite(entry.mentions[0].text):
                continue  # "an embassy spokeswoman" brings in someone new; "the spokeswoman" may not
            (key,) = entry.keys
            owned = _owned_words(entry.mentions[0].text)
            words = set(key.split() if owned is None else owned)
            head = next(iter(entry.heads)) if len(entry.heads) == 1 else ""
            if not head or head not in words:
                continue
            holders = [p for p in people if words <= _titled(p.words | p.roles) and head != p.surname]
            if len(holders) == 1:
                merged[id(entry)] = holders[0]
        if not merged:
            return self._entries
        out = []
        extra: dict[int, list[Mention]] = {}
        for entry in self._entries:
            target = merged.get(id(entry))
            if target is None:
                out.append(entry)
            else:
                extra.setdefault(id(target), []).extend(entry.mentions)
        return [replace(e, mentions=e.mentions + extra[id(e)]) if id(e) in extra else e for e in out]

    def _issuer_of(self, kind: str, mention: Mention) -> _Entry | None:
        """The body or outlet a bare "the message" or "the release" stands for: the nearest one
        credited in the three sentences before ("The U.S. Consulate in Guangzhou says ..." ...
        "..., the release said"; "The embassy's health alert says" ... "the message says"), when no
        earlier document has that head noun. None otherwise."""
        if kind != "document" or _bare_anaphor(mention.text) not in _ISSUED_NOUNS:
            return None
        bodies = [e for e in self._entries if e.kind in {"named_body", "named_outlet"} and e.mentions
                  and mention.sentence - e.mentions[-1].sentence <= 3]
        return max(bodies, key=lambda e: e.mentions[-1].end, default=None)

    def _title_holder(self, kind: str, mention: Mention) -> _Entry | None:
        """The person a bare title ("the senator said") takes up: the nearest one named before with a
        title that says so ("Sen. Mazie Hirono ..., lobbing her softballs" ... "the senator said"),
        though not yet as a source. None when no such name comes before."""
        title = _bare_anaphor(mention.text)
        if kind != "named_person" or title is None:
            return None
        holder = next((name for end, name, roles in reversed(self._titled_names)
                       if end <= mention.start and title in roles), None)
        if holder is None:
            return None
        return self._match("named_person", holder) or self._new_person(holder)

    def _new_person(self, name: str) -> _Entry:
        entry = _Entry(name, "named_person")
        self._entries.append(entry)
        self._remember(entry, name)
        return entry

    # -- merging -----------------------------------------------------------
    def _display_name(self, kind: str, text: str) -> str:
        if kind == "named_person" and len(text.split()) == 1:
            return self._full_names.get(text.lower().replace("’", "'").rstrip("."), text)
        return text

    def _remember(self, entry: _Entry, text: str, head: str = "") -> None:
        words = _key_words(text)
        if not words:
            return
        entry.keys.add(" ".join(words))
        entry.heads.add(head or words[-1])
        entry.words.update(words)
        if entry.kind == "named_person":
            entry.surname = entry.surname or words[-1]
            entry.words.update(_key_words(entry.name))

    def _match(self, kind: str, text: str, head: str = "") -> _Entry | None:
        raw = _words(text)
        words = _key_words(text)
        if not words:
            return None
        head = head or words[-1]
        key = " ".join(words)
        definite = bool(raw) and raw[0] in _ANAPHORIC
        for entry in reversed(self._entries):  # the nearest earlier source first
            if key in entry.keys and _compatible(entry.kind, kind):
                return entry
        if kind == "named_person" and len(words) > 1:
            # "advocacy group J Street" ... "J Street’s statement read": a body's own name, not a person's
            for entry in reversed(self._entries):
                if entry.kind in {"named_body", "named_outlet"} and words == _key_words(entry.name):
                    return entry
        for entry in reversed(self._entries):
            if not _compatible(entry.kind, kind):
                continue
            if kind == "named_person" and entry.kind == "named_person":
                if words[-1] == entry.surname or set(words) <= entry.words or (
                        definite and set(words) <= _titled(entry.words | entry.roles)):
                    return entry  # "Sen. Chuck Schumer" ... "Schumer", "the senator"
            elif kind in {"named_outlet", "named_body"}:
                if set(words) <= entry.words or set(_key_words(entry.name)) <= set(words):
                    return entry
            elif kind in {"unnamed_role", "document"} or kind == "vague_group" and entry.kind == "document":
                # "a European diplomat" ... "the European diplomat"; "court filings" ... "the filings"
                if head in entry.heads and (definite or set(words) <= entry.words):
                    return entry
        return None


_TITLE_RUN = re.compile(r"((?:[A-Za-z][\w\-]*\.?\s+){1,3})$")


#: What an abbreviated title before a name says the person is, so that "the congressman" can take up
#: "Rep. Danny Davis" and "the senator" "Sen. Chuck Schumer".
_TITLE_ROLES = {
    "rep": {"congressman", "congresswoman", "representative", "lawmaker"},
    "sen": {"senator", "lawmaker"},
    "gov": {"governor"},
    "gen": {"general"},
    "dr": {"doctor"},
    "prof": {"professor"},
    "lt": {"lieutenant"},
    "sgt": {"sergeant"},
    "capt": {"captain"},
    "col": {"colonel"},
    "adm": {"admiral"},
    "rev": {"reverend", "pastor"},
    "fr": {"father", "priest"},
    "msgr": {"monsignor"},
}


def _titled(words: set[str]) -> set[str]:
    """``words`` with the roles their abbreviated titles name ("rep" adds "congressman")."""
    return words.union(*(_TITLE_ROLES.get(w, ()) for w in words))


def _title_words(before: str) -> set[str]:
    """The (up to three) words right before a name, lower-cased: its title ("defense attorney
    John Zwerling", "said embassy spokeswoman Jinnie Lee"); none across punctuation."""
    m = _TITLE_RUN.search(before)
    return set(_key_words(m.group(1))) if m else set()


#: Possessive pronouns that open a role phrase ("his lawyer").
_POSSESSIVE_PRONOUNS = frozenset({"his", "her", "their", "its", "my", "our", "your"})


def _owned_words(text: str) -> list[str] | None:
    """The key words after a phrase's possessor ("defense attorney" of "Khweis’ defense attorney",
    "lawyer" of "the company's lawyer" or "His lawyer"), or None when it has no possessor."""
    words = _words(text)
    owners = [i for i, w in enumerate(words[:-1])
              if w in _POSSESSIVE_PRONOUNS or w.endswith("'s") or w.endswith("'")]
    return _key_words(" ".join(words[owners[-1] + 1:])) if owners else None


def _bare_anaphor(text: str) -> str | None:
    """The noun of a phrase that is only an anaphoric determiner and that noun ("the message",
    "the senator"), lower-cased; None for any other phrase."""
    words = _words(text)
    return words[1] if len(words) == 2 and words[0] in _ANAPHORIC else None


def _definite(text: str) -> bool:
    """Whether a phrase points back at someone known: a definite article or a possessor."""
    words = _words(text)
    return bool(words) and (words[0] in _ANAPHORIC or _owned_words(text) is not None)


def _compatible(existing: str, new: str) -> bool:
    """Kinds one source may be mentioned as (an outlet's report typed as a document, say)."""
    if existing == new:
        return True
    pair = {existing, new}
    return pair == {"named_outlet", "named_body"} or pair == {"document", "vague_group"}


def document_sources(sentences) -> tuple[tuple[DocumentSource, ...], SourcingFigures]:
    """Sources and figures of ``(index, start, text)`` sentences (a convenience over :class:`SourceBuilder`)."""
    builder = SourceBuilder()
    for index, start, text in sentences:
        builder.add(index, start, text)
    return builder.sources(), builder.figures()


# -- evaluation against hand-listed sources (benchmarks/sources_eval.py, tests) --------------------
def load_expected(path) -> list[tuple[str, int, int]]:
    """``(kind, start, end)`` of every mention in a ``*.sources.json`` expected file."""
    import json
    from pathlib import Path

    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return [(s["kind"], int(m[0]), int(m[1])) for s in data["sources"] for m in s["mentions"]]


def listed_articles(folder: str | os.PathLike, data_dir: str | os.PathLike,
                    split: str) -> list[tuple[str, str, list[tuple[str, int, int]]]]:
    """``(article_id, text, expected mentions)`` of every PTC article a folder of expected files lists.

    ``folder`` holds ``<article_id>.sources.json`` files of PTC ``split`` articles; the text is
    read from the corpus in ``data_dir`` and must be the one the offsets were written against.

    Raises
    ------
    ValueError
        When a listed article is not in the corpus split, or its text differs from the listed one.
    """
    import hashlib
    import json
    from pathlib import Path

    from .datasets import load_ptc_articles

    files = sorted(Path(folder).glob("*.sources.json"))
    ids = {p.name.split(".")[0] for p in files}
    texts = {a.article_id: a.text for a in load_ptc_articles(Path(data_dir), split) if a.article_id in ids}
    out = []
    for path in files:
        article_id = path.name.split(".")[0]
        text = texts.get(article_id)
        if text is None:
            raise ValueError(f"{path}: article {article_id} is not in the PTC {split} split")
        meta = json.loads(path.read_text(encoding="utf-8"))
        if hashlib.sha256(text.encode("utf-8")).hexdigest() != meta["text_sha256"]:
            raise ValueError(f"{path}: the corpus text of {article_id} is not the one its offsets were written for")
        out.append((article_id, text, load_expected(path)))
    return out


def predicted_mentions(text: str, segmenter=None) -> list[tuple[str, int, int]]:
    """``(kind, start, end)`` of every mention the builder finds in ``text``."""
    from .segment import default_segmenter

    spans = (segmenter or default_segmenter()).spans(text)
    sources, _ = document_sources((i, s, text[s:e]) for i, (s, e) in enumerate(spans))
    return [(src.kind, m.start, m.end) for src in sources for m in src.mentions]


def score_mentions(pairs, *, typed: bool = True) -> dict[str, dict[str, float]]:
    """Mention precision and recall per kind and ``all`` over ``(gold, predicted)`` pairs.

    A predicted mention is right when it overlaps a gold mention (of the same
    kind when ``typed``); a gold mention is found when some prediction does.
    Per-kind figures use the gold kind for recall and the predicted kind for
    precision.
    """
    counts = {k: {"gold": 0, "pred": 0, "tp_p": 0, "tp_r": 0} for k in (*KINDS, "all")}

    def hit(a, b):
        return a[1] < b[2] and b[1] < a[2] and (not typed or a[0] == b[0])

    for gold, pred in pairs:
        for g in gold:
            found = any(hit(p, g) for p in pred)
            for k in (g[0], "all"):
                counts[k]["gold"] += 1
                counts[k]["tp_r"] += found
        for p in pred:
            right = any(hit(p, g) for g in gold)
            for k in (p[0], "all"):
                counts[k]["pred"] += 1
                counts[k]["tp_p"] += right
    return {k: {"gold": c["gold"], "pred": c["pred"],
                "precision": c["tp_p"] / c["pred"] if c["pred"] else 1.0,
                "recall": c["tp_r"] / c["gold"] if c["gold"] else 1.0}
            for k, c in counts.items()}
