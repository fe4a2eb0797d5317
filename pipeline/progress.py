"""A progress line for `misinfo score` on a terminal: documents, sentences/s, ETA."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import IO

from .io import JSONL_SUFFIXES, KNOWN_SUFFIXES

#: Seconds between redraws.
REDRAW = 0.2


def count_documents(inputs: Iterable[str]) -> int | None:
    """How many documents the inputs hold (JSONL lines counted), or None when stdin is among them."""
    total = 0
    for item in inputs:
        if item == "-":
            return None
        path = Path(item)
        files = ([Path(root) / name for root, _, names in os.walk(path) for name in names
                  if Path(name).suffix.lower() in KNOWN_SUFFIXES] if path.is_dir() else [path])
        for file in files:
            if file.suffix.lower() in JSONL_SUFFIXES:
                try:
                    with open(file, "rb") as handle:
                        total += sum(block.count(b"\n") for block in iter(lambda: handle.read(1 << 20), b""))
                except OSError:
                    total += 1
            else:
                total += 1
    return total


def _clock(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


class Progress:
    """Redraws one status line on ``stream`` when it is a terminal; silent otherwise."""

    def __init__(self, total: int | None, stream: IO[str] | None = None, *, width: int = 24) -> None:
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty()
        self.total = total
        self.width = width
        self.started = time.perf_counter()
        self.last = 0.0
        self.docs = self.sentences = 0

    def update(self, docs: int, sentences: int) -> None:
        """Count ``docs`` more documents and ``sentences`` more sentences."""
        self.docs += docs
        self.sentences += sentences
        now = time.perf_counter()
        if self.enabled and now - self.last >= REDRAW:
            self.last = now
            self.stream.write("\r" + self.line(now - self.started))
            self.stream.flush()

    def line(self, elapsed: float) -> str:
        """The status text after ``elapsed`` seconds."""
        rate = self.sentences / elapsed if elapsed > 0 else 0.0
        text = f"{self.docs}"
        if self.total:
            done = min(1.0, self.docs / self.total)
            bar = "#" * int(done * self.width)
            eta = elapsed * (1 - done) / done if done > 0 else 0.0
            text = f"[{bar:<{self.width}}] {self.docs}/{self.total}"
            return f"{text} documents  {rate:,.0f} sentences/s  ETA {_clock(eta)} "
        return f"{text} documents  {rate:,.0f} sentences/s  elapsed {_clock(elapsed)} "

    def close(self) -> None:
        """End the status line."""
        if self.enabled:
            self.stream.write("\r" + self.line(time.perf_counter() - self.started) + "\n")
            self.stream.flush()
