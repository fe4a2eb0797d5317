"""Web pages built around an article: the kinds of furniture real news pages carry.

Each template wraps a headline and paragraphs (from the seed or a PTC article,
read at test time: no article text lives in this repository) in navigation, a
cookie banner, share bars, "Read more" teasers, related links, a newsletter box,
comments and a footer, and returns the boilerplate lines it used, so a test can
check that none of them is scored. ``benchmarks/bench_html.py`` uses the same pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

AUTHOR = "Jane Doe"
DATE_ISO = "2024-03-05"
DATE_TEXT = "March 5, 2024"
SITE = "The Morning Ledger"

NAV = ["Home", "World", "Politics", "Business", "Opinion", "Subscribe now"]
COOKIES = ["We use cookies to improve your experience.", "Accept all cookies", "Manage preferences"]
SHARE = "Share this article:"
SHARE_LINKS = ["Facebook", "Twitter", "Email"]
TEASER = "Shocking video shows chaos at border"
RELATED = [TEASER, "Ten things you need to know about the budget", "Markets slide as oil prices climb again"]
NEWSLETTER = "Sign up for our newsletter to get the top stories every morning."
COMMENT_COUNT = "23 comments"
COMMENTS = ["This is outrageous, the government never tells us anything about it!",
            "Great reporting, thanks for covering this story so carefully."]
FOOTER = ["All rights reserved.", "Terms of use", "Privacy policy", "Contact us"]
ADVERT = "Advertisement"


@dataclass(frozen=True)
class Page:
    """A built page: its markup, the article it wraps and the furniture around it."""

    html: str
    headline: str
    paragraphs: tuple[str, ...]
    boilerplate: tuple[str, ...]
    template: str

    @property
    def article_text(self) -> str:
        """The text a reader takes from the page: headline, then paragraphs, blank lines between."""
        return "\n\n".join([self.headline, *self.paragraphs])


def _ps(paragraphs, cls: str = "") -> list[str]:
    attr = f' class="{cls}"' if cls else ""
    return [f"<p{attr}>{escape(p)}</p>" for p in paragraphs]


def news_page(headline: str, paragraphs: list[str]) -> Page:
    """A newspaper template: semantic tags, metadata in the head, boilerplate in and around the article."""
    h = escape(headline)
    middle = max(1, len(paragraphs) // 2)
    body = _ps(paragraphs[:middle])
    # a teaser and an advert inside the article body, where extractors most often let them through
    body.append(f'<p class="inline-link"><strong>Read more:</strong> <a href="/border">{escape(TEASER)}</a></p>')
    body.append(f'<div class="ad-slot"><span>{ADVERT}</span></div>')
    body += _ps(paragraphs[middle:])
    html = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{h} | {SITE}</title>
<meta property="og:title" content="{h}"><meta property="og:site_name" content="{SITE}">
<meta name="author" content="{AUTHOR}"><meta property="article:published_time" content="{DATE_ISO}T08:00:00Z">
<link rel="canonical" href="https://ledger.example/world/2024/03/05/story">
<script>window.dataLayer = [{{"page": "article"}}];</script></head><body>
<header><nav><ul>{"".join(f'<li><a href="/{n.lower()}">{n}</a></li>' for n in NAV)}</ul></nav></header>
<div class="cookie-banner" id="cookie-consent"><p>{COOKIES[0]}</p><button>{COOKIES[1]}</button>
<a href="/privacy">{COOKIES[2]}</a></div>
<main><article>
<h1>{h}</h1>
<div class="meta"><span class="byline">By <a href="/authors/jane-doe">{AUTHOR}</a></span>
<time datetime="{DATE_ISO}">{DATE_TEXT}</time></div>
<div class="share-bar">{SHARE} {" ".join(f'<a href="#">{s}</a>' for s in SHARE_LINKS)}</div>
{"".join(body)}
<aside class="related"><h3>Related</h3><ul>{"".join(f'<li><a href="/r{i}">{escape(r)}</a></li>' for i, r in enumerate(RELATED))}</ul></aside>
<div class="newsletter-box"><p>{NEWSLETTER}</p><form><input type="email"><button>Sign up</button></form></div>
</article>
<section id="comments" class="comments"><h2>{COMMENT_COUNT}</h2>
{"".join(f'<div class="comment"><p>{escape(c)}</p></div>' for c in COMMENTS)}</section>
</main>
<footer><p>&copy; 2024 {SITE}. {FOOTER[0]}</p><p>{" | ".join(f'<a href="/{i}">{f}</a>' for i, f in enumerate(FOOTER[1:]))}</p></footer>
</body></html>"""
    boilerplate = (*NAV, *COOKIES, SHARE, "Read more:", TEASER, ADVERT, *RELATED, NEWSLETTER, COMMENT_COUNT,
                   *COMMENTS, *FOOTER)
    return Page(html, headline, tuple(paragraphs), boilerplate, "news")


def blog_page(headline: str, paragraphs: list[str]) -> Page:
    """A blog template: plain divs with no semantic tags, byline and date as lines of text."""
    h = escape(headline)
    posted = f"Posted on {DATE_TEXT} by {AUTHOR}"
    follow = "Follow us on Twitter"
    recent = ["Recent Posts", "Why the election result surprised everyone", "A week in photos"]
    like = "Like this:"
    html = f"""<html><head><title>{h} &#8211; {SITE}</title></head><body>
<div id="top"><div class="menu">{" ".join(f'<a href="/{n.lower()}">{n}</a>' for n in NAV)}</div></div>
<div id="wrap"><div id="content"><div class="post">
<h2 class="entry-title">{h}</h2>
<div class="postmeta">{posted}</div>
<div class="entry">{"".join(_ps(paragraphs))}
<div class="sharing"><p>{SHARE}</p><p>{" ".join(f'<a href="#">{s}</a>' for s in SHARE_LINKS)}</p></div>
<p>{like}</p><p>{follow}</p>
</div></div>
<div class="comment-list"><h3>{COMMENT_COUNT}</h3>{"".join(f'<p class="c">{escape(c)}</p>' for c in COMMENTS)}
<p><a href="#reply">Leave a comment</a></p></div></div>
<div id="sidebar"><h3>{recent[0]}</h3><ul>{"".join(f'<li><a href="/p{i}">{r}</a></li>' for i, r in enumerate(recent[1:]))}</ul>
<p>{NEWSLETTER}</p></div></div>
<div id="footer"><p>Copyright 2024 {SITE}. {FOOTER[0]}</p></div>
</body></html>"""
    boilerplate = (*NAV, posted, SHARE, *SHARE_LINKS, like, follow, COMMENT_COUNT, *COMMENTS, "Leave a comment",
                   *recent, NEWSLETTER, FOOTER[0])
    return Page(html, headline, tuple(paragraphs), boilerplate, "blog")


def portal_page(headline: str, paragraphs: list[str]) -> Page:
    """A portal template: a kicker above the headline, a photo credit, a "Most read" box and a
    "Continue reading" link inside the story."""
    h = escape(headline)
    kicker = "World"
    credit = "Photo: Reuters/John Smith"
    most_read = ["Most read", "Celebrity chef opens new restaurant downtown", "Storm warning for the weekend"]
    cont = "Continue reading"
    middle = max(1, len(paragraphs) // 3)
    html = f"""<!doctype html><html><head><meta charset="utf-8"><title>{h}</title>
<meta name="description" content="A story from {SITE}."><meta property="og:site_name" content="{SITE}">
<meta name="author" content="{AUTHOR}"><meta name="date" content="{DATE_ISO}"></head><body>
<div class="topbar"><a href="/login">Log in</a> <a href="/subscribe">Subscribe now</a></div>
<div class="page"><div class="story">
<div class="kicker">{kicker}</div><h1 class="headline">{h}</h1>
<figure><img src="/a.jpg" alt=""><figcaption>{credit}</figcaption></figure>
<div class="story-body">{"".join(_ps(paragraphs[:middle]))}
<p><a href="/full">{cont}</a></p>{"".join(_ps(paragraphs[middle:]))}</div>
<div class="most-read"><h4>{most_read[0]}</h4><ol>{"".join(f'<li><a href="/m{i}">{m}</a></li>' for i, m in enumerate(most_read[1:]))}</ol></div>
</div></div><div class="footer"><p>{" | ".join(FOOTER[1:])}</p><p>{FOOTER[0]}</p></div></body></html>"""
    boilerplate = ("Log in", "Subscribe now", credit, cont, *most_read, FOOTER[0], " | ".join(FOOTER[1:]))
    return Page(html, headline, tuple(paragraphs), boilerplate, "portal")


TEMPLATES = (news_page, blog_page, portal_page)


def split_article(text: str) -> tuple[str, list[str]]:
    """Headline (the first line) and paragraphs (the other non-blank lines), whitespace collapsed.

    Some stored articles (the seed among them) repeat their headline as the first
    paragraph; that copy is left out, as a page shows its headline once.
    """
    lines = [" ".join(line.split()) for line in text.split("\n")]
    lines = [line for line in lines if line]
    return lines[0], [line for line in lines[1:] if line != lines[0]]
