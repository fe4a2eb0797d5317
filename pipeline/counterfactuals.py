"""Counterfactual pairs: a sentence and a minimal edit of it that weakens (or strengthens) one signal.

``seeds/counterfactual_pairs.jsonl`` holds one pair per line: which sentence
(``origin: seed`` with its ``sentence`` index in the seed document, or
``ptc_dev`` with ``article_id`` / ``sent_idx``, read from the corpus so that no
corpus text is stored), the ``replace`` pairs that make the edited version, the
edit's ``kind`` (``name_source``, ``tone_down``, ``drop_figure``) and which
version is ``weaker``. The weaker version must never be rated less credible.

Those pairs are read by hand and checked on the product; a choice made in
training needs pairs of its own, made from train sentences: :func:`figure_pairs`
drops the figures and dates of each sentence (:func:`drop_figures`) so that a
training choice can be judged by how often the sentence without its figures is
rated at least as credible.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from .figures import is_figure_word
from .signals.structure import FIGURE_LEADS

KINDS = ("name_source", "tone_down", "drop_figure")

#: A word with the figure marks it may carry ("$40,000", "10:05", "13%", "2017-18").
_WORD = re.compile(r"[$£€]?\w+(?:[.,:/\-]\w+)*%?")
#: Units after a figure ("four months", "500 troops"): dropped with it.
_UNITS = frozenset("""
    second seconds minute minutes hour hours day days week weeks month months year years decade
    decades century centuries percent people troops dollars euros pounds miles kilometers times
""".split())


@dataclass(frozen=True)
class CounterfactualPair:
    """One edit: ``weaker`` carries the weaker signal, ``stronger`` the other version."""

    pair_id: str
    kind: str
    weaker: str
    stronger: str


def read_pairs(path: Path, seed_sentences: Sequence[str],
               ptc_dev: Mapping[tuple[str, int], str]) -> list[CounterfactualPair]:
    """The pairs of ``path``, their sentences taken from the seed and PTC dev.

    Raises
    ------
    ValueError
        A record that names no known sentence, an unknown kind, or an edit whose
        ``old`` text does not occur exactly once.
    """
    pairs = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        record = json.loads(line)
        where = f"{path}:{number} ({record.get('id')})"
        if record.get("kind") not in KINDS or record.get("weaker") not in ("base", "edited"):
            raise ValueError(f"{where}: kind must be one of {KINDS} and weaker 'base' or 'edited'")
        if record.get("origin") == "seed":
            base = seed_sentences[int(record["sentence"])]
        elif record.get("origin") == "ptc_dev":
            key = (str(record["article_id"]), int(record["sent_idx"]))
            if key not in ptc_dev:
                raise ValueError(f"{where}: no PTC dev sentence {key}")
            base = ptc_dev[key]
        else:
            raise ValueError(f"{where}: origin must be 'seed' or 'ptc_dev'")
        edited = base
        for old, new in record["replace"]:
            if edited.count(old) != 1:
                raise ValueError(f"{where}: {old!r} occurs {edited.count(old)} times, not once")
            edited = edited.replace(old, new)
        weaker, stronger = (base, edited) if record["weaker"] == "base" else (edited, base)
        pairs.append(CounterfactualPair(record["id"], record["kind"], weaker, stronger))
    return pairs


def ptc_dev_sentences(data_dir: Path) -> dict[tuple[str, int], str]:
    """PTC dev sentences keyed by ``(article_id, sent_idx)``."""
    from .datasets import load_ptc_articles

    return {(art.article_id, s["sent_idx"]): s["text"]
            for art in load_ptc_articles(data_dir, "dev") for s in art.sentences}


def pairs_that_fail(scorer, pairs: Sequence[CounterfactualPair]) -> list[tuple[CounterfactualPair, float, float]]:
    """The pairs whose weaker version is rated less credible, with both credibilities."""
    weaker = scorer.score_sentences([p.weaker for p in pairs])
    stronger = scorer.score_sentences([p.stronger for p in pairs])
    return [(p, w.credibility, s.credibility) for p, w, s in zip(pairs, weaker, stronger)
            if w.credibility < s.credibility]


def drop_figures(text: str) -> str:
    """``text`` without its figures and dates: each run of figure words
    (:func:`pipeline.figures.is_figure_word`) with the word that opens it (``FIGURE_LEADS``:
    "in", "over") and a unit after it ("months"); spaces closed up. ``text`` itself when it has
    none.
    """
    words = list(_WORD.finditer(text))
    drop = [is_figure_word(m.group()) for m in words]
    for i in range(1, len(words)):
        if drop[i] and not drop[i - 1] and words[i - 1].group().lower() in FIGURE_LEADS:
            drop[i - 1] = True
        elif drop[i - 1] and not drop[i] and is_figure_word(words[i - 1].group()) \
                and words[i].group().lower() in _UNITS:
            drop[i] = True
    if not any(drop):
        return text
    kept, at = [], 0
    for m, dropped in zip(words, drop):
        if dropped:
            kept.append(text[at:m.start()])
            at = m.end()
    kept.append(text[at:])
    return re.sub(r"\s+([,.;:!?])", r"\1", re.sub(r"\s{2,}", " ", "".join(kept))).strip()


def figure_pairs(texts: Iterable[str], *, min_words: int = 5) -> list[CounterfactualPair]:
    """A ``drop_figure`` pair for each sentence that has figures: the sentence without them is the
    weaker one. Sentences left with fewer than ``min_words`` words are skipped (a dateline, a
    score line), as no reader would compare them. A pair's ``pair_id`` is ``auto-<i>``, ``i`` the
    position of its sentence in ``texts``."""
    pairs = []
    for i, text in enumerate(texts):
        weaker = drop_figures(text)
        if weaker != text and len(weaker.split()) >= min_words:
            pairs.append(CounterfactualPair(f"auto-{i}", "drop_figure", weaker, text))
    return pairs
