"""Document sources against hand-listed sources: mention precision and recall, per kind and overall.

    MISINFO_DATA_DIR=../shared/data python benchmarks/sources_eval.py [--split dev] [--show]
    MISINFO_DATA_DIR=../shared/data python benchmarks/sources_eval.py --split train --folder ptc_train_judge

Reads the expected files ``seeds/sources/ptc_<split>/<article_id>.sources.json`` (or those of
``--folder``, a folder of ``seeds/sources`` whose articles are of ``--split``)
(offsets and kinds only; the article text comes from the PTC corpus in the
data dir) and the seed documents' ``seeds/<name>.sources.json``. A predicted
mention matches a gold one when their spans overlap and their kinds agree
(``typed``), or only overlap (``any kind``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.datasets import resolve_data_dir  # noqa: E402
from pipeline.sources import KINDS, listed_articles, predicted_mentions, score_mentions  # noqa: E402


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", default=None)
    parser.add_argument("--split", default="dev")
    parser.add_argument("--folder", default=None,
                        help="A folder of seeds/sources to read instead of ptc_<split> (its articles of --split).")
    parser.add_argument("--show", action="store_true", help="List misses and false alarms per article.")
    args = parser.parse_args(argv)
    folder = ROOT / "seeds" / "sources" / (args.folder or f"ptc_{args.split}")
    listed = listed_articles(folder, resolve_data_dir(args.data_dir), args.split)
    pairs = []
    for article_id, text, gold in listed:
        pred = predicted_mentions(text)
        pairs.append((gold, pred))
        if args.show:
            _show(article_id, text, gold, pred)
    for label, typed in (("typed (overlap + same kind)", True), ("any kind (overlap)", False)):
        figures = score_mentions(pairs, typed=typed)
        print(f"{label}: {len(listed)} articles")
        print(f"  {'kind':<14}{'gold':>6}{'pred':>6}{'P':>7}{'R':>7}")
        for kind in (*KINDS, "all"):
            f = figures[kind]
            print(f"  {kind:<14}{f['gold']:>6}{f['pred']:>6}{f['precision']:>7.3f}{f['recall']:>7.3f}")
    return 0


def _show(article_id, text, gold, pred) -> None:
    print(f"== {article_id}")
    for kind, s, e in gold:
        if not any(k == kind and s < pe and ps < e for k, ps, pe in pred):
            typed_as = [k for k, ps, pe in pred if s < pe and ps < e]
            seen = f" (found as {', '.join(typed_as)})" if typed_as else ""
            print(f"  miss  {kind:<13} {text[s:e]!r}{seen}  ...{text[max(0, s - 60):e + 60]!r}")
    for kind, s, e in pred:
        if not any(k == kind and s < ge and gs < e for k, gs, ge in gold):
            print(f"  false {kind:<13} {text[s:e]!r}  ...{text[max(0, s - 40):e + 40]!r}")


if __name__ == "__main__":
    sys.exit(main())
