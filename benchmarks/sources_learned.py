"""A learned mention reader beside the parser: what the rule-reading source lists teach it, measured
on the judge set, and how that grows with the number of lists.

Candidates of each article are the builder's mentions (kind as the parser types it) and every run
of capitalised words it does not cover (a name, an outlet, a body). Each candidate is labelled with
the kind of the hand-listed mention it overlaps, or ``none``; a logistic regression over the
candidate's words, the words around it, the verb it is the subject of (past an appositive, a
relative pronoun and auxiliaries), the lexicon classes of ``attribution_terms.tsv``, quotation and
a few document counts learns that label. Three ways to use it:

* ``replace``: the classifier alone decides, over all candidates (``none`` under the cut);
* ``add``: the parser's mentions stay as they are; the classifier adds capitalised runs;
* ``veto``: only the parser's mentions, the classifier dropping those it gives ``none`` 0.9 or more.

Fitted on ``seeds/sources/ptc_train`` only (grouped 5-fold CV there, by article), scored on
``ptc_train_judge``; dev is never read. ``--curve`` refits on a quarter and a half of the lists
(three seeded draws each) to show how the judge figures grow with the lists;
``--no-document-counts`` leaves out the three features that read the whole document. About a minute.

On 2026-11-27 (108 lists, 1,576 mentions; judge set 34 articles, 450 mentions), typed mention
P / R, CV on the lists | judge set:

* parser 0.815 / 0.527 | 0.789 / 0.524;
* replace, cut 0.5: 0.806 / 0.537 | 0.815 / 0.562; cut 0.7: 0.749 / 0.568 | 0.767 / 0.584;
* add, cut 0.5: 0.796 / 0.546 | 0.794 / 0.562; cut 0.7: 0.746 / 0.568 | 0.758 / 0.582;
* veto: the parser's figures (it drops next to nothing).

So the classifier trades precision for recall against the parser in CV and is a little ahead on
the judge set, nowhere near 0.85. Curve (replace, cut 0.5, judge set): 27 lists 0.780 / 0.500, 54
lists 0.780 / 0.526, 108 lists 0.815 / 0.562: recall grows about 0.03 for each doubling of the
lists, so 0.85 would take some ten more doublings, far more articles than PTC train holds (293).

    python benchmarks/sources_learned.py --data-dir ../shared/data [--curve]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from sklearn.feature_extraction import DictVectorizer  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.model_selection import GroupKFold  # noqa: E402

from pipeline.datasets import resolve_data_dir  # noqa: E402
from pipeline.segment import default_segmenter  # noqa: E402
from pipeline.signals.attributions import attribution_lexicon  # noqa: E402
from pipeline.sources import listed_articles, predicted_mentions, score_mentions  # noqa: E402

_TOKEN = re.compile(r"\w+(?:['’\-.]\w+)*\.?|[^\w\s]")
_CAPITAL = re.compile(r"[A-Z][\w.’'\-]*$")
#: Words that may join capitalised words inside one name ("Bureau of Labor Statistics").
_JOINERS = frozenset({"of", "the", "&", "de", "al", "bin", "van", "von", "for", "and", "la", "del"})
#: Words between a subject and its verb ("has also said", "would later deny").
_AUXILIARIES = frozenset({"has", "have", "had", "is", "are", "was", "were", "will", "would", "could", "can", "may",
                          "might", "should", "must", "did", "does", "do", "also", "not", "never", "been", "be",
                          "then", "later", "again", "still", "even", "previously", "recently", "just"})
_PREPOSITIONS = frozenset({"by", "from", "with", "of", "to", "for", "as", "at", "on", "in", "about", "against",
                           "like"})
_DETERMINERS = frozenset({"a", "an", "the", "this", "that"})
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")
C = 0.3
CUTS = (0.4, 0.5, 0.6, 0.7)
VETO_CUT = 0.9


def _tokens(sentence: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(sentence)]


def _capitalised_runs(tokens) -> list[tuple[int, int]]:
    """``(i, j)`` token ranges of capitalised words, joiners allowed between two of them."""
    runs, i, n = [], 0, len(tokens)
    while i < n:
        if not _CAPITAL.match(tokens[i][2]):
            i += 1
            continue
        j = i + 1
        while j < n:
            if _CAPITAL.match(tokens[j][2]):
                j += 1
            elif tokens[j][2].lower() in _JOINERS and j + 1 < n and _CAPITAL.match(tokens[j + 1][2]):
                j += 2
            else:
                break
        runs.append((i, j))
        i = j
    return runs


def _features(tokens, i, j, parser_kind, quoted, doc) -> dict[str, float]:
    """What the classifier reads of candidate tokens ``i:j`` of a sentence."""
    lex = attribution_lexicon()
    words = [t[2] for t in tokens]
    low = [w.lower() for w in words]
    n = len(words)
    f: dict[str, float] = {"parser=" + (parser_kind or "none"): 1, f"len={min(j - i, 4)}": 1,
                           "first=" + low[i]: 1, "last=" + low[j - 1]: 1, "sentence_start": float(i == 0),
                           "bigram+=" + " ".join(low[j:j + 2]): 1, "bigram-=" + " ".join(low[max(0, i - 2):i]): 1}
    for k in (1, 2, 3):
        f[f"w-{k}=" + (low[i - k] if i >= k else "<s>")] = 1
        f[f"w+{k}=" + (low[j + k - 1] if j + k - 1 < n else "</s>")] = 1
    for w in low[j:j + 6]:
        f["near+=" + w] = 1
        for name, words_of in (("reporting", lex.reporting), ("stance", lex.stance)):
            if w in words_of:
                f[name + "+"] = 1
    for w in low[max(0, i - 4):i]:
        f["near-=" + w] = 1
    for w in words[i:j]:
        lw = w.lower()
        for name, words_of in (("outlet", lex.outlet), ("body", lex.body | lex.body_noun), ("place", lex.place),
                               ("title", lex.title_word | lex.title_noun), ("not_name", lex.not_name),
                               ("doc", lex.doc), ("role", lex.role), ("group", lex.group)):
            if w in words_of or lw in words_of:
                f["in_" + name] = 1
    start, end = tokens[i][0], tokens[j - 1][1]
    f["quoted"] = float(any(a <= start and end <= b for a, b in quoted))
    f["multi_capital"] = float(sum(w[:1].isupper() for w in words[i:j]) >= 2)
    key = low[j - 1]
    f["doc_count"] = min(doc["count"].get(key, 0), 5) / 5
    f["doc_parsed"] = float(key in doc["parsed"])
    f["doc_full_name"] = float(doc["surnames"].get(key, 0) > 0)
    # the verb the candidate is the subject of: past an appositive or "who", and auxiliaries
    k = j
    if k < n and words[k] in {"’s", "'s"}:
        f["possessed=" + (low[k + 1] if k + 1 < n else "")] = 1
    if k < n and words[k] == ",":
        close = next((m for m in range(k + 1, min(n, k + 16)) if words[m] == ","), None)
        if close is not None:
            k, f["appositive"] = close + 1, 1
    elif k < n and low[k] == "who":
        k, f["who"] = k + 1, 1
    while k < n and (low[k] in _AUXILIARIES or low[k].endswith("ly")):
        k += 1
    verb = low[k] if k < n else "</s>"
    f["verb=" + verb] = 1
    f["verb_stem=" + re.sub(r"(ing|ed|es|s|d)$", "", verb)] = 1
    verb_class = ("reporting" if verb in lex.reporting else "stance" if verb in lex.stance
                  else "ed" if verb.endswith("ed") else "lower" if verb.isalpha() and verb.islower() else "other")
    f["verb_class=" + verb_class + str(int(f["multi_capital"]))] = 1
    before = low[i - 1] if i else "<s>"
    f["before=" + ("preposition" if before in _PREPOSITIONS else "determiner" if before in _DETERMINERS
                   else "punctuation" if not before.isalnum() else "word")] = 1
    return f


def candidates(text: str, segmenter) -> list[tuple[int, int, str | None, dict]]:
    """``(start, end, parser kind or None, features)`` of one article's candidates."""
    parsed = predicted_mentions(text, segmenter)
    doc = {"count": Counter(w.lower() for w in re.findall(r"[A-Z][\w’'\-]+", text)),
           "parsed": {text[s:e].split()[-1].lower() for _, s, e in parsed if text[s:e].split()},
           "surnames": Counter(m.group(1).lower() for m in re.finditer(r"\b[A-Z][a-z]+\s+([A-Z][\w’'\-]+)", text))}
    out = []
    for s0, e0 in segmenter.spans(text):
        sentence = text[s0:e0]
        tokens = _tokens(sentence)
        quoted = [m.span() for m in _QUOTED.finditer(sentence)]
        taken = []
        for kind, s, e in parsed:
            if not s0 <= s < e0:
                continue
            idx = [x for x, t in enumerate(tokens) if t[0] < e - s0 and s - s0 < t[1]]
            if idx:
                out.append((s, e, kind, _features(tokens, idx[0], idx[-1] + 1, kind, quoted, doc)))
                taken.append((s - s0, e - s0))
        for i, j in _capitalised_runs(tokens):
            s, e = tokens[i][0], tokens[j - 1][1]
            if not any(s < b and a < e for a, b in taken):
                out.append((s0 + s, s0 + e, None, _features(tokens, i, j, None, quoted, doc)))
    return out


def _table(listed, segmenter):
    rows = []
    for article_id, text, gold in listed:
        for s, e, kind, feats in candidates(text, segmenter):
            label = next((k for k, gs, ge in gold if s < ge and gs < e), "none")
            rows.append((article_id, s, e, kind, feats, label))
    return rows


def _fit(rows):
    vec = DictVectorizer()
    clf = LogisticRegression(C=C, max_iter=3000).fit(vec.fit_transform([r[4] for r in rows]), [r[5] for r in rows])
    return vec, clf


def _decide(rows, proba, classes, mode: str, cut: float) -> list[str | None]:
    none = list(classes).index("none")
    out = []
    for row, p in zip(rows, proba):
        others = p.copy()
        others[none] = -1
        best = classes[int(np.argmax(others))]
        if mode == "replace":
            out.append(best if p[none] < cut else None)
        elif mode == "add":
            out.append(row[3] or (best if p[none] < cut else None))
        else:  # veto
            out.append(row[3] if row[3] and p[none] < cut else None)
    return out


def _score(listed, rows, kinds) -> dict[str, float]:
    predicted: dict[str, list] = {}
    for row, kind in zip(rows, kinds):
        if kind:
            predicted.setdefault(row[0], []).append((kind, row[1], row[2]))
    return score_mentions([(gold, predicted.get(aid, [])) for aid, _, gold in listed])["all"]


def _modes():
    return [("replace", c) for c in CUTS] + [("add", c) for c in CUTS] + [("veto", VETO_CUT)]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", default=None)
    parser.add_argument("--curve", action="store_true", help="Also refit on a quarter and a half of the lists.")
    parser.add_argument("--no-document-counts", action="store_true",
                        help="Leave out the features that read the whole document (a streamed reader has only what came before).")
    args = parser.parse_args(argv)
    data_dir = resolve_data_dir(args.data_dir)
    segmenter = default_segmenter()
    train = listed_articles(ROOT / "seeds" / "sources" / "ptc_train", data_dir, "train")
    judge = listed_articles(ROOT / "seeds" / "sources" / "ptc_train_judge", data_dir, "train")
    train_rows, judge_rows = _table(train, segmenter), _table(judge, segmenter)
    if args.no_document_counts:
        for rows in (train_rows, judge_rows):
            for row in rows:
                for key in ("doc_count", "doc_parsed", "doc_full_name"):
                    row[4].pop(key, None)
    print(f"{len(train)} rule-reading lists ({len(train_rows)} candidates), judge set {len(judge)} articles")

    groups = np.array([r[0] for r in train_rows])
    oof = None
    for fit_idx, held_idx in GroupKFold(5).split(groups, groups=groups):
        vec, clf = _fit([train_rows[k] for k in fit_idx])
        proba = clf.predict_proba(vec.transform([train_rows[k][4] for k in held_idx]))
        if oof is None:
            oof, classes = np.zeros((len(train_rows), proba.shape[1])), clf.classes_
        oof[held_idx] = proba
    vec, clf = _fit(train_rows)
    judge_proba = clf.predict_proba(vec.transform([r[4] for r in judge_rows]))

    print(f"{'typed mention P / R':<22}{'CV on the lists':>18}{'judge set':>18}")
    parser_cv = _score(train, train_rows, [r[3] for r in train_rows])
    parser_judge = _score(judge, judge_rows, [r[3] for r in judge_rows])
    print(f"{'parser':<22}{parser_cv['precision']:>10.3f} / {parser_cv['recall']:.3f}"
          f"{parser_judge['precision']:>10.3f} / {parser_judge['recall']:.3f}")
    for mode, cut in _modes():
        cv = _score(train, train_rows, _decide(train_rows, oof, classes, mode, cut))
        held = _score(judge, judge_rows, _decide(judge_rows, judge_proba, clf.classes_, mode, cut))
        print(f"{mode + f' (cut {cut})':<22}{cv['precision']:>10.3f} / {cv['recall']:.3f}"
              f"{held['precision']:>10.3f} / {held['recall']:.3f}")

    if args.curve:
        print("judge set against the number of lists fitted on (mean of 3 seeded draws below all):")
        rng = random.Random(20261127)
        for size in (len(train) // 4, len(train) // 2, len(train)):
            draws = [train] if size == len(train) else [rng.sample(train, size) for _ in range(3)]
            figures = {m: [] for m in _modes()}
            for draw in draws:
                ids = {aid for aid, _, _ in draw}
                vec, clf = _fit([r for r in train_rows if r[0] in ids])
                proba = clf.predict_proba(vec.transform([r[4] for r in judge_rows]))
                for mode, cut in _modes():
                    s = _score(judge, judge_rows, _decide(judge_rows, proba, clf.classes_, mode, cut))
                    figures[(mode, cut)].append((s["precision"], s["recall"]))
            for (mode, cut), values in figures.items():
                p, r = np.mean(values, axis=0)
                print(f"  {size:>3} lists  {mode + f' (cut {cut})':<20}{p:>7.3f} / {r:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
