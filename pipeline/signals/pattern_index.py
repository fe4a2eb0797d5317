"""Run many lexicon regexes over a batch of text without scanning it once per regex.

A pattern such as ``\\b(?:shocking|stunning|...)\\b`` can only match where a
word starts with one of its first literals. :func:`match_heads` reads those
first literals (or "a digit") from the parsed regex; :class:`PatternIndex`
then walks the words of the text once, looks each word up (a cached dict
lookup) and tries only the patterns whose heads fit, with ``regex.match`` at
that word. The matches are exactly those of ``regex.finditer`` (same
left-to-right, non-overlapping order): a match must start at one of the tried
positions, and a position inside the previous match of the same pattern is
skipped as ``finditer`` skips it. A pattern whose heads cannot be read (no word
boundary before its first literal, an optional first element...) is scanned
with ``finditer`` as before.

Python's regex engine has no literal-prefix shortcut for a pattern that starts
with ``\\b``, so it tries every branch at every word boundary; with forty
patterns that was about half the time of scoring a sentence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

try:  # the parser behind ``re`` (private, but stable since 3.11); without it every pattern is scanned
    from re import _constants as _c
    from re import _parser as _sre_parse
except ImportError:  # pragma: no cover - other Python versions
    _sre_parse = None

#: The head of a pattern that starts with any decimal digit.
DIGIT = "\\d"

_WORD_PREFIX = re.compile(r"\w*")

#: Cached lookups per index before the cache is emptied (bounds memory on a huge archive).
MAX_CACHED_WORDS = 200_000


class _Unknown(Exception):
    """The heads of a pattern cannot be read; it is scanned in full."""


def match_heads(regex: re.Pattern, *, text_lowered: bool) -> frozenset[str] | None:
    """Lower-cased word prefixes (or :data:`DIGIT`) that every match of ``regex`` starts with.

    Every match starts at a word start (``\\b`` or a sentence start comes before
    its first literal) and its first word begins with one of the returned heads.
    ``None`` when that cannot be shown from the regex. ``text_lowered`` says the
    regex runs on lower-cased text, where its literals are compared as written.
    """
    if _sre_parse is None or regex.flags & (re.ASCII | re.LOCALE | re.MULTILINE):
        return None  # other meanings of \b, \w or ^ than the word walk assumes
    try:
        parsed = _sre_parse.parse(regex.pattern, regex.flags)
        icase = bool(regex.flags & re.IGNORECASE)
        heads = _heads(list(parsed), bounded=False, icase=icase, lowered=text_lowered)
    except (_Unknown, RecursionError, AttributeError, TypeError, ValueError):
        return None
    return frozenset(heads)


def _is_sentence_start_lookbehind(av) -> bool:
    direction, sub = av
    items = list(sub)
    return direction == -1 and len(items) == 1 and items[0][0] is _c.LITERAL and not chr(items[0][1]).isalnum() \
        and chr(items[0][1]) != "_"


def _heads(items: list, *, bounded: bool, icase: bool, lowered: bool) -> set[str]:
    for i, (op, av) in enumerate(items):
        rest = items[i + 1:]
        if op is _c.AT:
            if av in (_c.AT_BOUNDARY, _c.AT_BEGINNING, _c.AT_BEGINNING_STRING):
                bounded = True
            continue
        if op is _c.ASSERT and _is_sentence_start_lookbehind(av):
            bounded = True  # (?<=\x00): just after a sentence separator
            continue
        if op is _c.SUBPATTERN:
            _group, add_flags, del_flags, sub = av
            inner_icase = (icase or bool(add_flags & re.IGNORECASE)) and not del_flags & re.IGNORECASE
            if add_flags or del_flags:
                # the group's flags end with it: its own content must give the heads
                return _heads(list(sub), bounded=bounded, icase=inner_icase, lowered=lowered)
            return _heads(list(sub) + rest, bounded=bounded, icase=icase, lowered=lowered)
        if op is _c.BRANCH:
            out: set[str] = set()
            for branch in av[1]:
                out |= _heads(list(branch) + rest, bounded=bounded, icase=icase, lowered=lowered)
            return out
        if not bounded:
            raise _Unknown  # a match could start inside a word
        if op is _c.LITERAL:
            if icase and not lowered:
                raise _Unknown  # case folding (e.g. 'ſ' ~ 's') is not what lower() does
            literal = []
            for op2, av2 in items[i:]:
                if op2 is not _c.LITERAL:
                    break
                literal.append(chr(av2))
            head = _WORD_PREFIX.match("".join(literal).lower()).group()
            if not head:
                raise _Unknown
            return {head}
        if op is _c.IN and list(av) == [(_c.CATEGORY, _c.CATEGORY_DIGIT)]:
            return {DIGIT}
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
            # the repeated item comes first (or, when optional, whatever follows it)
            out = _heads(list(av[2]), bounded=bounded, icase=icase, lowered=lowered)
            if av[0] == 0:
                out |= _heads(rest, bounded=bounded, icase=icase, lowered=lowered)
            return out
        raise _Unknown
    raise _Unknown  # nothing but assertions: the match could be empty


def sentence_anchor(regex: re.Pattern) -> str | None:
    """For a regex that can only match at the start of the text or right after one
    character (``(?:^|(?<=\x00))...``), that character (``""`` for ``^`` alone); else ``None``."""
    if _sre_parse is None or regex.flags & re.MULTILINE:
        return None
    try:
        items = list(_sre_parse.parse(regex.pattern, regex.flags))
    except (RecursionError, TypeError, ValueError):
        return None
    if not items:
        return None
    op, av = items[0]
    if op is _c.AT and av in (_c.AT_BEGINNING, _c.AT_BEGINNING_STRING):
        return ""
    if op is _c.SUBPATTERN and not av[1] and not av[2]:
        inner = list(av[3])
        if len(inner) == 1:
            op, av = inner[0]
    if op is not _c.BRANCH:
        return None
    anchor = None
    for branch in av[1]:
        branch = list(branch)
        if len(branch) != 1:
            return None
        bop, bav = branch[0]
        if bop is _c.AT and bav in (_c.AT_BEGINNING, _c.AT_BEGINNING_STRING):
            continue
        if bop is _c.ASSERT and bav[0] == -1 and len(list(bav[1])) == 1 and list(bav[1])[0][0] is _c.LITERAL:
            char = chr(list(bav[1])[0][1])
            if anchor not in (None, char):
                return None
            anchor = char
            continue
        return None
    return anchor or ""


def _anchored_matches(j: int, regex: re.Pattern, source: str, anchor: str) -> list[tuple[int, int, int]]:
    """``finditer`` of an anchored regex: it is tried only where it can match."""
    found = []
    pos, last_end = 0, 0
    while pos <= len(source):
        if pos >= last_end:
            m = regex.match(source, pos)
            if m is not None:
                found.append((j, pos, m.end()))
                last_end = m.end()
        if not anchor:
            break
        nxt = source.find(anchor, pos)
        if nxt < 0:
            break
        pos = nxt + 1
    return found


@dataclass
class _Candidates:
    """Per word: which indexed patterns may start there (cached, the vocabulary repeats)."""

    by_prefix: dict[str, tuple[int, ...]]
    digit: tuple[int, ...]
    longest: int
    cache: dict[str, tuple[int, ...]]

    def lookup(self, word: str) -> tuple[int, ...]:
        found = self.cache.get(word)
        if found is None:
            hits: set[int] = set(self.digit) if word[0].isdigit() else set()
            for k in range(1, min(len(word), self.longest) + 1):
                hits.update(self.by_prefix.get(word[:k], ()))
            found = tuple(sorted(hits))
            if len(self.cache) >= MAX_CACHED_WORDS:
                self.cache.clear()
            self.cache[word] = found
        return found


class PatternIndex:
    """The regexes of one lexicon, ready to scan many sentences in one walk over their words.

    Parameters
    ----------
    regexes
        Compiled patterns, in lexicon order.
    lowered
        Per pattern: whether it runs on the lower-cased text (else on the text as given).
    """

    def __init__(self, regexes: Sequence[re.Pattern], lowered: Sequence[bool]) -> None:
        self.regexes = list(regexes)
        self.lowered = list(lowered)
        by_prefix: dict[str, set[int]] = {}
        digit: list[int] = []
        self.full_scan: list[int] = []
        #: patterns that only match at the text start or just after a given character
        self.anchored: dict[int, str] = {}
        for j, (regex, low) in enumerate(zip(self.regexes, self.lowered)):
            anchor = sentence_anchor(regex)
            if anchor is not None:
                self.anchored[j] = anchor
                continue
            heads = match_heads(regex, text_lowered=low)
            if heads is None:
                self.full_scan.append(j)
                continue
            for head in heads:
                if head == DIGIT:
                    digit.append(j)
                else:
                    by_prefix.setdefault(head, set()).add(j)
        self._candidates = _Candidates(
            {p: tuple(sorted(js)) for p, js in by_prefix.items()}, tuple(digit),
            max((len(p) for p in by_prefix), default=0), {},
        )
        # the words worth a look, found by one regex pass (a trie of the heads, so that
        # the engine tries a handful of letters per word, not every head)
        alternatives = [trie_regex(_shortest_prefixes(by_prefix))] if by_prefix else []
        if digit:
            alternatives.append(r"\d")
        self._head_words = re.compile(r"\b(?:" + "|".join(alternatives) + r")\w*") if alternatives else None

    def heads(self) -> list[str]:
        """The word prefixes the index looks for (:data:`DIGIT` aside)."""
        return list(self._candidates.by_prefix)

    def finditer_spans(self, text: str, lowered: str) -> list[tuple[int, int, int]]:
        """``(pattern, start, end)`` of every match, as per-pattern ``finditer`` finds them.

        ``lowered`` is ``text`` lower-cased with the same length. Sorted by
        pattern, then position.
        """
        found: list[tuple[int, int, int]] = []
        for j in self.full_scan:
            source = lowered if self.lowered[j] else text
            found.extend((j, *m.span()) for m in self.regexes[j].finditer(source))
        for j, anchor in self.anchored.items():
            found.extend(_anchored_matches(j, self.regexes[j], lowered if self.lowered[j] else text, anchor))
        if self._head_words is None:
            found.sort()
            return found
        cached = self._candidates.cache.get
        lookup = self._candidates.lookup
        last_end: dict[int, int] = {}
        regexes, low = self.regexes, self.lowered
        for word in self._head_words.finditer(lowered):
            text_word = word.group()
            candidates = cached(text_word) or lookup(text_word)
            pos = word.start()
            for j in candidates:
                if pos < last_end.get(j, 0):
                    continue  # finditer resumes after the previous match
                m = regexes[j].match(lowered if low[j] else text, pos)
                if m is not None:
                    found.append((j, pos, m.end()))
                    last_end[j] = m.end()
        found.sort()
        return found


def _shortest_prefixes(heads) -> list[str]:
    """The heads that no shorter head is a prefix of (a word matching one is all that counts)."""
    kept: list[str] = []
    for head in sorted(heads):
        if not kept or not head.startswith(kept[-1]):
            kept.append(head)
    return kept


def trie_regex(words: Sequence[str]) -> str:
    """A regex matching exactly ``words`` (some may be prefixes of others), factored by common
    prefixes: the engine tries a handful of letters per position, not every word."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here

    def emit(node: dict) -> str:
        branches = [re.escape(ch) + emit(child) if ch else "" for ch, child in sorted(node.items())]
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return emit(trie)
