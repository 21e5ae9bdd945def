"""Boilerplate rules shared by the HTML and plain-text importers.

A page capture mixes the article with the site around it: menus, language switchers, share
bars, comment counters, dates, "related posts" lists. None of that is for translating, and every
line of it left in costs a translator a segment. The rules are data: each `Rule` names a pattern
that matches a *whole block* (a text line or an HTML element's text), with the seed line that
motivated it, so a new site's quirks are one entry here rather than a new branch of code.

Two kinds of rule:

* `LINE_RULES` — a block matching one of them is dropped wherever it appears;
* `SECTION_STARTS` — a block that opens a run of site furniture ("Recent Posts", "You may also
  like"); the importer drops it and the short link-like blocks that follow it.

Structural facts that need context (a breadcrumb's last crumb is the page title, a nav menu is a
block of bullets) live in capture.py / html.py; this module only answers "is this text
boilerplate?".
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

_MONTHS = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
           r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?"
           # Albanian
           r"|janar|shkurt|mars|prill|maj|qershor|korrik|gusht|shtator|tetor|nëntor|dhjetor"
           # Persian solar and Gregorian months
           r"|فروردین|اردیبهشت|خرداد|تیر|مرداد|شهریور|مهر|آبان|آذر|دی|بهمن|اسفند"
           r"|ژانویه|فوریه|مارس|آوریل|مه|ژوئن|ژوئیه|اوت|سپتامبر|اکتبر|نوامبر|دسامبر"
           # Arabic (Egyptian/Gulf and Levantine names)
           r"|يناير|فبراير|أبريل|مايو|يونيو|يوليو|أغسطس|سبتمبر|أكتوبر|نوفمبر|ديسمبر"
           r"|كانون الثاني|شباط|آذار|نيسان|أيار|حزيران|تموز|آب|أيلول|تشرين الأول"
           r"|تشرين الثاني|كانون الأول)\.?")
# A calendar date in the forms page templates print: "January 22, 2022", "Jan 22, 2021",
# "March 29th", "25 August 2017", "2017-03-24", "24/03/2017", "24.03.2017", "۲۵ فروردین ۱۴۰۱".
# (\d is any script's digit: Persian ۱۴۰۱ and Arabic-Indic ٢٠١٧ included.) The month names
# appear once: a day before the month ("25 August") needs the year after it, a month first is
# followed by a day, a day and a year, or a year. Three copies of the names (one per form)
# tripled the compile time of the three patterns holding DATE, paid on every first import.
# Holds the group `day_first`: a pattern can hold DATE only once.
DATE = (rf"(?:(?P<day_first>\d{{1,2}}(?:st|nd|rd|th|\.)?\s+)?{_MONTHS}"
        rf"(?(day_first),?\s+\d{{4}}|\s+(?:\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?|\d{{4}}))"
        r"|\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[./]\d{1,2}[./]\d{2,4})")

_SOCIAL = (r"(?:Facebook|Twitter|X|Pinterest|Whats[Aa]pp|Telegram|Skype|E-?mail|LinkedIn|Reddit"
           r"|Tumblr|VK|Instagram|Youtube|YouTube|Print|Messenger|Viber|Share|Tweet|Pin\s*it"
           r"|Copy\s+link)")
# Names a language switcher shows, each in its own language.
_EDITION_NAMES = (r"(?:عربي|العربية|فارسی|فارسي|Shqip|English|Français|Deutsch|Español|Italiano"
                  r"|Русский|Türkçe|اردو)")


@dataclass(frozen=True)
class Rule:
    """One boilerplate pattern: `pattern` must match the whole stripped block."""

    name: str
    pattern: str
    # The seed line that motivated the rule or, for furniture the seeds do not show (cookie
    # banners, tag lists), a typical instance. Documentation, and checked by the tests.
    example: str

    @property
    def compiled(self) -> regex.Pattern[str]:
        return _compiled(self.pattern)


_CACHE: dict[str, regex.Pattern[str]] = {}


def _compiled(pattern: str) -> regex.Pattern[str]:
    if pattern not in _CACHE:
        # Simple case folding ((?-f); VERSION1 folds fully by default): the rules are words
        # any case-insensitive match treats alike, and full folding doubles compile time,
        # which is paid on every start (a third of parsing the seed pages).
        _CACHE[pattern] = regex.compile("(?-f)" + pattern, regex.IGNORECASE | regex.VERSION1)
    return _CACHE[pattern]


# No rule matches a block longer than this (the longest, a cookie notice, allows 500 characters):
# long paragraphs skip the rules entirely.
MAX_BOILERPLATE_CHARS = 520

LINE_RULES: tuple[Rule, ...] = (
    Rule("breadcrumb", r".{1,400}\s[»›>|]\s.{1,400}",
         "Home » Iran Interlink Weekly Digest » Iran Interlink Weekly Digest – 307"),
    Rule("bare date", rf"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\w*,?\s+)?{DATE}"
                      r"(?:\s*(?:at\s+)?\d{1,2}:\d{2}\s*(?:am|pm)?)?",
         "January 22, 2022"),
    Rule("date with comment counter", rf"(?:{DATE}\s*)?\d+\s+comments?",
         "April 8, 2017 0 comments"),
    Rule("comment prompt", r"(?:Leave a (?:Comment|Reply)|Post a comment|Add comment|"
                           r"Comments are closed\.?|No comments(?: yet)?\.?|Reply|"
                           r"\d*\s*Responses?)",
         "Leave a Comment"),
    Rule("share bar", rf"(?:Share(?: this(?: article| post)?)?:?\s*)?"
                      rf"(?:{_SOCIAL}\s*[|·•,/]?\s*){{2,}}",
         "FacebookTwitterPinterestWhatsappTelegramSkypeEmail"),
    Rule("single share/social link", rf"{_SOCIAL}|Share(?: this)?:?", "Facebook"),
    Rule("language switcher", rf"(?:Editions?|Languages?|Language)\s*:?\s*"
                              rf"(?:{_EDITION_NAMES}\s*[/|·•,]?\s*)*"
                              rf"|(?:{_EDITION_NAMES}\s*[/|·•,]?\s*)+",
         "Editions: عربي / فارسی / Shqip"),
    Rule("copyright", r"(?:©|\(c\)|Copyright\s*(?:©|\(c\)|\d{4})|All rights reserved).{0,200}",
         "© 2003 - 2024 NEJAT Society. nejatngo.org"),
    Rule("search box", r"Search(?: for)?:?(?:\s*\.\.\.|…)?|Type and hit enter\.*|Search\s+…",
         "Search"),
    Rule("pagination and jump links", r"(?:Newer|Older|Previous|Next) (?:Posts?|Entries|Articles?)"
                                      r"|Back [Tt]o [Tt]op|Skip to (?:main )?content|Read [Mm]ore"
                                      r"(?:\s*(?:»|→|\.\.\.|…))?|Continue reading.{0,80}"
                                      r"|Load more|Page \d+ of \d+",
         "Newer Posts"),
    Rule("cookie notice", r".{0,200}\b(?:cookies?)\b.{0,300}", "We use cookies to improve your "
         "experience. By using this site you accept our use of cookies. Accept"),
    Rule("separator", r"[\W_]*", " —————————————————–"),
    Rule("tag list", r"(?:Tags?|Categor(?:y|ies)|Filed under|Posted in)\s*:.{0,200}",
         "Tags: MEK, Albania"),
    Rule("subscribe prompt", r"(?:Subscribe|Sign up)(?: to| for)? (?:our )?(?:newsletter|updates)"
                             r".{0,100}", "Subscribe to our newsletter"),
)

# Entries that mark a list of links as the site's menu (the list is dropped only with one of
# these in it, so a short content list of names survives).
MENU_ITEMS = Rule("menu item", r"Home|Start|About(?: us)?|Contact(?: us)?|Editions?|Archives?"
                  r"|Log ?in|Sign ?in|Register|Donate|Subscribe|Privacy(?: Policy)?|Terms.{0,20}"
                  r"|Ballina|Kontakt|خانه|تماس با ما|الرئيسية|اتصل بنا", "Home")

SECTION_STARTS: tuple[Rule, ...] = (
    Rule("related posts", r"(?:Related (?:posts|articles|stories)|Recent Posts|You may also like"
                          r"|Read also|See also|More from .{1,40}|Popular posts|Latest posts"
                          r"|Most read)\s*:?",
         "Recent Posts"),
)

# A cookie notice is long prose, so the whole-block cookie rule must not fire on an article
# that merely mentions cookies: it applies only to blocks that also ask for consent.
_CONSENT = regex.compile(r"\b(?:accept|agree|consent|privacy policy|ok(?:ay)?|got it|manage)\b",
                         regex.IGNORECASE)


def boilerplate_rule(text: str) -> Rule | None:
    """The rule that marks `text` (one block, already whitespace-collapsed) as boilerplate."""
    stripped = text.strip()
    if len(stripped) > MAX_BOILERPLATE_CHARS:
        return None
    for rule in LINE_RULES:
        if rule.compiled.fullmatch(stripped):
            gate = _GATES.get(rule.name)
            if gate is None or gate(stripped):
                return rule
    return None


def is_menu_item(text: str) -> bool:
    """True for the entries every site menu has ("Home", "Contact us", "Editions")."""
    return bool(MENU_ITEMS.compiled.fullmatch(text.strip()))


def is_boilerplate(text: str) -> bool:
    """True when a block is site furniture rather than page content."""
    return boilerplate_rule(text) is not None


def starts_section(text: str) -> bool:
    """True for a heading that opens a block of links to other pages ("Recent Posts")."""
    stripped = text.strip()
    return any(rule.compiled.fullmatch(stripped) for rule in SECTION_STARTS)


def _asks_consent(text: str) -> bool:
    return bool(_CONSENT.search(text))


_CRUMB_SEP = regex.compile(r"\s+[»›>|]\s+")
_CRUMB_MARKS = "»›>|"  # a separator holds one: lines without any are no breadcrumb


def _looks_like_breadcrumb(text: str) -> bool:
    """'Home » A » B': at least two separators, or one with a 'Home' first crumb.

    A prose sentence with one '>' or '/' ("speed > 5", "and/or") must not be taken for one, so
    every crumb must be short and none may end a sentence.
    """
    if not any(mark in text for mark in _CRUMB_MARKS):  # most lines: no need to split them
        return False
    crumbs = _CRUMB_SEP.split(text)
    if len(crumbs) < 2:
        return False
    if len(crumbs) == 2 and crumbs[0].strip().casefold() not in {"home", "start", "ballina",
                                                                 "خانه", "الرئيسية"}:
        return False
    return all(0 < len(c.split()) <= 12 and not c.rstrip().endswith((".", ",", ";"))
               for c in crumbs)


# Extra conditions for rules whose pattern alone would be too greedy.
_GATES = {"cookie notice": _asks_consent, "breadcrumb": _looks_like_breadcrumb}


def breadcrumb_last(text: str) -> str | None:
    """The last crumb of a breadcrumb line (the current page's title), or None."""
    if not _looks_like_breadcrumb(text.strip()):
        return None
    return _CRUMB_SEP.split(text.strip())[-1].strip() or None


# "++ News emerged that…": the Iran Interlink digests mark each item with "++". The item is its
# own passage (a list item); the marker is layout, so it is not left for a translator to copy.
_ITEM_MARKER = regex.compile(r"^\+\+\s*")


def digest_item_text(text: str) -> str | None:
    """The text of a "++" digest item without its marker, or None if `text` is not one."""
    if not _ITEM_MARKER.match(text):
        return None
    return _ITEM_MARKER.sub("", text)


def drop_related_sections(blocks: list[tuple[str, str]]) -> list[bool]:
    """Which of the (kind, text) blocks to keep, dropping "Recent Posts"-style link lists.

    After a section start, list items, headings, dates and other short link-like blocks are
    dropped until the next real paragraph (a block ending like a sentence), which is kept.
    """
    keep: list[bool] = []
    skipping = False
    for kind, text in blocks:
        if starts_section(text):
            skipping = True
            keep.append(False)
            continue
        if skipping and (kind in {"list_item", "heading"} or is_boilerplate(text)
                         or not _SENTENCE_END.search(text)):
            keep.append(False)
            continue
        skipping = False
        keep.append(True)
    return keep


_SENTENCE_END = regex.compile(r"[.!?؟…]['’\"”»)\]]*\s*$")
