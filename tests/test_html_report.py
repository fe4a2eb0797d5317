"""The HTML report: marks for every evidence span, in the file and in a real headless Chromium."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main

ROOT = Path(__file__).resolve().parent.parent
REQUIRE_BROWSER_ENV = "MISINFO_REQUIRE_BROWSER"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]


class MarkCollector(HTMLParser):
    """Text of each ``data-ev`` group of <mark>s, inside ``div#docs`` only (or everywhere)."""

    def __init__(self, only_rendered: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.only_rendered = only_rendered
        self.depth_in_docs = 0 if only_rendered else 1
        self.open_marks: list[str] = []
        self.marks: dict[str, str] = {}
        self.articles = 0
        self.index_rows = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.depth_in_docs:
            if tag == "div":
                self.depth_in_docs += 1
            if tag == "article":
                self.articles += 1
        elif tag == "div" and attrs.get("id") == "docs":
            self.depth_in_docs = 1
        if tag == "tr" and self.only_rendered and not self.depth_in_docs:
            self.index_rows += 1
        if tag == "mark" and self.depth_in_docs:
            self.open_marks.append(attrs["data-ev"])
            self.marks.setdefault(attrs["data-ev"], "")

    def handle_endtag(self, tag):
        if tag == "mark" and self.open_marks and self.depth_in_docs:
            self.open_marks.pop()
        if tag == "div" and self.depth_in_docs and self.only_rendered:
            self.depth_in_docs -= 1

    def handle_data(self, data):
        for ev in self.open_marks:
            self.marks[ev] += data


class SentenceCollector(HTMLParser):
    """``data-info`` of each sentence span, and the text of the details panel by reason."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.info: dict[int, dict] = {}
        self.detail: dict[str, str] | None = None
        self.detail_sentence: str | None = None
        self.reason_text: dict[str, str] = {}
        self._reason: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "span" and "sent" in (attrs.get("class") or "").split():
            self.info[int(attrs["data-i"])] = json.loads(attrs["data-info"])
            self.focusable = getattr(self, "focusable", True) and attrs.get("tabindex") == "0"
        if tag == "aside" and attrs.get("id") == "detail":
            self.detail = attrs
        if tag == "li" and "data-reason" in attrs:
            self._reason = attrs["data-reason"]
            self.reason_text[self._reason] = ""

    def handle_endtag(self, tag):
        if tag == "li":
            self._reason = None

    def handle_data(self, data):
        if self._reason is not None:
            self.reason_text[self._reason] += data


def _reasons_shown(record: dict) -> list[tuple[str, float, list[str]]]:
    """What the details should list for a JSONL record: each reason strongest first, with a signal's
    distinct evidence texts or the wording's terms."""
    out = []
    for r in sorted(record["reasons"], key=lambda r: -r["contribution"]):
        if r["name"] == "wording":
            shown = r["terms"]
        else:
            shown = list(dict.fromkeys(e["text"] for e in record["signals"][r["name"]]["evidence"]))
        out.append((r["name"], r["contribution"], shown))
    return out


def _flagged_with_evidence(records: list[dict]) -> dict:
    """The first flagged seed sentence whose signal reasons quote evidence (e.g. "According to a
    European diplomat, ...")."""
    return next(rec for rec in records if rec["flagged"]
                and any(shown for name, c, shown in _reasons_shown(rec) if name != "wording" and c > 0))


def _evidence(records: list[dict]) -> list[tuple[str, str]]:
    """(data-ev id, text) of every evidence span in the JSONL records."""
    out = []
    for rec in records:
        for name, sig in rec["signals"].items():
            for k, e in enumerate(sig["evidence"]):
                out.append((f"{rec['sentence']}-{name}-{k}", e["text"]))
    return out


@pytest.fixture(scope="module")
def seed_report(tmp_path_factory):
    from conftest import seed_documents

    folder = tmp_path_factory.mktemp("html")
    seed = str(seed_documents()[0])
    runner = CliRunner()
    html_run = runner.invoke(main, ["score", seed, "--format", "html", "-o", str(folder / "report.html")])
    jsonl_run = runner.invoke(main, ["score", seed])
    assert html_run.exit_code == jsonl_run.exit_code == 0
    records = [json.loads(line) for line in jsonl_run.stdout.splitlines()]
    return folder / "report.html", records


def test_html_report_is_self_contained(seed_report):
    html = seed_report[0].read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and html.rstrip().endswith("</html>")
    for external in ("http://", "https://", "<link", "src="):
        assert external not in html


def test_html_report_marks_every_evidence_span_in_the_file(seed_report):
    path, records = seed_report
    collector = MarkCollector(only_rendered=False)
    collector.feed(path.read_text(encoding="utf-8"))
    evidence = _evidence(records)
    assert evidence
    for ev, text in evidence:
        assert collector.marks.get(ev) == text, (ev, text)


def test_html_report_lists_every_reason_of_every_sentence(seed_report, scorer):
    path, records = seed_report
    html = path.read_text(encoding="utf-8")
    collector = SentenceCollector()
    collector.feed(html)
    assert sorted(collector.info) == [rec["sentence"] for rec in records]
    assert collector.focusable  # Tab reaches every sentence, and focus shows its reasons
    for rec in records:
        info = collector.info[rec["sentence"]]
        listed = [(r["name"], r["contribution"], r.get("terms", r.get("evidence"))) for r in info["reasons"]]
        assert [(n, round(c, 4), shown) for n, c, shown in listed] == _reasons_shown(rec)
        for r in info["reasons"]:  # shown signed, to 2 decimals
            assert r["signed"][0] in "+-" and abs(float(r["signed"]) - r["contribution"]) <= 0.0051
    # the guide near the top says what the numbers mean, with the model's flag threshold
    guide = html.split('<dl id="guide">', 1)[1].split("</dl>", 1)[0]
    assert f"credibility below {scorer.flag_threshold} flags a sentence" in guide
    assert "calibrated probability" in guide and "positive contribution lowers credibility" in guide
    assert html.index('<dl id="guide">') < html.index('<template class="doc"')


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        if os.environ.get(REQUIRE_BROWSER_ENV):
            pytest.fail(f"{REQUIRE_BROWSER_ENV} is set but chromium is not installed")
        pytest.skip("needs Debian's chromium for the browser test")
    return found


def _run_chromium(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess:
    profile = tmp_path / f"profile-{len(list(tmp_path.iterdir()))}"
    return subprocess.run([_chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
                          capture_output=True, text=True, timeout=120)


def test_html_report_rendered_in_chromium(seed_report, tmp_path):
    path, records = seed_report
    dom = _run_chromium(["--dump-dom", path.as_uri()], tmp_path)
    assert dom.returncode == 0, dom.stderr[-2000:]
    collector = MarkCollector(only_rendered=True)
    collector.feed(dom.stdout)
    assert collector.articles == 1
    for ev, text in _evidence(records):
        assert collector.marks.get(ev) == text, (ev, text)

    # a flagged sentence opened by link (as a click, hover or focus opens it) shows its reasons
    flagged = _flagged_with_evidence(records)
    opened = _run_chromium(["--dump-dom", f"{path.as_uri()}#s-0-{flagged['sentence']}"], tmp_path)
    assert opened.returncode == 0, opened.stderr[-2000:]
    panel = SentenceCollector()
    panel.feed(opened.stdout)
    assert panel.detail is not None and "open" in panel.detail.get("class", "").split()
    assert panel.detail["data-sentence"] == str(flagged["sentence"])
    in_file = SentenceCollector()
    in_file.feed(path.read_text(encoding="utf-8"))
    signed = {r["name"]: r["signed"] for r in in_file.info[flagged["sentence"]]["reasons"]}
    expected = _reasons_shown(flagged)
    assert list(panel.reason_text) == [name for name, _, _ in expected]  # strongest first
    for name, _, shown in expected:
        text = panel.reason_text[name]
        assert text.startswith(f"{signed[name]} {name}")
        assert all(t in text for t in shown), (name, text)

    shots = ROOT / "build"
    shots.mkdir(exist_ok=True)
    shot = shots / "seed_report.png"
    taken = _run_chromium(["--window-size=1400,1600", f"--screenshot={shot}", path.as_uri()], tmp_path)
    assert taken.returncode == 0, taken.stderr[-2000:]
    assert shot.stat().st_size > 10_000


@pytest.mark.slow
def test_html_report_pages_a_thousand_documents(tmp_path, seed_text):
    paragraphs = seed_text.split("\n\n")
    lines = [json.dumps({"id": f"d{i:04d}", "text": "\n\n".join(paragraphs[i % 20: i % 20 + 3])})
             for i in range(1000)]
    source = tmp_path / "docs.jsonl"
    source.write_text("\n".join(lines) + "\n")
    out = tmp_path / "big.html"
    result = CliRunner().invoke(main, ["score", str(source), "--format", "html", "-o", str(out), "--jobs", "2"])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").count('<template class="doc"') == 1000
    dom = _run_chromium(["--dump-dom", out.as_uri()], tmp_path)
    collector = MarkCollector(only_rendered=True)
    collector.feed(dom.stdout)
    assert collector.articles == 25  # one page is rendered; the rest stay inert templates
    assert collector.index_rows == 1001  # header + one row per document, sorted by share flagged
