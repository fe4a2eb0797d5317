"""Text -> sentences with character offsets, using NLTK Punkt with shipped parameters.

The Punkt parameters (abbreviations, collocations, sentence starters,
orthographic context) are trained with :class:`nltk.tokenize.punkt.PunktTrainer`
on the PTC training articles and shipped as plain JSON in
``pipeline/resources/punkt_news.json``; nothing is downloaded at run time.

Punkt only sees running prose. Line structure is handled first: a blank line
always ends a sentence, and so does a single line break after a line that ends
a sentence or stands alone as a headline (no final punctuation), unless the next
line carries on in lower case.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from pathlib import Path

from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer, PunktTrainer

PARAMS_RESOURCE = "punkt_news.json"
#: Punkt's orthographic-context flags for a word seen in lower case (at a sentence's start, in its
#: middle, or where the position was unknown): NLTK's _ORTHO_BEG_LC | _ORTHO_MID_LC | _ORTHO_UNK_LC.
_ORTHO_LOWER = 16 | 32 | 64

#: Longest sentence handed to the signal extractors; longer runs without a
#: boundary (scraped tables, 100k-character "sentences") are cut at whitespace
#: so that scoring time and memory stay bounded per sentence.
MAX_SENTENCE_CHARS = 3000

#: News abbreviations Punkt must know even if the training text is too small to
#: learn them (lower case, without the final period, as Punkt stores them).
NEWS_ABBREVIATIONS = (
    "u.s", "u.k", "u.n", "e.u", "d.c", "a.m", "p.m", "i.e", "e.g", "u.s.a",
    "gen", "lt", "col", "maj", "capt", "cmdr", "adm", "sgt", "cpl", "pvt",
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "pres", "sec", "amb",
    "rev", "hon", "st", "jr", "sr", "inc", "corp", "ltd", "co", "no", "vs",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "mon", "tue", "tues", "wed", "thu", "thurs", "fri", "sat", "sun",
    "ala", "ariz", "ark", "calif", "colo", "conn", "del", "fla", "ga", "ill", "ind",
    "kan", "ky", "la", "md", "mass", "mich", "minn", "miss", "mo", "mont", "neb",
    "nev", "okla", "ore", "pa", "tenn", "tex", "va", "vt", "wash", "wis", "wyo",
    "approx", "est", "dept", "govt", "univ", "assn", "bros", "ft", "mt",
)

#: Longest run of text handed to Punkt in one call (see :func:`_windows`).
PUNKT_WINDOW = 50_000
_LIKELY_END = re.compile(r"""[.!?]["'”’)\]]*\s+(?=["“‘']?[A-Z])""")
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")
_LINE_BREAK = re.compile(r"\r?\n")
#: A line ends a sentence when, before trailing closers and whitespace, it ends with one of these.
_SENTENCE_END_CHARS = frozenset(".!?:;…")
_CLOSERS = "\"'”’)]"
_CARRY_ON = re.compile(r"\s*[a-z(,;]")  # used with .match at a line start
_HARD_WRAP_END = re.compile(r"(?:(?<![\w'’])[a-z][\w'’]*|[,;\-–—])\s*$")


def train_punkt_params(texts: Iterable[str]) -> PunktParameters:
    """Train Punkt parameters on running news text, plus :data:`NEWS_ABBREVIATIONS`."""
    trainer = PunktTrainer()
    trainer.INCLUDE_ALL_COLLOCS = True
    for text in texts:
        trainer.train(text, finalize=False)
    trainer.finalize_training()
    params = trainer.get_params()
    params.abbrev_types.update(NEWS_ABBREVIATIONS)
    return params


def params_to_dict(params: PunktParameters) -> dict:
    """Plain-data form of Punkt parameters (sorted, so the file is stable)."""
    return {
        "abbrev_types": sorted(params.abbrev_types),
        "collocations": sorted([a, b] for a, b in params.collocations),
        "sent_starters": sorted(params.sent_starters),
        "ortho_context": dict(sorted(params.ortho_context.items())),
    }


def params_from_dict(data: dict) -> PunktParameters:
    """Inverse of :func:`params_to_dict`."""
    params = PunktParameters()
    params.abbrev_types = set(data["abbrev_types"])
    params.collocations = {tuple(pair) for pair in data["collocations"]}
    params.sent_starters = set(data["sent_starters"])
    params.ortho_context = defaultdict(int, {k: int(v) for k, v in data["ortho_context"].items()})
    return params


def save_params(params: PunktParameters, path: str | Path) -> None:
    """Write Punkt parameters as JSON."""
    Path(path).write_text(json.dumps(params_to_dict(params), indent=0, ensure_ascii=False) + "\n",
                          encoding="utf-8")


def _ends_sentence(line: str) -> bool:
    """``[.!?:;…]`` then only closing quotes/brackets and whitespace up to the end of ``line``."""
    return line.rstrip().rstrip(_CLOSERS)[-1:] in _SENTENCE_END_CHARS


class Segmenter:
    """Split a document into sentence spans ``(start, end)`` with ``text[start:end]`` stripped.

    Parameters
    ----------
    params
        Punkt parameters; the shipped ones when omitted.
    max_sentence_chars
        Longer sentences are cut at the last whitespace before this many characters.
    """

    def __init__(self, params: PunktParameters | None = None, *,
                 max_sentence_chars: int = MAX_SENTENCE_CHARS) -> None:
        self.params = params if params is not None else shipped_params()
        self.max_sentence_chars = max_sentence_chars
        self._punkt = PunktSentenceTokenizer(self.params)

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Sentence spans in document order; whitespace-only text gives none."""
        out: list[tuple[int, int]] = []
        for block_start, block_end in self._line_blocks(text):
            for start, end in _windows(text, block_start, block_end):
                for s, e in self._punkt.span_tokenize(text[start:end]):
                    self._append_trimmed(text, start + s, start + e, out)
        return out

    def split(self, text: str) -> list[str]:
        """Sentence strings (convenience over :meth:`spans`)."""
        return [text[s:e] for s, e in self.spans(text)]

    def _line_blocks(self, text: str) -> Iterable[tuple[int, int]]:
        """Yield spans of prose that Punkt may treat as running text."""
        para_start = 0
        for match in _BLANK_LINE.finditer(text):
            yield from self._split_lines(text, para_start, match.start())
            para_start = match.end()
        yield from self._split_lines(text, para_start, len(text))

    @staticmethod
    def _split_lines(text: str, start: int, end: int) -> Iterable[tuple[int, int]]:
        block_start = start
        prev_line_start = start
        for match in _LINE_BREAK.finditer(text, start, end):
            line = text[prev_line_start:match.start()]
            # the line runs on into the next when it does not end a sentence and the next
            # line starts in lower case or this one looks hard-wrapped (checked in that order:
            # the wrap test scans the whole line)
            runs_on = not _ends_sentence(line) and (
                bool(_CARRY_ON.match(text, match.end(), min(end, match.end() + 2)))
                or (len(line) >= 60 and bool(_HARD_WRAP_END.search(line)))
            )
            if not runs_on:
                yield block_start, match.start()
                block_start = match.end()
            prev_line_start = match.end()
        yield block_start, end

    def _append_trimmed(self, text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        while end - start > self.max_sentence_chars:
            cut = start + self.max_sentence_chars
            space = text.rfind(" ", start + self.max_sentence_chars // 2, cut)
            cut = space if space > start else cut
            out.append((start, cut))
            start = cut
            while start < end and text[start].isspace():
                start += 1
        if end > start:
            out.append((start, end))


def _windows(text: str, start: int, end: int) -> Iterable[tuple[int, int]]:
    """Cut a very long block into windows Punkt handles in bounded time.

    Punkt scans a block in one regex pass (NLTK stops a pass after 5 s), so a
    multi-megabyte line is fed in windows of :data:`PUNKT_WINDOW` characters,
    each ending at the last likely sentence end (else whitespace) before the limit.
    """
    while end - start > PUNKT_WINDOW:
        limit = start + PUNKT_WINDOW
        cut = None
        for match in _LIKELY_END.finditer(text, limit - PUNKT_WINDOW // 10, limit):
            cut = match.end()
        if cut is None:
            space = text.rfind(" ", start + PUNKT_WINDOW // 2, limit)
            cut = space + 1 if space > start else limit
        yield start, cut
        start = cut
    yield start, end


@lru_cache(maxsize=1)
def shipped_params() -> PunktParameters:
    """The Punkt parameters shipped with the package."""
    data = json.loads(resources.files("pipeline").joinpath("resources", PARAMS_RESOURCE)
                      .read_text(encoding="utf-8"))
    return params_from_dict(data)


@lru_cache(maxsize=1)
def lowercase_words() -> frozenset[str]:
    """Words the shipped Punkt parameters saw written in lower case somewhere in the news text
    they were trained on ("eyewitness", "defend"): common words, where a name ("Broaddrick")
    is only ever capitalised."""
    return frozenset(w for w, flags in shipped_params().ortho_context.items() if flags & _ORTHO_LOWER)


@lru_cache(maxsize=1)
def default_segmenter() -> Segmenter:
    """A segmenter over the shipped parameters (built once per process)."""
    return Segmenter()


def boundary_f1(gold: list[tuple[int, int]], predicted: list[tuple[int, int]]) -> dict[str, float]:
    """Precision, recall and F1 of sentence end offsets (the last one excluded)."""
    gold_ends = {e for _, e in gold[:-1]}
    pred_ends = {e for _, e in predicted[:-1]}
    tp = len(gold_ends & pred_ends)
    p = tp / len(pred_ends) if pred_ends else 1.0
    r = tp / len(gold_ends) if gold_ends else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f, "gold": len(gold_ends), "predicted": len(pred_ends)}
