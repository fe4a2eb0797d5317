"""Loaders for the labelled corpora under ``--data-dir`` / ``MISINFO_DATA_DIR``.

The corpora are research-use data and are never committed to this repository;
``data/`` holds a card per corpus. Corpora without an official split
(ClaimBuster, clickbait, the CoNLL-2010 subset) get a deterministic one from a
hash of a grouping key, so every command and test sees the same ``train`` and
``dev`` parts.
"""

from __future__ import annotations

import csv
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

DATA_DIR_ENV = "MISINFO_DATA_DIR"

#: Share of the groups of an unsplit corpus that goes to ``dev``.
DEV_FRACTION = 0.2

#: PTC techniques whose spans mark sensational wording (SPEC, issue 2).
SENSATIONAL_TECHNIQUES = frozenset(
    {
        "Loaded_Language",
        "Exaggeration,Minimisation",
        "Appeal_to_fear-prejudice",
        "Name_Calling,Labeling",
    }
)

#: PTC techniques whose gold spans the sensational evidence is taught by and compared with.
EVIDENCE_TECHNIQUES = frozenset({"Loaded_Language", "Exaggeration,Minimisation"})

#: The files a model card records a sha256 for, relative to the data dir.
CORPUS_FILES = (
    "ptc/sentences.tsv",
    "ptc/spans.tsv",
    "conll2010_wiki/conll2010_wiki_pattern_subset.tsv",
    "claimbuster/claimbuster.tsv",
    "clickbait/clickbait.tsv",
    "signals_gold/signals_gold.tsv",
)

SPLITS = ("train", "dev")


class DataDirError(Exception):
    """The data directory is missing or does not hold the expected corpora."""


def resolve_data_dir(data_dir: str | os.PathLike | None = None) -> Path:
    """Return the corpora folder from the argument or ``MISINFO_DATA_DIR``.

    Raises
    ------
    DataDirError
        When neither is given or the folder lacks the PTC corpus.
    """
    chosen = data_dir if data_dir is not None else os.environ.get(DATA_DIR_ENV)
    if not chosen:
        raise DataDirError(
            f"no data directory: pass --data-dir or set {DATA_DIR_ENV} "
            "(the corpora are not shipped; see data/README.md)"
        )
    path = Path(chosen).expanduser()
    if not (path / "ptc" / "sentences.tsv").is_file():
        raise DataDirError(f"{path} does not hold the corpora (ptc/sentences.tsv is missing)")
    return path


def read_tsv(path: Path) -> list[dict[str, str]]:
    """Read one of the corpora's TSV files (header row, no quoting)."""
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def in_dev(key: str, fraction: float = DEV_FRACTION) -> bool:
    """Deterministically assign a grouping key to ``dev`` (True) or ``train``."""
    digest = hashlib.sha1(key.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") / 2**64 < fraction


def _check_split(split: str) -> None:
    if split not in SPLITS:
        raise ValueError(f"split must be one of {SPLITS}, not {split!r}")


@dataclass(frozen=True)
class LabelledSentences:
    """Sentences with binary labels and a group key (article, debate...) each."""

    corpus: str
    split: str
    texts: list[str]
    labels: list[int]
    groups: list[str]

    def __len__(self) -> int:
        return len(self.texts)


@dataclass
class PTCArticle:
    """One PTC article rebuilt from its lines, with gold sentences and spans."""

    article_id: str
    split: str
    text: str
    sentences: list[dict] = field(default_factory=list)
    spans: list[dict] = field(default_factory=list)


def load_ptc_sentences(data_dir: Path, split: str, *, label: str = "official") -> LabelledSentences:
    """PTC sentences; ``label='official'`` (SLC) or ``'sensational'`` (span-derived)."""
    _check_split(split)
    rows = [r for r in read_tsv(data_dir / "ptc" / "sentences.tsv") if r["split"] == split]
    if label == "official":
        labels = [int(r["label"] == "propaganda") for r in rows]
    elif label == "sensational":
        labels = [
            int(bool(SENSATIONAL_TECHNIQUES & set(filter(None, r["techniques"].split("|")))))
            for r in rows
        ]
    else:
        raise ValueError(f"unknown PTC label kind {label!r}")
    return LabelledSentences(
        "ptc", split, [r["text"] for r in rows], labels, [r["article_id"] for r in rows]
    )


def ptc_sentence_spans(data_dir: Path, split: str,
                       techniques: frozenset[str] = SENSATIONAL_TECHNIQUES) -> list[list[tuple[int, int]]]:
    """Gold spans of ``techniques`` per PTC sentence, sentence-relative and clipped to it.

    Aligned with :func:`load_ptc_sentences` (same rows, same order).
    """
    _check_split(split)
    by_article: dict[str, list[tuple[int, int]]] = {}
    for row in read_tsv(data_dir / "ptc" / "spans.tsv"):
        if row["split"] == split and row["technique"] in techniques:
            by_article.setdefault(row["article_id"], []).append((int(row["start"]), int(row["end"])))
    out = []
    for row in read_tsv(data_dir / "ptc" / "sentences.tsv"):
        if row["split"] != split:
            continue
        start, end = int(row["start"]), int(row["end"])
        out.append([(max(a, start) - start, min(b, end) - start)
                    for a, b in by_article.get(row["article_id"], []) if a < end and b > start])
    return out


def load_ptc_articles(data_dir: str | os.PathLike, split: str) -> list[PTCArticle]:
    """Rebuild PTC articles (lines joined by the newlines the corpus removed).

    The gaps between the stored lines held only line breaks (empty lines were
    skipped), so refilling them with ``\\n`` gives the article text back with
    every sentence and span offset intact.
    """
    _check_split(split)
    data_dir = Path(data_dir)
    articles: dict[str, PTCArticle] = {}
    for row in read_tsv(data_dir / "ptc" / "sentences.tsv"):
        if row["split"] != split:
            continue
        art = articles.setdefault(row["article_id"], PTCArticle(row["article_id"], split, ""))
        art.sentences.append(
            {
                "sent_idx": int(row["sent_idx"]),
                "start": int(row["start"]),
                "end": int(row["end"]),
                "label": int(row["label"] == "propaganda"),
                "techniques": frozenset(filter(None, row["techniques"].split("|"))),
                "text": row["text"],
            }
        )
    for row in read_tsv(data_dir / "ptc" / "spans.tsv"):
        art = articles.get(row["article_id"])
        if art is not None:
            art.spans.append(
                {"technique": row["technique"], "start": int(row["start"]), "end": int(row["end"])}
            )
    for art in articles.values():
        art.sentences.sort(key=lambda s: s["start"])
        chars: list[str] = []
        pos = 0
        for sent in art.sentences:
            chars.append("\n" * (sent["start"] - pos))
            chars.append(sent["text"])
            pos = sent["end"]
        art.text = "".join(chars)
    return sorted(articles.values(), key=lambda a: a.article_id)


def copied_articles(data_dir: Path, split: str, source: str = "train") -> set[str]:
    """Ids of the PTC ``split`` articles whose text is, character for character, an article of
    ``source``: a model trained on ``source`` has read them (eight dev articles are copies of train
    articles under other ids, e.g. dev 7634408719 of train 763440871)."""
    seen = {hashlib.sha256(a.text.encode("utf-8")).digest() for a in load_ptc_articles(data_dir, source)}
    return {a.article_id for a in load_ptc_articles(data_dir, split)
            if hashlib.sha256(a.text.encode("utf-8")).digest() in seen}


def _hash_split(data_dir: Path, rel_path: str, corpus: str, split: str, *, key: str,
                positive: str) -> LabelledSentences:
    """Rows of an unsplit corpus whose ``key`` column hashes to ``split``; 1 = ``label == positive``."""
    _check_split(split)
    rows = [r for r in read_tsv(data_dir / rel_path) if in_dev(r[key]) == (split == "dev")]
    return LabelledSentences(
        corpus, split, [r["text"] for r in rows], [int(r["label"] == positive) for r in rows],
        [r[key] for r in rows],
    )


def load_weasel(data_dir: Path, split: str) -> LabelledSentences:
    """CoNLL-2010 Wikipedia sentences (the CoNLL-labelled subset), 1 = uncertain/weasel."""
    return _hash_split(data_dir, "conll2010_wiki/conll2010_wiki_pattern_subset.tsv", "conll2010_wiki",
                       split, key="id", positive="uncertain")


def load_clickbait(data_dir: Path, split: str) -> LabelledSentences:
    """Clickbait vs news headlines, 1 = clickbait; split by a hash of the id."""
    return _hash_split(data_dir, "clickbait/clickbait.tsv", "clickbait", split, key="id",
                       positive="clickbait")


def load_claimbuster(data_dir: Path, split: str) -> LabelledSentences:
    """ClaimBuster debate sentences, 1 = CFS; split by debate so no debate is on both sides."""
    return _hash_split(data_dir, "claimbuster/claimbuster.tsv", "claimbuster", split, key="file_id",
                       positive="CFS")


def corpus_checksums(data_dir: Path) -> dict[str, str]:
    """sha256 of every corpus file a model is trained from, for the model card."""
    sums = {}
    for rel in CORPUS_FILES:
        digest = hashlib.sha256()
        with open(data_dir / rel, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        sums[rel] = digest.hexdigest()
    return sums


#: The three signals as the sentence gold names its columns (label column, evidence prefix).
GOLD_COLUMNS = {
    "anonymous_attribution": "anonymous",
    "sensational_wording": "sensational",
    "unverifiable_specifics": "specifics",
}


@dataclass
class SignalsGold:
    """PTC news sentences labelled for the three signals, with evidence spans (sentence-relative)."""

    split: str
    texts: list[str]
    groups: list[str]
    keys: list[tuple[str, int]]  # (article_id, sent_idx): the PTC row each sentence is
    labels: dict[str, list[int]]
    spans: dict[str, list[list[tuple[int, int]]]]

    def __len__(self) -> int:
        return len(self.texts)


def _offsets(field_value: str) -> list[tuple[int, int]]:
    spans = []
    for piece in filter(None, field_value.split("|")):
        start, end = piece.split(":")
        spans.append((int(start), int(end)))
    return spans


def load_signals_gold(data_dir: Path, split: str) -> SignalsGold:
    """The ``signals_gold`` sentences of one split (see its GUIDELINE.md)."""
    _check_split(split)
    rows = [r for r in read_tsv(data_dir / "signals_gold" / "signals_gold.tsv") if r["split"] == split]
    return _signals_gold(split, rows, [r["text"] for r in rows])


def _signals_gold(split: str, rows: list[dict[str, str]], texts: list[str]) -> SignalsGold:
    """Sentences ``texts`` with the labels and evidence offsets of their ``rows`` (the gold's columns)."""
    return SignalsGold(
        split=split,
        texts=texts,
        groups=[r["article_id"] for r in rows],
        keys=[(r["article_id"], int(r["sent_idx"])) for r in rows],
        labels={name: [int(r[name]) for r in rows] for name in GOLD_COLUMNS},
        spans={name: [_offsets(r[f"{col}_offsets"]) if r[name] == "1" else [] for r in rows]
               for name, col in GOLD_COLUMNS.items()},
    )


#: More PTC train sentences labelled under the gold's guideline, shipped with the package as
#: labels and offsets only (the sentences are read from the data dir; see data/signals_extra.md).
SIGNALS_EXTRA = Path(__file__).resolve().parent / "resources" / "signals_extra.tsv"


def text_fingerprint(text: str) -> str:
    """The first 8 hex digits of a sentence's SHA-1: what ties a label row to its text."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


def load_signals_extra(data_dir: Path, path: Path = SIGNALS_EXTRA) -> SignalsGold:
    """The extra labelled PTC train sentences (:data:`SIGNALS_EXTRA`), texts from ``data_dir``.

    Raises
    ------
    DataDirError
        When a row's sentence is missing from the PTC corpus or its text differs from the
        one that was labelled (another version of the corpus): offsets would point elsewhere.
    """
    sentences = {(r["article_id"], r["sent_idx"]): r["text"]
                 for r in read_tsv(data_dir / "ptc" / "sentences.tsv") if r["split"] == "train"}
    rows = read_tsv(path)
    texts = []
    for r in rows:
        text = sentences.get((r["article_id"], r["sent_idx"]))
        if text is None or text_fingerprint(text) != r["text_sha1"]:
            raise DataDirError(f"{path.name}: PTC train sentence {r['article_id']}/{r['sent_idx']} is missing "
                               f"or differs from the labelled text (another version of the corpus?)")
        texts.append(text)
    return _signals_gold("train", rows, texts)

