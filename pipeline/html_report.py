"""A self-contained HTML report: sentences shaded by credibility, evidence highlighted per signal,
each sentence's reasons listed on hover, click or focus, under a guide to what the numbers mean.

The file is written as a stream, like the other formats: a prologue (inline CSS
and JS, the controls and legend), one ``<template>`` per document, and an
epilogue that starts the page. Each template holds the document already marked
up, so every evidence span is a ``<mark class="ev sig-NAME">`` whose text is the
evidence text (a span that crosses another signal's is split into pieces that
share ``data-ev``). Templates are inert until shown, and documents are shown a
page at a time, so a report of thousands of documents stays responsive. Nothing
is fetched from the network.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from html import escape

from .legend import reading_guide, signed, threshold_text
from .report import WORDING, DocumentReport, SentenceReport

#: Highlight colour of each signal (and the legend).
SIGNAL_COLOURS = {
    "anonymous_attribution": "#f4a261",
    "sensational_wording": "#e76f9a",
    "unverifiable_specifics": "#6fa8dc",
}
DOCS_PER_PAGE = 25

_CSS = """
body{font:15px/1.55 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#222;background:#fafafa}
header{position:sticky;top:0;background:#fff;border-bottom:1px solid #ddd;padding:.6em 1em;z-index:2}
h1{font-size:1.15em;margin:0 0 .3em}
.legend label{margin-right:1.2em;white-space:nowrap;cursor:pointer}
.swatch{display:inline-block;width:1em;height:1em;border-radius:3px;vertical-align:-2px;margin-right:.3em}
.scale{display:inline-block;width:8em;height:.8em;vertical-align:-1px;
 background:linear-gradient(90deg,hsl(0,75%,82%),hsl(60,75%,85%),hsl(120,60%,85%))}
main{display:flex;gap:1em;padding:1em}
#index{max-height:calc(100vh - 7em);overflow:auto;position:sticky;top:6em;font-size:13px}
#index table{border-collapse:collapse;width:100%}
#index td,#index th{padding:2px 4px;border-bottom:1px solid #eee;text-align:left}
#index tr{cursor:pointer}#index tr:hover{background:#eef}
#index table{table-layout:fixed}
#docs{flex:1;min-width:0}
article{background:#fff;border:1px solid #ddd;border-radius:6px;padding:.8em 1em;margin-bottom:1em}
article h2{font-size:1em;margin:0 0 .4em;word-break:break-all}
.strip{display:flex;align-items:flex-end;height:28px;gap:1px;margin:.3em 0 .6em}
.strip i{flex:1;min-width:2px;max-width:14px;cursor:pointer}
.summary{font-size:13px;color:#555}
.sent{border-radius:3px;padding:1px 0;cursor:pointer}
.sent.flagged{outline:1px solid #c0392b}
.sent.headline{font-weight:bold;font-size:1.1em}
.sent.active{box-shadow:0 0 0 2px #333}
mark.ev{background:none;border-bottom:3px solid transparent;color:inherit;padding:0}
""" + "".join(
    f"body.show-{name} mark.sig-{name}{{border-bottom-color:{colour};background:{colour}33}}\n"
    for name, colour in SIGNAL_COLOURS.items()
) + """
body mark.ev.named{background:none;border-bottom:2px dashed #555}
#index{flex:0 0 27em}
#index td:first-child,#index th:first-child{width:auto;word-break:normal;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
#index td:not(:first-child),#index th:not(:first-child){text-align:right;white-space:nowrap;padding-left:6px}
#index th:nth-child(2){width:4.6em}#index th:nth-child(3){width:3.2em}#index th:nth-child(4){width:3.2em}
#index th:nth-child(5){width:4.9em}
#index th{cursor:pointer;user-select:none;font-size:12px}#index th.sorted{text-decoration:underline}
.docbody{display:flex;gap:1em;align-items:flex-start}
.doctext{flex:1;min-width:0}
.doctext p{margin:0 0 .8em}
.doctext p.headline{font-size:1.15em;font-weight:600}
aside.sources{flex:0 0 17em;font-size:13px;border-left:1px solid #eee;padding-left:.8em}
aside.sources h3{font-size:1em;margin:0 0 .3em}
aside.sources ol{list-style:none;margin:0;padding:0}
aside.sources li{cursor:pointer;padding:2px 3px;border-bottom:1px solid #f0f0f0}
aside.sources li:hover{background:#eef}aside.sources li.on{background:#ffe08a}
aside.sources .n{display:inline-block;width:2.2em;color:#555}
aside.sources .kind{display:block;margin-left:2.2em;font-size:12px;color:#2a6}
aside.sources .kind.kind-unnamed_role,aside.sources .kind.kind-vague_group,aside.sources .kind.kind-hedged{color:#b35300}
mark.src{background:none;border-bottom:none;padding:0}
mark.src.on{background:#ffd54f;outline:1px solid #c99700}
#detail{position:fixed;right:1em;bottom:1em;width:24em;max-height:50vh;overflow:auto;background:#fff;
 border:1px solid #999;border-radius:6px;padding:.6em .8em;font-size:13px;box-shadow:0 2px 8px #0003;display:none}
#detail.open{display:block}
#detail ol{margin:.3em 0;padding-left:1.4em}#detail .up{color:#b00}#detail .down{color:#27a}
#detail q{background:#fff3c4}#detail .terms{font-style:italic}
.sent:focus{outline:2px solid #36c;outline-offset:1px}
#guide{margin:0;padding:.5em 1em;font-size:13px;color:#333;background:#f3f3f3;border-bottom:1px solid #ddd}
#guide dt{display:inline;font-weight:600}#guide dd{display:inline;margin:0 1em 0 .3em}
.pager button{margin:0 .2em}
"""

_SCRIPT = """
(function(){
  var PER_PAGE = %(per_page)d;
  var templates = Array.prototype.slice.call(document.querySelectorAll('template.doc'));
  var docs = document.getElementById('docs'), detail = document.getElementById('detail');
  var page = 0, pages = Math.max(1, Math.ceil(templates.length / PER_PAGE));
  function render(p){
    page = Math.max(0, Math.min(p, pages - 1));
    docs.textContent = '';
    templates.slice(page * PER_PAGE, (page + 1) * PER_PAGE).forEach(function(t, k){
      var i = page * PER_PAGE + k, node = document.importNode(t.content, true);
      node.querySelector('article').id = 'doc-' + i;
      var strip = node.querySelector('.strip'); if (strip) strip.setAttribute('data-doc', i);
      docs.appendChild(node);
    });
    document.getElementById('pageinfo').textContent = 'page ' + (page + 1) + ' of ' + pages +
      ' (' + templates.length + ' documents)';
  }
  function show(docIndex, sentence){
    render(Math.floor(docIndex / PER_PAGE));
    var art = document.getElementById('doc-' + docIndex);
    var target = sentence == null ? art : art.querySelector('.sent[data-i="' + sentence + '"]');
    if (target) { target.scrollIntoView({block: 'center'}); if (sentence != null) select(target); }
  }
  function select(el){
    var prev = document.querySelector('.sent.active'); if (prev) prev.classList.remove('active');
    el.classList.add('active');
    var info = JSON.parse(el.getAttribute('data-info'));
    var html = '<b>sentence ' + el.getAttribute('data-i') + '</b> credibility ' + info.credibility +
      ' (' + esc(info.label) + (info.flagged ? ', flagged' + (info.below ? ': below ' + info.below : '') : '') +
      ')<div>reasons, strongest first (log-odds; positive lowers credibility):</div><ol class="reasons">';
    info.reasons.forEach(function(r){
      var shown = r.terms ? '<span class="terms">' + r.terms.map(esc).join(', ') + '</span>'
                          : r.evidence.map(function(t){ return '<q>' + esc(t) + '</q>'; }).join(' ');
      html += '<li data-reason="' + esc(r.name) + '"><span class="' + (r.contribution > 0 ? 'up' : 'down') + '">' +
        esc(r.signed) + '</span> ' + esc(r.name) + (shown ? ' &mdash; ' + shown : '') + '</li>';
    });
    html += '</ol><div>signals:</div><ul>';
    Object.keys(info.signals).forEach(function(name){
      var s = info.signals[name];
      html += '<li>' + esc(name) + ': ' + s.score + (s.cues.length ? ' &mdash; ' + s.cues.map(esc).join(', ') : '') +
        '</li>';
    });
    detail.innerHTML = html + '</ul>';
    detail.setAttribute('data-sentence', el.getAttribute('data-i'));
    detail.classList.add('open');
  }
  function esc(t){
    return String(t).replace(/[&<>"']/g, function(c){
      return {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}[c];
    });
  }
  docs.addEventListener('click', function(e){
    var bar = e.target.closest('.strip i');
    if (bar) { show(+bar.parentNode.getAttribute('data-doc'), +bar.getAttribute('data-i')); return; }
    var src = e.target.closest('aside.sources li[data-source]');
    if (src) {
      var art = src.closest('article'), on = !src.classList.contains('on');
      art.querySelectorAll('aside.sources li.on, mark.src.on').forEach(function(el){ el.classList.remove('on'); });
      if (on) {
        src.classList.add('on');
        var marks = art.querySelectorAll('mark.src-' + src.getAttribute('data-source'));
        marks.forEach(function(m){ m.classList.add('on'); });
        if (marks.length) marks[0].scrollIntoView({block: 'nearest'});
      }
      return;
    }
    var s = e.target.closest('.sent'); if (s) select(s);
  });
  docs.addEventListener('mouseover', function(e){ var s = e.target.closest('.sent'); if (s) select(s); });
  // keyboard: Tab to a sentence shows its reasons, Escape hides them
  docs.addEventListener('focusin', function(e){ var s = e.target.closest('.sent'); if (s) select(s); });
  document.addEventListener('keydown', function(e){ if (e.key === 'Escape') detail.classList.remove('open'); });
  document.querySelectorAll('.legend input').forEach(function(box){
    box.addEventListener('change', function(){ document.body.classList.toggle('show-' + box.value, box.checked); });
  });
  var rows = templates.map(function(t, i){
    return {i: i, id: t.getAttribute('data-id'), share: +t.getAttribute('data-share'),
            n: +t.getAttribute('data-sentences'), min: t.getAttribute('data-min'),
            unnamed: +(t.getAttribute('data-unnamed') || 0)};
  });
  var body = document.querySelector('#index tbody');
  var keys = ['id', 'share', 'n', 'min', 'unnamed'];
  function fill(key){
    rows.sort(function(a, b){
      if (key === 'id') return a.id < b.id ? -1 : a.id > b.id ? 1 : a.i - b.i;
      if (key === 'min') return (parseFloat(a.min) || 2) - (parseFloat(b.min) || 2) || a.i - b.i;
      return b[key] - a[key] || a.i - b.i;
    });
    body.textContent = '';
    rows.forEach(function(r){
      var tr = document.createElement('tr');
      tr.innerHTML = '<td></td><td>' + Math.round(100 * r.share) + '%%</td><td>' + r.n + '</td><td>' + r.min +
        '</td><td>' + r.unnamed + '</td>';
      tr.firstChild.textContent = r.id; tr.firstChild.title = r.id;
      tr.addEventListener('click', function(){ show(r.i, null); });
      body.appendChild(tr);
    });
    document.querySelectorAll('#index th').forEach(function(th, k){ th.classList.toggle('sorted', keys[k] === key); });
  }
  document.querySelectorAll('#index th').forEach(function(th, k){
    th.addEventListener('click', function(){ fill(keys[k]); });
  });
  fill('share');
  document.getElementById('prev').onclick = function(){ render(page - 1); };
  document.getElementById('next').onclick = function(){ render(page + 1); };
  render(0);
  // a link to #s-DOC-SENTENCE (document and sentence numbers) opens that sentence and its reasons
  var linked = /^#s-(\\d+)-(\\d+)$/.exec(location.hash);
  if (linked && +linked[1] < templates.length) show(+linked[1], +linked[2]);
})();
"""


def prologue(signal_names: list[str], *, flag_threshold: float | None = None,
             credible_threshold: float | None = None) -> str:
    """Everything before the first document: styles, controls, legend, the reading guide (what
    credibility, the flag at ``flag_threshold`` and the reasons mean) and containers."""
    guide = "".join(f"<dt>{escape(term)}</dt><dd>{escape(meaning)}</dd>"
                    for term, meaning in reading_guide(flag_threshold, credible_threshold))
    guide += "<dt>hover, click or focus (Tab) a sentence</dt><dd>to see its reasons, strongest first</dd>"
    boxes = "".join(
        f'<label><input type="checkbox" value="{escape(n)}" checked> '
        f'<span class="swatch" style="background:{SIGNAL_COLOURS.get(n, "#999")}"></span>{escape(n)}</label>'
        for n in signal_names
    )
    classes = " ".join(f"show-{n}" for n in signal_names)
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
        "<title>misinfo-signals report</title><style>" + _CSS + "</style></head>\n"
        f"<body class=\"{classes}\"><header><h1>misinfo-signals report</h1>"
        f"<div class=\"legend\">{boxes}<label>credibility <span class=\"scale\"></span> low &rarr; high; "
        "outlined = flagged</label></div>"
        "<div class=\"pager\"><button id=\"prev\">&larr;</button><span id=\"pageinfo\"></span>"
        "<button id=\"next\">&rarr;</button></div></header>\n"
        f"<dl id=\"guide\">{guide}</dl>\n"
        "<main><nav id=\"index\"><table><thead><tr><th>document</th><th title=\"share of sentences flagged\">"
        "flagged</th><th title=\"sentences\">sent.</th>"
        "<th title=\"lowest credibility\">min</th><th title=\"distinct unnamed sources (click a header to sort)\">"
        "unnamed</th></tr></thead><tbody></tbody></table></nav><div id=\"docs\"></div></main>"
        "<aside id=\"detail\" aria-live=\"polite\"></aside>\n"
    )


def epilogue() -> str:
    """The script that pages documents in and builds the index; closes the page."""
    return "<script>" + _SCRIPT % {"per_page": DOCS_PER_PAGE} + "</script>\n</body></html>\n"


def _shade(credibility: float, lightness: int = 86) -> str:
    return f"hsl({credibility * 120:.0f},70%,{lightness}%)"


def _marked_sentence(s: SentenceReport, mentions: Sequence[tuple[int, int, int]] = ()) -> str:
    """The sentence text with each evidence span in a <mark>; crossing spans are split.

    ``mentions``: ``(source number, start, end)`` of the document's source
    mentions in this sentence, marked ``mark.src src-N`` (highlighted when the
    source is clicked).
    """
    spans = []
    for name, sig in s.signals.items():
        for k, e in enumerate(sig.evidence):
            spans.append((e.start - s.start, e.end - s.start, name, e.cue, f"{s.index}-{name}-{k}"))
    for k, (src, start, end) in enumerate(mentions):
        spans.append((start - s.start, end - s.start, "source", f"src-{src}", f"src-{s.index}-{k}"))
    spans.sort(key=lambda x: (x[0], -x[1]))
    # events: open/close tags at boundaries, keeping a proper nesting
    out: list[str] = []
    stack: list[tuple[int, int, str, str, str]] = []
    pos = 0
    text = s.text

    def open_tag(span):
        _, _, name, cue, ev = span
        if name == "source":
            return f'<mark class="src {cue}" data-ev="{ev}">'
        named = " named" if cue.startswith("named_") else ""  # a named source: shown, but not a warning
        return f'<mark class="ev sig-{escape(name)}{named}" data-cue="{escape(cue)}" data-ev="{ev}">'

    pending = list(spans)
    boundaries = sorted({b for sp in spans for b in (sp[0], sp[1])} | {0, len(text)})
    for b in boundaries:
        if b > pos:
            out.append(escape(text[pos:b]))
            pos = b
        # close every open span that ends here; reopen those it would cut
        reopen = []
        while stack and any(sp[1] == b for sp in stack):
            top = stack.pop()
            out.append("</mark>")
            if top[1] != b:
                reopen.append(top)
        for sp in reversed(reopen):
            stack.append(sp)
            out.append(open_tag(sp))
        while pending and pending[0][0] == b:
            sp = pending.pop(0)
            if sp[1] > sp[0]:
                stack.append(sp)
                out.append(open_tag(sp))
    while stack:
        stack.pop()
        out.append("</mark>")
    return "".join(out)


def sentence_reasons(s: SentenceReport) -> list[dict]:
    """Every reason of a sentence, strongest (most credibility-lowering) first, as the HTML
    details list it: name, contribution, its text, and a signal's evidence or the wording's terms."""
    out = []
    for r in sorted(s.reasons, key=lambda r: -r.contribution):
        shown = list(dict.fromkeys(s.reason_evidence(r)))
        entry = {"name": r.name, "contribution": round(r.contribution, 4), "signed": signed(r.contribution)}
        entry["terms" if r.name == WORDING else "evidence"] = shown
        out.append(entry)
    return out


def render_html(report: DocumentReport, *, flag_threshold: float | None = None) -> str:
    """One document as an inert ``<template>`` (index and summary in its attributes); each sentence
    carries its scores and reasons in ``data-info`` (a flagged one: below ``flag_threshold``)."""
    doc_id = escape(report.doc_id)
    if report.error is not None:
        body = f'<article><h2>{doc_id}</h2><p class="summary">error: {escape(report.error)}</p></article>'
        return (f'<template class="doc" data-id="{doc_id}" data-share="0" data-sentences="0" data-min="-">'
                f"{body}</template>\n")
    summary = report.summary
    n = len(report.sentences)
    share = summary.share_flagged if summary else 0.0
    worst = "-" if not summary or summary.min_credibility is None else f"{summary.min_credibility:.2f}"
    bars = "".join(
        f'<i data-i="{s.index}" title="sentence {s.index}: {s.credibility:.2f}" '
        f'style="height:{4 + 24 * (1 - s.credibility):.0f}px;background:{_shade(s.credibility, 55)}"></i>'
        for s in report.sentences
    )
    mentions: dict[int, list[tuple[int, int, int]]] = {}
    for k, src in enumerate(report.sources):
        for m in src.mentions:
            mentions.setdefault(m.sentence, []).append((k, m.start, m.end))
    paragraphs: list[list[str]] = [[]]
    previous_end = 0
    for s in report.sentences:
        info = {
            "credibility": round(s.credibility, 4), "label": s.label, "flagged": s.flagged,
            "below": threshold_text(flag_threshold, "flag threshold") if s.flagged else None,
            "reasons": sentence_reasons(s),
            "signals": {name: {"score": round(sig.score, 4), "cues": sorted({e.cue for e in sig.evidence})}
                        for name, sig in s.signals.items()},
        }
        flagged = (" flagged" if s.flagged else "") + (f" {s.role}" if s.role else "")
        # the text between sentences keeps the document's paragraphs (a line break starts one)
        if paragraphs[-1] and "\n" in report.text[previous_end:s.start]:
            paragraphs.append([])
        previous_end = s.end
        marked = _marked_sentence(s, mentions.get(s.index, ())).replace("\n", "<br>")
        paragraphs[-1].append(
            f'<span class="sent{flagged}" data-i="{s.index}" tabindex="0" '
            f'style="background:{_shade(s.credibility)}" data-info="{escape(json.dumps(info))}">'
            f"{marked}</span>"
        )
    counts = ", ".join(f"{k} {v}" for k, v in (summary.signal_counts.items() if summary else []))
    text = "".join(
        f'<p{_headline_class(report, k, p)}>{" ".join(p)}</p>' for k, p in enumerate(paragraphs) if p
    )
    shown = [f"{k} {report.meta[k]}" for k in ("author", "byline", "date", "dateline", "sitename", "url", "notice")
             if report.meta and k in report.meta]
    meta = f'<p class="summary">{escape("; ".join(shown))}</p>' if shown else ""
    fig = summary.sourcing if summary else None
    unnamed = fig.unnamed_sources if fig else 0
    body = (
        f"<article><h2>{doc_id}</h2>"
        f'<p class="summary">{summary.n_flagged if summary else 0} of {n} sentences flagged '
        f"({share:.0%}); lowest credibility {worst}; signals fired: {escape(counts)}</p>{meta}"
        f'<div class="strip">{bars}</div><div class="docbody"><div class="doctext">{text}</div>'
        f"{_sources_panel(report)}</div></article>"
    )
    return (f'<template class="doc" data-id="{doc_id}" data-share="{share:.4f}" data-sentences="{n}" '
            f'data-min="{worst}" data-unnamed="{unnamed}">{body}</template>\n')


def _headline_class(report: DocumentReport, k: int, paragraph: list[str]) -> str:
    """The first paragraph is the headline: a web page's headline sentences (role ``headline``),
    or one line without a final stop."""
    if k or not report.sentences:
        return ""
    if report.sentences[0].role == "headline":
        return ' class="headline"'
    if len(paragraph) != 1:
        return ""
    first = report.sentences[0].text.rstrip()
    return ' class="headline"' if "\n" not in first and not first.endswith((".", '"', "”")) else ""


def _sources_panel(report: DocumentReport) -> str:
    """The document's sources beside its text: figures, then one row per source (click: its mentions)."""
    summary = report.summary
    fig = summary.sourcing if summary else None
    if fig is None:
        return ""
    rows = "".join(
        f'<li data-source="{k}" title="{escape(src.kind)}: sentences '
        f'{escape(", ".join(str(m.sentence) for m in src.mentions))}"><span class="n">{len(src.mentions)}&times;</span>'
        f'<span class="name">{escape(src.name)}</span>'
        f'<span class="kind kind-{escape(src.kind)}">{escape(src.kind.replace("_", " "))}</span></li>'
        for k, src in enumerate(report.sources)
    )
    return (
        f'<aside class="sources"><h3>Sources</h3><p>{fig.attributed_sentences} attributed sentences, '
        f"{fig.unnamed_share:.0%} resting on unnamed sources; {fig.named_sources} named, "
        f"{fig.unnamed_sources} unnamed</p><ol>{rows}</ol></aside>"
    )
