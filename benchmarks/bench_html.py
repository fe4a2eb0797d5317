"""Web page reading: main text kept, boilerplate leaked and speed, for --html-mode main and full.

Builds the test page set (``tests/html_pages.py``: the seed and the PTC articles of a split, each
in a newspaper, a blog and a portal template full of furniture), reads every page in both modes
and prints, per mode:

- main text kept: share of the article's lines (headline and paragraphs) found in the text read;
  the PTC articles hold some scraped furniture of their own ("Email *", "Advertisement"), which
  ``main`` drops on purpose, so its figure is also given against the lines the rules keep;
- boilerplate leaked: share of the templates' furniture lines found in the text read, outside
  the article's own lines;
- pages/s and ms/page of reading alone, and pages/s of reading and scoring together;

then how many lines of all PTC articles (train and dev) the boilerplate rules would drop.

    python benchmarks/bench_html.py --data-dir ../shared/data [--split dev] [--repeat 3]

Benchmarks print figures; no test asserts timings.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from html_pages import AUTHOR, TEMPLATES, split_article  # noqa: E402

from pipeline.boilerplate import boilerplate_rule, byline_kind  # noqa: E402
from pipeline.datasets import load_ptc_articles, resolve_data_dir  # noqa: E402
from pipeline.parallel import InputDocument  # noqa: E402
from pipeline.webpage import read_page  # noqa: E402


def build_pages(data_dir: Path, split: str) -> list:
    """The seed and the split's PTC articles, each in every template."""
    seed = (ROOT / "seeds" / "000_d29a16046ccf8323.txt").read_text(encoding="utf-8")
    articles = [split_article(seed)] + [split_article(a.text) for a in load_ptc_articles(data_dir, split)]
    return [template(headline, paragraphs) for headline, paragraphs in articles for template in TEMPLATES]


def is_rule_kept(line: str) -> bool:
    return not (boilerplate_rule(line) or byline_kind(line, AUTHOR))


def measure(pages: list, mode: str, repeat: int) -> dict[str, float]:
    """Quality and reading speed of one mode over the page set."""
    kept = total = kept_rule = total_rule = leaked = furniture = 0
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        texts = [read_page(page.html, mode).text for page in pages]
        times.append(time.perf_counter() - started)
    for page, text in zip(pages, texts):
        lines = [page.headline, *page.paragraphs]
        found = [line in text for line in lines]
        kept += sum(found)
        total += len(lines)
        kept_rule += sum(f for line, f in zip(lines, found) if is_rule_kept(line))
        total_rule += sum(map(is_rule_kept, lines))
        rest = text
        for line in sorted(lines, key=len, reverse=True):
            rest = rest.replace(line, "\n")
        leaked += sum(b in rest for b in page.boilerplate)
        furniture += len(page.boilerplate)
    best = min(times)
    return {"kept": kept / total, "kept_rule": kept_rule / total_rule, "leaked": leaked / furniture,
            "pages_s": len(pages) / best, "ms_page": 1000 * best / len(pages)}


def scoring_rate(scorer, pages: list, mode: str) -> float:
    """Pages per second read and scored together (``Scorer.score_batch`` on html documents)."""
    docs = [InputDocument(f"p{i}", None, html=page.html, html_mode=mode) for i, page in enumerate(pages)]
    started = time.perf_counter()
    for first in range(0, len(docs), 16):
        reports = scorer.score_batch(docs[first:first + 16])
        assert all(r.ok for r in reports), [r.error for r in reports if not r.ok]
    return len(docs) / (time.perf_counter() - started)


def rule_hits(data_dir: Path) -> tuple[int, int]:
    """PTC article lines (train and dev) the rules would drop, and all lines."""
    lines = [" ".join(line.split()) for split in ("train", "dev") for a in load_ptc_articles(data_dir, split)
             for line in a.text.split("\n")]
    lines = [line for line in lines if line]
    return sum(not is_rule_kept(line) for line in lines), len(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", default=None)
    parser.add_argument("--split", default="dev", choices=["dev", "train"])
    parser.add_argument("--repeat", type=int, default=3, help="Reading passes; the fastest is reported.")
    args = parser.parse_args()
    data_dir = resolve_data_dir(args.data_dir)
    pages = build_pages(data_dir, args.split)
    sizes = [len(p.html.encode("utf-8")) for p in pages]
    print(f"{len(pages)} pages (seed + PTC {args.split} x {len(TEMPLATES)} templates), "
          f"median {statistics.median(sizes) / 1000:.1f} kB")
    read_page(pages[0].html)  # the first call imports trafilatura and builds its caches
    from pipeline import load_scorer

    scorer = load_scorer()
    print(f"{'mode':<6} {'main text kept':>15} {'(rule-kept lines)':>18} {'boilerplate leaked':>19} "
          f"{'read pages/s':>13} {'read ms/page':>13} {'read+score pages/s':>19}")
    for mode in ("main", "full"):
        m = measure(pages, mode, args.repeat)
        rate = scoring_rate(scorer, pages, mode)
        print(f"{mode:<6} {m['kept']:>15.1%} {m['kept_rule']:>18.1%} {m['leaked']:>19.1%} "
              f"{m['pages_s']:>13.1f} {m['ms_page']:>13.2f} {rate:>19.1f}")
    dropped, lines = rule_hits(data_dir)
    print(f"boilerplate rules on PTC article lines (train + dev): {dropped} of {lines} dropped "
          f"({dropped / lines:.2%}), the corpus's own scraped furniture")


if __name__ == "__main__":
    main()
