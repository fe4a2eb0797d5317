"""Peak memory and time of `misinfo score` on one huge one-line document, and a byte check.

Builds a one-line document of real news text (the seed story, its whitespace folded, repeated
and joined by spaces) of ``--mb`` megabytes, runs ``misinfo score DOC -o OUT`` in a subprocess
and prints its peak RSS (``getrusage(RUSAGE_CHILDREN)``, the only child so far) and seconds.
Then checks, on a ``--check-mb`` document, that the streamed CLI output equals the whole-report
path of the library (``Scorer.score`` + the renderer, as every document was written before
streaming) byte for byte, in each streamed format.

    python benchmarks/bench_memory.py [--mb 50] [--check-mb 2]

Benchmarks print figures; no test asserts them.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_d29a16046ccf8323.txt"


def one_line_document(path: Path, megabytes: float) -> int:
    """Write the seed story as one line, repeated to ``megabytes``; return its size in bytes."""
    story = " ".join(SEED.read_text(encoding="utf-8").split())
    copies = max(1, int(megabytes * 1_000_000 / (len(story.encode("utf-8")) + 1)))
    path.write_text(" ".join([story] * copies) + "\n", encoding="utf-8")
    return path.stat().st_size


def score(doc: Path, out: Path, fmt: str = "jsonl") -> float:
    """Run ``misinfo score`` in a subprocess; return its wall time."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "pipeline", "score", str(doc), "-o", str(out), "--format", fmt],
                          capture_output=True)
    if done.returncode != 0:
        raise SystemExit(f"misinfo score failed ({done.returncode}): {done.stderr.decode()}")
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=50.0, help="size of the huge document (MB)")
    parser.add_argument("--check-mb", type=float, default=2.0, help="size of the byte-identity document (MB)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        doc = folder / "huge.txt"
        size = one_line_document(doc, args.mb)
        seconds = score(doc, folder / "huge.jsonl")
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # kilobytes on Linux
        n = sum(1 for _ in open(folder / "huge.jsonl", "rb"))
        print(f"{size / 1e6:.1f} MB one-line document, {n} sentences: {seconds:.1f} s, "
              f"peak RSS {peak_mb:.0f} MB (goal < 500 MB)")

        from pipeline import load_scorer
        from pipeline.output import epilogue, prologue, renderer_for

        small = folder / "small.txt"
        one_line_document(small, args.check_mb)
        scorer = load_scorer()
        report = scorer.score(small.read_text(encoding="utf-8"), doc_id=str(small))
        for fmt in ("jsonl", "csv", "text"):
            thresholds = {"flag_threshold": scorer.flag_threshold,
                          "credible_threshold": scorer.model.credible_threshold}
            expected = (prologue(fmt, scorer.signal_names, **thresholds)
                        + renderer_for(fmt, scorer.signal_names, **thresholds)(report).text
                        + epilogue(fmt)).encode("utf-8")
            score(small, folder / f"small.{fmt}", fmt)
            same = (folder / f"small.{fmt}").read_bytes() == expected
            print(f"{args.check_mb:g} MB document, {len(report.sentences)} sentences, {fmt}: "
                  f"streamed CLI output {'==' if same else '!='} whole-report output")


if __name__ == "__main__":
    main()
