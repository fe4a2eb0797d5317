"""Rules for the page furniture that a main-text extractor still lets through.

trafilatura drops most of a page's navigation, but a short line inside the
article's own container (a "Read more" teaser, a share prompt, a newsletter
box, a comment count, a byline) often survives. Each rule below names one kind
of such line; a line is dropped only when it is short (article sentences that
merely mention a newsletter or a comment are long), so the rules can be tested
on article text: ``benchmarks/bench_html.py`` and ``tests/test_webpage.py``
run them over every PTC article line and count what they would eat.
"""

from __future__ import annotations

import re
from typing import NamedTuple


class Rule(NamedTuple):
    """A kind of boilerplate line: its name, its pattern and the most words it may have."""

    name: str
    pattern: re.Pattern[str]
    max_words: int


def _rule(name: str, pattern: str, max_words: int) -> Rule:
    return Rule(name, re.compile(pattern, re.IGNORECASE), max_words)


#: Share of a line's characters inside links above which a line is a link list or teaser.
LINK_SHARE = 0.6

#: The rules, tried in order (the first that matches names the line).
RULES: tuple[Rule, ...] = (
    _rule("read_more", r"^(?:read (?:more|next|also|the full story)|related(?: (?:stories|articles|coverage|content|posts?))?"
                       r"|recommended(?: for you)?|more (?:from|on|stories|in)\b|see also|also read|you (?:may|might) also like"
                       r"|most (?:read|popular|viewed)|trending(?: now)?|what to read next|continue reading|keep reading"
                       r"|don'?t miss|editor'?s picks?|top stories|latest news)"
                       # alone, before a colon or separator, or a few words then a colon: "Related parties
                       # were not named" is article text
                       r"(?:\W*$|\s*[:\u00bb\u203a|\u2014\u2013]|(?:\s+\S+){1,6}\s*:\s*$)", 14),
    # "Share prices fell" and "Email records show" are article text: a prompt ends the line or a colon follows
    _rule("share_prompt", r"^(?:share|tweet|email|e-mail|print|save|copy link|follow us|like us|like)(?: (?:this|it))?"
                          r"(?: (?:article|story|post|page|link|for later))?\s*(?:[:*|!]|$|on \w+\W*$|via\b)"
                          r"|^(?:(?:facebook|twitter|x|linkedin|whatsapp|pinterest|reddit|telegram|email|flipboard"
                          r"|messenger|copy link)\b\W*)+$|^(?:facebook|twitter|instagram|youtube|telegram)(?:\.com/|:\s*\S+$)", 12),
    _rule("newsletter", r"\bnewsletters?\b|\bin your inbox\b|^(?:subscribe|sign up)\b"
                        r"|\b(?:subscribe|sign up) (?:now|today|here|for free)\b", 30),
    _rule("comments", r"^(?:\d[\d,.]*k?\s+comments?|comments?\s*(?:\(\d+\)|\d+)?|leave a (?:comment|reply)"
                      r"|join the (?:conversation|discussion)|(?:show|view|load|hide) (?:all )?\d*\s*comments?"
                      r"|add (?:a|your) comment|reply|report(?: this)? comment|\d+ repl(?:y|ies)|log ?in to comment"
                      r"|comments are closed)\W*$", 8),
    _rule("cookies", r"\b(?:we use cookies|cookie (?:policy|settings|preferences)|accept (?:all )?cookies"
                     r"|privacy (?:policy|settings|preferences)|manage (?:consent|preferences))\b", 25),
    _rule("legal", r"(?:©|\(c\)\s*\d{4}|^copyright\b|all rights reserved|terms (?:of (?:use|service)|and conditions)"
                   r"|^contact us\b|^about us\b)", 25),
    _rule("advert", r"^(?:advertisement|advertising|sponsored(?: content)?|ad|promoted|paid content|story continues below"
                    r"(?: advertisement)?|article continues below)\W*$", 5),
    _rule("media_credit", r"^(?:photo|image|picture|video|graphic|illustration)(?: credit)?s?\s*[:/|]|"
                          r"^\(?(?:photo|image)s?:|\b(?:getty images|afp via getty|reuters/|ap photo)\b", 16),
)

# "By" and a capitalised name: "By now, ...", "By 2012, ..." and "By the way" are article text
_BYLINE = re.compile(r"^(?:[Bb]y|BY|[Ww]ritten by|[Rr]eporting by|[Pp]osted by|[Aa]uthor:)\s+"
                     r"(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April"
                     r"|May|June|July|August|September|October|November|December|The|This|That|Then|Now)\b)"
                     r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}(?:\s*(?:$|[,|—–-]|\band\b|\bfor\b|\bon\b))")
_DATELINE = re.compile(
    r"^(?:(?:published|updated|posted|last (?:updated|modified)|first published)\b[\s:]*)?"
    r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?"
    r"(?:\d{1,2}(?:st|nd|rd|th)?\s+[a-z]{3,9}\.?,?\s+\d{4}|[a-z]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
    r"|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4})"
    r"(?:\s*(?:,|at|-|\u2013|\|)?\s*\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{2,4})?)?\W*$",
    re.IGNORECASE,
)
_DIGIT = re.compile(r"\d")
_UPDATED = re.compile(r"^(?:published|updated|posted|last (?:updated|modified)|first published)\b", re.IGNORECASE)


def boilerplate_rule(line: str, link_share: float = 0.0) -> str | None:
    """Name the kind of boilerplate a line of extracted main text is, or None for article text.

    Parameters
    ----------
    line
        One paragraph, list item or table row, whitespace collapsed.
    link_share
        Share of its characters inside links (0 when unknown).
    """
    words = len(line.split())
    if link_share >= LINK_SHARE:
        return "link_list"
    for rule in RULES:
        if words <= rule.max_words and rule.pattern.search(line):
            return rule.name
    return None


def byline_kind(line: str, author: str | None = None) -> str | None:
    """``"byline"`` or ``"dateline"`` for a short line naming the author or the date, else None."""
    words = len(line.split())
    if words > 16:
        return None
    # a byline does not end as a sentence does: "By Christmas, the troops will be home." is text
    sentence = words > 5 and line.rstrip()[-1:] in ".!?"
    if (_BYLINE.match(line) and not sentence) or (author and line.strip(" .|") == author):
        return "byline"
    # "Published reports say ..." is text: an "Updated" line must carry a date or time
    if words <= 10 and (_DATELINE.match(line) or (_UPDATED.match(line) and _DIGIT.search(line))):
        return "dateline"
    return None
