"""Document sources: the seeds' source lists, merging rules, and mention P/R on 20 PTC dev articles
(the reported figure), 108 PTC train articles (the ones parser rules are worked out on) and 34
more PTC train articles no rule is read off (``ptc_train_judge``)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import SEEDS
from pipeline.segment import default_segmenter
from pipeline.sources import SourceBuilder, document_sources, listed_articles, predicted_mentions, score_mentions

#: Mention-level goal of issue 12 (typed: spans overlap and kinds agree).
GOAL = 0.85
#: What the parser reaches on the 20 PTC dev articles today (typed P 0.776, R 0.598; any kind
#: P 0.861, R 0.664): below GOAL, so the bar is set just under it (benchmarks/sources_eval.py);
#: raise it to GOAL once the parser gets there.
BAR_PRECISION = 0.77
BAR_RECALL = 0.59
#: The same on the PTC train articles rules are read off: on the first 20, typed P 0.885, R 0.724;
#: with the 34 added on 2026-11-27 (P 0.821, R 0.543 on those alone, listed after the rules),
#: P 0.849, R 0.613 on all 54; with 54 more listed in the seventh session (P 0.774, R 0.445 on those
#: alone, listed more widely), P 0.815, R 0.527 on all 108. A change may raise them, never lower them.
TRAIN_PRECISION = 0.81
TRAIN_RECALL = 0.52
#: The same on the 34 PTC train articles of ``ptc_train_judge``, listed after the parser's rules
#: and never read for them: what the parser does on articles it was not fitted to, measured on
#: train (typed P 0.789, R 0.524 when listed).
JUDGE_PRECISION = 0.78
JUDGE_RECALL = 0.52
#: The folders of hand-listed PTC articles: (folder, split of its articles, how many).
PTC_LISTS = (("ptc_dev", "dev", 20), ("ptc_train", "train", 108), ("ptc_train_judge", "train", 34))

SEED_SOURCE_FILES = sorted(SEEDS.glob("*.sources.json"))


def _sources_of(text: str):
    spans = default_segmenter().spans(text)
    return document_sources((i, s, text[s:e]) for i, (s, e) in enumerate(spans))


@pytest.mark.parametrize("expected_file", SEED_SOURCE_FILES, ids=lambda p: p.name.split(".")[0])
def test_sources_seed_lists(expected_file):
    expected = json.loads(expected_file.read_text(encoding="utf-8"))
    text = (SEEDS / expected["file"].split("/")[-1]).read_text(encoding="utf-8")
    sources, _ = _sources_of(text)
    got = [(s.name, s.kind, [[m.start, m.end] for m in s.mentions]) for s in sources]
    want = [(s["name"], s["kind"], s["mentions"]) for s in expected["sources"]]
    assert got == want
    for s in sources:
        assert all(text[m.start:m.end] == m.text for m in s.mentions)


def test_sources_seed_000_as_the_issue_lists_it(seed_text):
    sources, figures = _sources_of(seed_text)
    by_name = {s.name: s for s in sources}
    assert by_name["a European diplomat"].kind == "unnamed_role"
    assert [m.text for m in by_name["a European diplomat"].mentions] == [
        "a European diplomat", "The European diplomat", "the European diplomat"]
    assert len(by_name["The Wall Street Journal"].mentions) == 3
    assert by_name["the source"].kind == "unnamed_role" and by_name["the source"].mentions[0].sentence == 4
    assert [m.text for m in by_name["Andriy Yermak"].mentions] == ["Yermak", "His"]
    assert {s.kind for s in sources if s.name in {"Some analysts", "some experts", "Several governments"}} == {
        "vague_group"}
    assert figures.named_sources == 3 and figures.unnamed_sources == 6


@pytest.mark.parametrize("sentences,expected", [
    (["The Wall Street Journal reported it.", "According to the Journal, it was so."],
     [("The Wall Street Journal", "named_outlet", 2)]),
    (["Thomas Whitcombe said it.", "Whitcombe said more.", "He added a third thing."],
     [("Thomas Whitcombe", "named_person", 3)]),
    (["A senior official said it.", "Officials denied it.", "The official said more."],
     [("A senior official", "unnamed_role", 2), ("Officials", "unnamed_role", 1)]),
    (["Some economists say it.", "Some economists warn."], [("Some economists", "vague_group", 2)]),
    (["The plan would reportedly pass.", "It reportedly failed."], [("reportedly", "hedged", 2)]),
    (["She said it.", "Mayor Libby Schaaf said more."], [("Libby Schaaf", "named_person", 2)]),
    # a role taken up with a possessor or "the" is the one person the text names with that title;
    # "a spokeswoman" brings in someone new, and two lawyers leave "the company's lawyer" unnamed
    (["The company's lawyer said it.", "Lawyer Dana Reyes said more."], [("Lawyer Dana Reyes", "named_person", 2)]),
    (["A spokeswoman said it.", "Spokeswoman Dana Reyes said more."],
     [("A spokeswoman", "unnamed_role", 1), ("Spokeswoman Dana Reyes", "named_person", 1)]),
    (["The company's lawyer said it.", "Lawyer Dana Reyes said more.", "Lawyer Sam Ortiz said too."],
     [("The company's lawyer", "unnamed_role", 1), ("Lawyer Dana Reyes", "named_person", 1),
      ("Lawyer Sam Ortiz", "named_person", 1)]),
])
def test_sources_merge_mentions(sentences, expected):
    builder = SourceBuilder()
    start = 0
    for i, text in enumerate(sentences):
        builder.add(i, start, text)
        start += len(text) + 1
    assert [(s.name, s.kind, len(s.mentions)) for s in builder.sources()] == expected


def test_sources_builder_is_incremental(seed_text):
    spans = default_segmenter().spans(seed_text)
    builder = SourceBuilder()
    seen = []
    for i, (s, e) in enumerate(spans):
        builder.add(i, s, seed_text[s:e])
        seen.append(len(builder.sources()))
    assert seen == sorted(seen) and seen[-1] == 9 and seen[3] == 1


def test_sources_figures(seed_text):
    _, fig = _sources_of(seed_text)
    assert fig.attributed_sentences == 13
    assert fig.unnamed_share == pytest.approx(8 / 13)
    assert fig.to_dict()["unnamed_sources"] == 6


def test_sources_in_document_summary(scorer, seed_text):
    doc = scorer.score(seed_text, doc_id="seed")
    summary = doc.to_dict()["summary"]
    assert [s["name"] for s in summary["sources"]] == [s.name for s in doc.sources]
    first = summary["sources"][0]
    assert set(first) == {"name", "kind", "mentions"}
    assert set(first["mentions"][0]) == {"sentence", "start", "end", "text"}
    for src in summary["sources"]:
        for m in src["mentions"]:
            assert seed_text[m["start"]:m["end"]] == m["text"]
    assert summary["sourcing"]["unnamed_sources"] == 6


def _ptc_pairs(data_dir, split: str = "dev", folder_name: str | None = None):
    folder_name = folder_name or f"ptc_{split}"
    listed = listed_articles(SEEDS / "sources" / folder_name, data_dir, split)  # checks each text's sha256
    assert len(listed) == next(count for name, _, count in PTC_LISTS if name == folder_name)
    return [(gold, predicted_mentions(text)) for _, text, gold in listed]


def test_sources_listed_articles_refuse_a_changed_text(data_dir, tmp_path):
    source = sorted((SEEDS / "sources" / "ptc_dev").glob("*.sources.json"))[0]
    listed = json.loads(source.read_text(encoding="utf-8"))
    (tmp_path / source.name).write_text(json.dumps(listed), encoding="utf-8")
    ((article_id, text, gold),) = listed_articles(tmp_path, data_dir, "dev")
    assert article_id == listed["article_id"] and len(text) == listed["text_length"] and gold
    listed["text_sha256"] = "0" * 64  # offsets written against another text
    (tmp_path / source.name).write_text(json.dumps(listed), encoding="utf-8")
    with pytest.raises(ValueError, match="not the one its offsets were written for"):
        listed_articles(tmp_path, data_dir, "dev")
    with pytest.raises(ValueError, match="not in the PTC train split"):
        listed_articles(tmp_path, data_dir, "train")


def test_sources_ptc_dev_precision_recall(data_dir):
    pairs = _ptc_pairs(data_dir)
    typed = score_mentions(pairs, typed=True)["all"]
    untyped = score_mentions(pairs, typed=False)["all"]
    print(f"typed P {typed['precision']:.3f} R {typed['recall']:.3f}; "
          f"any kind P {untyped['precision']:.3f} R {untyped['recall']:.3f}")
    assert typed["precision"] >= BAR_PRECISION and typed["recall"] >= BAR_RECALL
    assert untyped["precision"] >= typed["precision"] and untyped["recall"] >= typed["recall"]


def test_sources_ptc_train_precision_recall(data_dir):
    typed = score_mentions(_ptc_pairs(data_dir, "train"), typed=True)["all"]
    print(f"train typed P {typed['precision']:.3f} R {typed['recall']:.3f}")
    assert typed["precision"] >= TRAIN_PRECISION and typed["recall"] >= TRAIN_RECALL


def test_sources_ptc_train_judge_precision_recall(data_dir):
    typed = score_mentions(_ptc_pairs(data_dir, "train", "ptc_train_judge"), typed=True)["all"]
    print(f"train judge typed P {typed['precision']:.3f} R {typed['recall']:.3f}")
    assert typed["precision"] >= JUDGE_PRECISION and typed["recall"] >= JUDGE_RECALL


def test_sources_it_said_joins_the_nearest_body(data_dir):
    # a wire story on an outbreak: "..., it said" four times after the health agency is named
    from pipeline.datasets import load_ptc_articles

    text = next(a.text for a in load_ptc_articles(data_dir, "train") if a.article_id == "754179642")
    sources, _ = _sources_of(text)
    holders = [src for src in sources if any(m.text.lower() == "it" for m in src.mentions)]
    assert holders and all(src.kind in ("named_body", "named_outlet", "document") for src in holders)
    assert max(holders, key=lambda src: len(src.mentions)).name.endswith("World Health Organization")


@pytest.mark.parametrize("folder, count", [(name, count) for name, _, count in PTC_LISTS])
def test_sources_ptc_expected_files_hold_no_text(folder, count):
    assert len(list((SEEDS / "sources" / folder).glob("*.sources.json"))) == count
    for path in (SEEDS / "sources" / folder).glob("*.sources.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        assert set(data) <= {"article_id", "text_sha256", "text_length", "sources"}
        for src in data["sources"]:
            assert set(src) == {"kind", "mentions"}


def test_sources_text_view_and_html_panel(scorer, seed_text):
    from pipeline.html_report import render_html
    from pipeline.output import render_text

    doc = scorer.score(seed_text, doc_id="seed")
    text = render_text(doc)
    header = text.split("[  0]")[0]
    assert "sources: 13 attributed sentences" in header and "a European diplomat" in header
    page = render_html(doc)
    assert 'data-unnamed="6"' in page and page.count("<li data-source=") == 9
    assert page.count('<mark class="src src-0"') == 3  # the European diplomat's three mentions
    assert '<p class="headline">' in page and page.count("<p") > 20  # paragraphs kept


STREAM_SEEDS = ["000_d29a16046ccf8323.txt", "001_wire_named_sources.txt", "002_anonymous_sources.txt"]


@pytest.mark.parametrize("name", STREAM_SEEDS, ids=lambda n: n[:3])
def test_sources_streamed_summary_same_as_whole(scorer, monkeypatch, name):
    """SummaryAccumulator, fed sentence by sentence by iter_score, builds the same sources and
    sourcing figures as the whole-report path (summary, to_dict, text and sources views)."""
    from pipeline import output, scorer as scorer_module
    from pipeline.parallel import InputDocument
    from pipeline.report import SummaryAccumulator

    text = (SEEDS / name).read_text(encoding="utf-8")
    whole = scorer.score(text, doc_id="d")
    assert whole.sources  # every seed credits someone
    monkeypatch.setattr(scorer_module, "SENTENCE_CHUNK", 3)  # sources followed across chunks
    summary = SummaryAccumulator(scorer.signal_names)
    for _ in scorer.iter_score(text, summary):
        pass
    streamed = summary.summary()
    assert streamed.sources == whole.summary.sources
    assert streamed.sourcing == whole.summary.sourcing
    assert streamed == whole.summary
    want = whole.to_dict()
    del want["sentences"]
    assert summary.document_dict("d", text) == want
    for fmt, view in [("text", "sentences"), ("jsonl", "sources"), ("csv", "sources"), ("text", "sources")]:
        render = output.renderer_for(fmt, scorer.signal_names, view=view)
        rendered = render.stream(scorer, InputDocument("d", text))
        assert "".join(rendered.parts) == render(whole).text, (fmt, view)


@given(st.lists(st.sampled_from(["Andriy", "Yermak", "iPhone", "McDonald", "al", "bin", "X", "the", "Mr.",
                                 "O’Neil", " ", "  ", ",", "\n", "-", "eBay", "De"]), max_size=20).map(" ".join))
def test_sources_full_names_equal_the_plain_regex(text):
    """The faster name search finds what ``_FULL_NAME.finditer`` finds, match for match."""
    from pipeline.sources import _FULL_NAME, _full_names

    assert [m.span() for m in _full_names(text)] == [m.span() for m in _FULL_NAME.finditer(text)]


def test_sources_role_joins_the_person_the_article_names_with_it(data_dir):
    # PTC train article 702077434: "Khweis’ defense attorney said Friday ..." and, two sentences
    # on, "defense attorney John Zwerling said Friday" (read from the corpus, not stored here)
    from pipeline.datasets import load_ptc_articles

    (text,) = [a.text for a in load_ptc_articles(data_dir, "train") if a.article_id == "702077434"]
    sources, _ = _sources_of(text)
    (owner,) = [s for s in sources if any(m.text == "Khweis’ defense attorney" for m in s.mentions)]
    assert owner.kind == "named_person" and "Zwerling" in owner.name


def test_sources_a_body_named_before_owns_its_statement(data_dir):
    # PTC train article 737255982: "advocacy group J Street" ... "J Street’s statement read." is the
    # body's word, not a person called J Street (read from the corpus, not stored here)
    from pipeline.datasets import load_ptc_articles

    (text,) = [a.text for a in load_ptc_articles(data_dir, "train") if a.article_id == "737255982"]
    sources, _ = _sources_of(text)
    (owner,) = [s for s in sources if any(m.text.startswith("J Street") for m in s.mentions)]
    assert owner.kind == "named_body" and len(owner.mentions) >= 2


def test_sources_the_message_a_body_issued_is_the_body(data_dir):
    # PTC train article 758385628: "The embassy's health alert says ..." then "..., the message says."
    # and "..., it says": one body speaking three times (read from the corpus, not stored here)
    from pipeline.datasets import load_ptc_articles

    (text,) = [a.text for a in load_ptc_articles(data_dir, "train") if a.article_id == "758385628"]
    sources, _ = _sources_of(text)
    (owner,) = [s for s in sources if any(m.text == "the message" for m in s.mentions)]
    assert owner.kind == "named_body"
    assert {"The embassy's health alert", "the message", "it"} <= {m.text for m in owner.mentions}


def test_sources_a_bare_title_takes_up_the_person_the_text_titles_so(data_dir):
    # PTC train article 790677230: "Sen. Mazie Hirono of Hawaii tried to help Ford, ..." (credited with
    # nothing), then "..., the senator said, ..." (read from the corpus, not stored here)
    from pipeline.datasets import load_ptc_articles

    (text,) = [a.text for a in load_ptc_articles(data_dir, "train") if a.article_id == "790677230"]
    sources, _ = _sources_of(text)
    (holder,) = [s for s in sources if any(m.text == "the senator" for m in s.mentions)]
    assert holder.kind == "named_person" and holder.name == "Mazie Hirono"
