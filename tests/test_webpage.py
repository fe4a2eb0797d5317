"""Reading web pages: the article and its headline are scored, the page's furniture is not."""

from __future__ import annotations

import hashlib
import json

import pytest
from click.testing import CliRunner

from html_pages import AUTHOR, DATE_ISO, TEMPLATES, news_page, split_article
from pipeline.boilerplate import boilerplate_rule, byline_kind
from pipeline.cli import main
from pipeline.webpage import html_to_text, read_page


def expected_lines(headline: str, paragraphs) -> list[str]:
    """What a reader takes from a page: the headline, then every paragraph that is not the
    stored article's own scraped furniture (which the rules drop, see test below)."""
    return [headline, *(p for p in paragraphs if not (boilerplate_rule(p) or byline_kind(p, AUTHOR)))]


def check_page(page, got) -> None:
    """Every article paragraph read, in order, nothing else; the headline first."""
    want = expected_lines(page.headline, page.paragraphs)
    lines = got.text.split("\n\n")
    # an extractor may keep one copy of a paragraph the article repeats word for word
    assert set(lines) == set(want), (set(want) - set(lines), set(lines) - set(want))
    remaining = iter(want)
    assert all(any(line == w for w in remaining) for line in lines), "article paragraphs out of order"
    assert got.headline_end == len(page.headline) and got.text.startswith(page.headline)
    rest = got.text
    for p in sorted(want, key=len, reverse=True):
        rest = rest.replace(p, "\n")
    assert [b for b in page.boilerplate if b in rest] == []
    assert got.notice is None and got.meta["html_mode"] == "main"


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.__name__)
def test_webpage_seed_pages(template, seed_text):
    page = template(*split_article(seed_text))
    got = read_page(page.html)
    check_page(page, got)
    assert got.meta["date"] == DATE_ISO
    if template.__name__ != "blog_page":  # the blog names its author only in a "Posted ... by" line
        assert got.meta["author"] == AUTHOR


@pytest.mark.corpora
def test_webpage_ptc_dev_pages(data_dir):
    from pipeline.datasets import load_ptc_articles

    articles = load_ptc_articles(data_dir, "dev")
    assert len(articles) >= 50
    for article in articles:
        headline, paragraphs = split_article(article.text)
        for template in TEMPLATES:
            page = template(headline, paragraphs)
            check_page(page, read_page(page.html))


@pytest.mark.corpora
def test_webpage_rules_spare_article_lines(data_dir):
    """The rules drop only short lines, and on PTC dev only the corpus's own scraped furniture
    (form fields, "You also agree to this site's Privacy Policy" lines, copyright and photo lines, lone
    "Facebook"/"Twitter" links, a byline, a date): 36 of 2,033 lines, each read by hand."""
    from pipeline.datasets import load_ptc_articles

    lines = [" ".join(line.split()) for a in load_ptc_articles(data_dir, "dev") for line in a.text.split("\n")]
    lines = [line for line in lines if line]
    dropped = [line for line in lines if boilerplate_rule(line) or byline_kind(line)]
    assert len(dropped) <= 40, dropped
    assert all(len(line.split()) <= 30 for line in dropped)


@pytest.mark.parametrize("line, rule", [
    ("Read more: Shocking video shows chaos at border", "read_more"),
    ("Related", "read_more"),
    ("Share this article:", "share_prompt"),
    ("Facebook Twitter Email", "share_prompt"),
    ("Like this:", "share_prompt"),
    ("Sign up for our newsletter to get the top stories every morning.", "newsletter"),
    ("23 comments", "comments"),
    ("Leave a comment", "comments"),
    ("We use cookies to improve your experience.", "cookies"),
    ("© 2024 The Morning Ledger. All rights reserved.", "legal"),
    ("Advertisement", "advert"),
    ("Photo: Reuters/John Smith", "media_credit"),
    # article text that looks like furniture at first sight
    ("Share prices fell 3% on Monday.", None),
    ("Email records show that the official knew of the plan.", None),
    ("Subscribers to the service said the price rose twice.", None),
    ("The law was passed without the consent of parliament.", None),
    ("Facebook Bans Outline to Stop Jihadi Attacks on Americans.", None),
    ("Related parties were not named in the filing, officials said.", None),
    ("Comments by the minister drew an angry response from Moscow.", None),
])
def test_webpage_boilerplate_rules(line, rule):
    assert boilerplate_rule(line) == rule


def test_webpage_link_lists_are_dropped():
    assert boilerplate_rule("Ten things you need to know about the budget", link_share=1.0) == "link_list"
    assert boilerplate_rule("The minister said the plan was secret, according to a report.", link_share=0.2) is None


@pytest.mark.parametrize("line, kind", [
    ("By Jane Doe", "byline"),
    ("By Marton Dunai, Reuters", "byline"),
    ("Jane Doe", "byline"),
    ("Updated March 5, 2024 at 10:42 a.m.", "dateline"),
    ("August 18, 2018", "dateline"),
    ("By now, we have all heard of the plan.", None),
    ("By 2012, this had proved impossible.", None),
    ("By Monday the troops had left the city.", None),
    ("By Christmas, the troops will be home.", None),
    ("Published reports say the army moved in.", None),
])
def test_webpage_bylines(line, kind):
    assert byline_kind(line, AUTHOR) == kind


def test_webpage_full_mode_is_the_whole_page(seed_text):
    page = news_page(*split_article(seed_text))
    full = read_page(page.html, "full")
    assert full.text == html_to_text(page.html) and full.meta is None and full.headline_end == 0
    assert "We use cookies to improve your experience." in full.text.split("\n\n")
    with pytest.raises(ValueError, match="html mode"):
        read_page(page.html, "reader")


@pytest.mark.parametrize("html", [
    "<html><body><nav><a href='/'>Home</a> <a href='/w'>World</a></nav>"
    "<footer><p>All rights reserved.</p></footer></body></html>",
    "just a line of text, no markup at all",
])
def test_webpage_no_article_falls_back_to_full(html):
    got = read_page(html)
    assert got.text == html_to_text(html) and got.text
    assert "--html-mode full" in got.notice and got.meta == {"html_mode": "full", "notice": got.notice}


def test_webpage_score_html_headline_meta_offsets(scorer, seed_text):
    headline, paragraphs = split_article(seed_text)
    page = news_page(headline, paragraphs)
    report = scorer.score_html(page.html, doc_id="p")
    first = report.sentences[0]
    assert (first.role, first.text, first.start) == ("headline", headline, 0)
    assert all(s.role is None for s in report.sentences[1:])
    for s in report.sentences:
        assert report.text[s.start:s.end] == s.text
        assert not any(b in s.text for b in page.boilerplate if len(b) > 12)
        for signal in s.signals.values():
            assert all(report.text[e.start:e.end] == e.text for e in signal.evidence)
    as_dict = report.to_dict()
    assert as_dict["sentences"][0]["role"] == "headline" and "role" not in as_dict["sentences"][1]
    assert list(as_dict["sentences"][0])[:4] == ["doc_id", "sentence", "role", "start"]
    meta = as_dict["summary"]["meta"]
    assert (meta["author"], meta["date"], meta["html_mode"]) == (AUTHOR, DATE_ISO, "main")
    assert as_dict["text_length"] == len(report.text)
    assert as_dict["text_sha256"] == hashlib.sha256(report.text.encode()).hexdigest()
    # the same page through score_many, as a JSONL-like mapping
    (again,) = scorer.score_many([{"id": "p", "html": page.html}])
    assert again.to_dict() == as_dict


def test_webpage_plain_text_records_unchanged(scorer, seed_text):
    report = scorer.score(seed_text, doc_id="t")
    assert report.meta is None and all("role" not in r for r in report.records())


def test_webpage_cli_modes_and_jsonl(tmp_path, seed_text, scorer):
    page = news_page(*split_article(seed_text))
    html_file = tmp_path / "story.html"
    html_file.write_text(page.html, encoding="utf-8")
    runner = CliRunner()
    main_run = runner.invoke(main, ["score", str(html_file)])
    assert main_run.exit_code == 0, main_run.output
    records = [json.loads(line) for line in main_run.stdout.splitlines()]
    assert records[0]["role"] == "headline" and records[0]["text"] == page.headline
    assert not any(r["text"] in page.boilerplate for r in records)
    # full mode scores what the page reader scored before main-text extraction
    full_run = runner.invoke(main, ["score", str(html_file), "--html-mode", "full"])
    expected = scorer.score(html_to_text(page.html), doc_id=str(html_file))
    assert full_run.stdout == "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in expected.records())
    # JSONL records with "html" read the same way as the file
    jsonl = tmp_path / "pages.jsonl"
    jsonl.write_text(json.dumps({"id": str(html_file), "html": page.html}) + "\n", encoding="utf-8")
    assert runner.invoke(main, ["score", str(jsonl)]).stdout == main_run.stdout
    bad = runner.invoke(main, ["score", "--html-mode", "reader", str(html_file)])
    assert bad.exit_code == 2
    # the text and HTML reports show the headline and the byline and date
    text_run = runner.invoke(main, ["score", str(html_file), "--format", "text"])
    assert "(headline)" in text_run.stdout and f"author {AUTHOR}; date {DATE_ISO}" in text_run.stdout
    html_run = runner.invoke(main, ["score", str(html_file), "--format", "html"])
    assert 'class="sent flagged headline"' in html_run.stdout or 'class="sent headline"' in html_run.stdout
    assert f"author {AUTHOR}" in html_run.stdout


def test_webpage_cli_fallback_note(tmp_path):
    path = tmp_path / "menu.html"
    path.write_text("<html><body><nav><a href='/'>Home</a></nav><footer><p>All rights reserved.</p>"
                    "</footer></body></html>", encoding="utf-8")
    result = CliRunner().invoke(main, ["score", str(path)])
    assert result.exit_code == 0
    assert "note:" in result.stderr and "--html-mode full" in result.stderr
    assert [json.loads(line)["text"] for line in result.stdout.splitlines()] == ["Home", "All rights reserved."]
    empty = tmp_path / "empty.html"
    empty.write_text("<html><body><script>var a = 1;</script></body></html>", encoding="utf-8")
    result = CliRunner().invoke(main, ["score", str(empty)])
    assert result.exit_code == 1 and "empty document" in result.stdout


def test_webpage_headline_from_h1_or_title(seed_text):
    headline, paragraphs = split_article(seed_text)
    page = news_page(headline, paragraphs)
    # title tags that say otherwise than the page's <h1>: the <h1> is what a reader sees
    retitled = page.html.replace('content="' + headline[:20], 'content="Secret plan: ' + headline[:20])
    retitled = retitled.replace("<title>", "<title>Secret plan: ")
    got = read_page(retitled)
    assert got.text.split("\n\n")[0] == headline and got.headline_end == len(headline)
    assert got.meta["title"].startswith("Secret plan: ")
    # no heading in the body: the title is put before the article, once
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    got = read_page(f"<html><head><title>{headline}</title></head><body><div>{body}</div></body></html>")
    assert got.text == "\n\n".join([headline, *paragraphs]) and got.headline_end == len(headline)


# -- a huge page, streamed: read first, then its text a chunk of sentences at a time --
def _without_sentences(report) -> dict:
    return {k: v for k, v in report.to_dict().items() if k != "sentences"}


def test_webpage_iter_score_carries_headline_and_meta(scorer, seed_text, monkeypatch):
    from pipeline import scorer as scorer_module
    from pipeline.report import SummaryAccumulator

    page = news_page(*split_article(seed_text))
    whole = scorer.score_html(page.html, doc_id="p")
    read = read_page(page.html)
    monkeypatch.setattr(scorer_module, "SENTENCE_CHUNK", 5)
    summary = SummaryAccumulator(scorer.signal_names, meta=read.meta)
    assert list(scorer.iter_score(read.text, summary, headline_end=read.headline_end)) == whole.sentences
    assert whole.sentences[0].role == "headline"
    assert summary.summary() == whole.summary
    assert summary.document_dict("p", read.text) == _without_sentences(whole)
    # plain text: no role, no meta, the same fingerprint as to_dict()
    plain = SummaryAccumulator(scorer.signal_names)
    assert all(s.role is None for s in scorer.iter_score(seed_text, plain))
    assert plain.document_dict("t", seed_text) == _without_sentences(scorer.score(seed_text, doc_id="t"))


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "text"])
@pytest.mark.parametrize("mode", ["main", "full"])
def test_webpage_stream_matches_the_whole_report(scorer, seed_text, monkeypatch, fmt, mode):
    from pipeline import output, scorer as scorer_module
    from pipeline.parallel import InputDocument

    page = news_page(*split_article(seed_text))
    doc = InputDocument("p", None, html=page.html, html_mode=mode)
    render = output.renderer_for(fmt, scorer.signal_names)
    (report,) = scorer.score_batch([doc])
    whole = render(report)
    monkeypatch.setattr(scorer_module, "SENTENCE_CHUNK", 7)
    monkeypatch.setattr(output, "SPOOL_BYTES", 1_000)
    streamed = render.stream(scorer, doc)
    assert streamed.document is None  # not scored yet
    assert "".join(streamed.parts) == whole.text
    assert (streamed.n_sentences, streamed.error, streamed.notice) == (whole.n_sentences, None, None)
    assert streamed.document == _without_sentences(report)
    if mode == "main":
        assert streamed.document["summary"]["meta"]["author"] == AUTHOR
        if fmt == "jsonl":
            assert json.loads(whole.parts[0])["role"] == "headline"
        if fmt == "text":
            assert "(headline)" in whole.text and f"author {AUTHOR}; date {DATE_ISO}" in whole.text
    else:
        assert "meta" not in streamed.document["summary"]


def test_webpage_stream_fallback_note_and_failures(scorer, monkeypatch):
    from pipeline import output
    from pipeline.parallel import InputDocument

    render = output.renderer_for("jsonl", scorer.signal_names)
    menu = InputDocument("m", None, html="<html><body><nav><a href='/'>Home</a></nav></body></html>")
    whole = render(scorer.score_batch([menu])[0])
    streamed = render.stream(scorer, menu)
    assert streamed.notice is None  # known once the page is read
    assert "".join(streamed.parts) == whole.text
    assert streamed.notice == whole.notice and streamed.notice.startswith("m: ")
    assert "--html-mode full" in streamed.notice
    again = render.stream(scorer, menu).materialize()  # what a --jobs worker sends back
    assert (again.parts, again.n_sentences, again.error, again.notice) == (whole.parts, 1, None, whole.notice)
    # an empty page and a page the reader cannot read end as error records, as when scored whole
    empty = InputDocument("e", None, html="<html><body><script>var a;</script></body></html>")
    got = render.stream(scorer, empty)
    assert "".join(got.parts) == render(scorer.score_batch([empty])[0]).text
    assert got.error == "e: empty document: no text to score" and got.document is None

    def broken(html, mode="main"):
        raise ValueError("bad markup")

    monkeypatch.setattr("pipeline.scorer.read_page", broken)
    got = render.stream(scorer, InputDocument("b", None, html="<p>x</p>"))
    assert json.loads("".join(got.parts)) == {"doc_id": "b", "error": "cannot read HTML: ValueError: bad markup"}
    assert got.error == "b: cannot read HTML: ValueError: bad markup"


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "text", "html"])
def test_webpage_cli_huge_page_streamed_byte_identical(tmp_path, seed_text, monkeypatch, fmt):
    from pipeline import output, parallel, scorer as scorer_module

    headline, paragraphs = split_article(seed_text)
    page = news_page(headline, paragraphs * 4)
    (tmp_path / "a.txt").write_text(paragraphs[0], encoding="utf-8")
    (tmp_path / "b.html").write_text(page.html, encoding="utf-8")
    (tmp_path / "c.html").write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>", encoding="utf-8")
    runner = CliRunner()
    before = runner.invoke(main, ["score", str(tmp_path), "--format", fmt])
    assert before.exit_code == 0, before.output
    monkeypatch.setattr(parallel, "STREAM_CHARS", 50)  # every page and text is streamed; forked workers inherit it
    monkeypatch.setattr(scorer_module, "SENTENCE_CHUNK", 9)
    streams = []
    stream = output.Renderer.stream
    monkeypatch.setattr(output.Renderer, "stream",
                        lambda self, s, doc: streams.append(doc.doc_id) or stream(self, s, doc))
    for jobs in ("1", "2"):
        streamed = runner.invoke(main, ["score", str(tmp_path), "--format", fmt, "--jobs", jobs,
                                        "-o", str(tmp_path / f"out{jobs}")])
        assert streamed.exit_code == 0, streamed.output
        assert (tmp_path / f"out{jobs}").read_bytes() == before.stdout_bytes
        note = [line for line in streamed.stderr.splitlines() if line.startswith("note: ")]
        assert note == [line for line in before.stderr.splitlines() if line.startswith("note: ")]
        assert len(note) == 1 and "c.html: " in note[0] and "--html-mode full" in note[0]
        if jobs == "1":  # in this process: each document went through Renderer.stream (not HTML output)
            assert len(streams) == (0 if fmt == "html" else 3)
    if fmt == "jsonl":
        records = [json.loads(line) for line in before.stdout.splitlines()]
        page_records = [r for r in records if r["doc_id"].endswith("b.html")]
        assert page_records[0]["role"] == "headline" and page_records[0]["text"] == headline
        assert all("role" not in r for r in page_records[1:])
