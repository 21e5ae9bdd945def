"""Inline codes: the markup inside a sentence (links, bold, line breaks, URLs) as part of its text.

A translator must carry a sentence's links and emphasis over to the translation without ever
retyping markup, and every path of the core (store, TM, glossary, QA, MT, exports, the TUI)
must agree on what a code is. The decision, and why:

* **Codes live inside the segment's text**, one Private Use Area character per code. Every
  existing text path (storage, checksums, FTS, diffs, undo history) keeps working on one string,
  and a code can never drift away from the words it belongs to. The character carries the code's
  kind and id: U+E000+id opens pair `id`, U+E400+id closes it, U+E800+id is standalone code
  `id` (ids 1…1023 per segment; U+E000–U+EBFF is reserved for this, see `protect_private_use`).
  A pair may be *isolated* in a segment (only its opening or closing half) when the markup spans
  a sentence boundary: `<b>One. Two.</b>` gives "⟨1⟩One." and "Two.⟨/1⟩", as TMX `<it>` and
  XLIFF `<sc>/<ec>` model it.
* **The original markup is kept beside the text** (the skeleton): per segment, a table of
  `InlineCode`s keyed by id (`store.codes`), so a translation, which holds the same characters,
  is rebuilt into real markup, TMX `<bpt>/<ept>/<ph>` and XLIFF `<g>/<x/>`, `<pc>/<ph>`.
* **Ids are numbered per segment** (1, 2, … in order of appearance, `renumber`), the way OmegaT
  and memoQ number tags, so the same sentence has the same text wherever it stands: exact TM
  matches and carried translations work as they did before codes.
* **Matching ignores codes**: `normalize.match_key` drops code characters, so TM lookup,
  glossary matching and concordance are unaffected; TM lookup then takes `code_penalty` (1 point,
  Trados's default formatting penalty) off a match whose codes differ, and `adapt_codes`
  renumbers a match's codes to the new segment's when it is inserted.
* **Text-like codes** protect what must never be translated or mangled: URLs, @handles and
  #hashtags in plain-text captures (`protect_text`), and a link whose whole text is such a
  token. Their visible text is kept in `InlineCode.text`.
* People see codes as compact tokens, `⟨1⟩link text⟨/1⟩` and `⟨2/⟩` (`to_tokens`); a token is
  one unit of editing, and `from_tokens` turns typed tokens back into codes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

import regex

OPEN: Literal["open"] = "open"
CLOSE: Literal["close"] = "close"
STANDALONE: Literal["standalone"] = "standalone"
Half = Literal["open", "close", "standalone"]

PAIR = "pair"
FIRST = 0xE000
LAST = 0xEBFF
MAX_ID = 0x3FF  # 1023 codes of each kind per segment
_BASE: dict[str, int] = {OPEN: 0xE000, CLOSE: 0xE400, STANDALONE: 0xE800}
CODE_CLASS = "[\ue000-\uebff]"
CODE_RE = regex.compile(CODE_CLASS)
_CODE_RUN = regex.compile(CODE_CLASS + "+")
_SPACES = regex.compile(r" {2,}")
_CODE_RUN_SPACED = regex.compile(f"( ?){CODE_CLASS}+( ?)")
TOKEN_RE = regex.compile(r"⟨(/?)(\d{1,4})(/?)⟩")
# Codes that stand for text (never translated): URLs, @handles and #hashtags, and characters of
# the reserved range found in the input itself.
TEXT_NAMES = frozenset({"url", "handle", "hashtag", "email", "pua"})
# What `protect_text` turns into codes. A URL stops before trailing punctuation ("…/x." ends
# the sentence); a handle or hashtag needs a non-word character (or the start) before it.
_PROTECTED = regex.compile(
    r"(?P<url>(?:https?://|ftp://|www\.)[^\s<>\"]+?(?=[.,;:!?)\]”’\"'»]*(?:\s|$))"
    r"|\b(?:[\w-]+\.)+(?:com|org|net|gov|edu|int|info|io|al|ir|uk|co|de|fr|ru)/[^\s<>\"]*?"
    r"(?=[.,;:!?)\]”’\"'»]*(?:\s|$)))"
    r"|(?P<email>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)"
    r"|(?P<handle>(?<![\w@/])@\w{1,30})"
    r"|(?P<hashtag>(?<![\w&#/])#\p{L}[\w]{0,60})",
    regex.IGNORECASE)


@dataclass(frozen=True)
class InlineCode:
    """One code of a segment: a pair (open/close markup) or a standalone code.

    `name` is the element ("a", "b", "br", "img") or the kind of protected text ("url",
    "handle", "hashtag", "email", "pua"). `open`/`close` are the original markup (for a
    standalone code, `open` is all of it, already valid HTML). `text` is what a standalone code
    reads as in plain text (the URL, the handle, "\\n" for a line break; "" for an image).
    """

    id: int
    kind: str  # PAIR | STANDALONE
    name: str
    open: str
    close: str = ""
    text: str = ""

    @property
    def is_text(self) -> bool:
        """True for codes that stand for protected text (URL, handle, ...)."""
        return self.name in TEXT_NAMES

    def with_id(self, new_id: int) -> InlineCode:
        return InlineCode(new_id, self.kind, self.name, self.open, self.close, self.text)


CodeTable = dict[int, InlineCode]


# ------------------------------------------------------------------------------- characters

def code_char(half: str, code_id: int) -> str:
    """The character for one half of code `code_id` (half: open, close or standalone)."""
    if not 1 <= code_id <= MAX_ID:
        raise ValueError(f"code id {code_id} outside 1..{MAX_ID}")
    return chr(_BASE[half] + code_id)


def parse_char(ch: str) -> tuple[Half, int] | None:
    """(half, id) of a code character, None for any other character."""
    cp = ord(ch) if len(ch) == 1 else -1
    if not FIRST <= cp <= LAST:
        return None
    if cp >= _BASE[STANDALONE]:
        return STANDALONE, cp - _BASE[STANDALONE]
    if cp >= _BASE[CLOSE]:
        return CLOSE, cp - _BASE[CLOSE]
    return OPEN, cp - _BASE[OPEN]


def is_code(ch: str) -> bool:
    return len(ch) == 1 and FIRST <= ord(ch) <= LAST


def has_codes(text: str) -> bool:
    # isascii() is one flag test (CPython keeps it per string); code characters are not ASCII
    return not text.isascii() and CODE_RE.search(text) is not None


def code_chars(text: str) -> list[str]:
    """The code characters of `text`, in order."""
    return [] if text.isascii() else CODE_RE.findall(text)


def strip_codes(text: str) -> str:
    """`text` without its codes (TSV/Moses exports, MT without codes, language detection)."""
    return CODE_RE.sub("", text) if has_codes(text) else text


def without_codes(text: str) -> str:
    """`text` without codes, the space around a removed code kept single ("a ⟨1/⟩ b" → "a b"):
    the form text checks (punctuation, spacing, numbers) look at."""
    if not has_codes(text):
        return text
    out = _CODE_RUN_SPACED.sub(lambda m: " " if m.group(1) and m.group(2)
                               else m.group(1) or m.group(2), text)
    if not text[:1].isspace():
        out = out.lstrip(" ")
    return out if text[-1:].isspace() else out.rstrip(" ")


def ids_in(text: str) -> list[int]:
    """Distinct code ids of `text` in order of first appearance."""
    seen: dict[int, None] = {}
    for ch in code_chars(text):
        parsed = parse_char(ch)
        if parsed:
            seen.setdefault(parsed[1], None)
    return list(seen)


# ------------------------------------------------------------------------------------ tokens

def token(ch: str) -> str:
    """The display token of one code character: ⟨1⟩, ⟨/1⟩ or ⟨1/⟩."""
    parsed = parse_char(ch)
    if parsed is None:
        return ch
    half, code_id = parsed
    return {OPEN: f"⟨{code_id}⟩", CLOSE: f"⟨/{code_id}⟩", STANDALONE: f"⟨{code_id}/⟩"}[half]


def to_tokens(text: str) -> str:
    """`text` with every code shown as its token (for people: CLI, TUI, reports)."""
    if not has_codes(text):
        return text
    return _CODE_RUN.sub(lambda m: "".join(token(ch) for ch in m.group()), text)


def from_tokens(text: str) -> str:
    """Typed or displayed tokens back into code characters; anything else stays as typed."""
    def code(m: regex.Match[str]) -> str:
        closing, number, slash = m.group(1), int(m.group(2)), m.group(3)
        if (closing and slash) or not 1 <= number <= MAX_ID:
            return m.group()
        return code_char(CLOSE if closing else STANDALONE if slash else OPEN, number)

    return TOKEN_RE.sub(code, text) if "⟨" in text else text


def token_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every well-formed token in displayed text: the units an editor moves
    over and deletes whole."""
    return [m.span() for m in TOKEN_RE.finditer(text)
            if from_tokens(m.group()) != m.group()]


# ------------------------------------------------------------------------------ plain text

def plain_text(text: str, table: Mapping[int, InlineCode] | None = None) -> str:
    """What a reader of the page sees as text: pairs dropped, text-like codes as their text,
    a line break as a space, other standalone codes (images) as nothing (and the spaces that
    stood around them as one)."""
    if not has_codes(text):
        return text

    def read(m: regex.Match[str]) -> str:
        parsed = parse_char(m.group())
        if parsed is None or parsed[0] != STANDALONE or table is None:
            return ""
        code = table.get(parsed[1])
        if code is None:
            return ""
        return " " if code.text == "\n" else code.text

    out = _SPACES.sub(" ", CODE_RE.sub(read, text))
    return out if text[:1].isspace() or text[-1:].isspace() else out.strip()


def describe(code: InlineCode) -> str:
    """What a code is, in a few words, for a legend beside the tokens: "link /about/",
    "bold", "line break", "@OlsiJ"."""
    if code.is_text:
        return code.text
    names = {"a": "link", "b": "bold", "strong": "bold", "i": "italic", "em": "italic",
             "u": "underline", "br": "line break", "img": "image", "sup": "superscript",
             "sub": "subscript", "code": "code"}
    what = names.get(code.name, code.name or "code")
    target = regex.search(r'\b(?:href|src)="([^"]*)"', code.open)
    return f"{what} {target.group(1)}" if target and code.name in ("a", "img") else what


# ---------------------------------------------------------------------------- building codes

@dataclass
class CodeAllocator:
    """Hands out code characters while a passage is parsed; `table` collects their markup."""

    table: CodeTable = field(default_factory=dict)
    next_id: int = 1

    def _take(self) -> int | None:
        if self.next_id > MAX_ID:
            return None
        self.next_id += 1
        return self.next_id - 1

    def rollback(self, next_id: int) -> None:
        """Forget the codes handed out since `next_id` was next (their text was dropped)."""
        for code_id in range(next_id, self.next_id):
            self.table.pop(code_id, None)
        self.next_id = next_id

    def pair(self, name: str, open_markup: str, close_markup: str) -> tuple[str, str]:
        """(opening char, closing char) of a new pair ('' and '' when ids run out: the text
        inside is kept, only the markup is lost)."""
        code_id = self._take()
        if code_id is None:
            return "", ""
        self.table[code_id] = InlineCode(code_id, PAIR, name, open_markup, close_markup)
        return code_char(OPEN, code_id), code_char(CLOSE, code_id)

    def standalone(self, name: str, markup: str, text: str = "") -> str:
        """The char of a new standalone code (its `text` itself when ids run out)."""
        code_id = self._take()
        if code_id is None:
            return text
        self.table[code_id] = InlineCode(code_id, STANDALONE, name, markup, "", text)
        return code_char(STANDALONE, code_id)


def protect_private_use(text: str, alloc: CodeAllocator) -> str:
    """Characters of the reserved range already in the input become protected codes (kept as
    they were, never mistaken for our codes)."""
    if not has_codes(text):
        return text
    return CODE_RE.sub(lambda m: alloc.standalone("pua", m.group(), m.group()), text)


def protect_text(text: str, alloc: CodeAllocator, *, html_escape: Callable[[str], str]
                 ) -> str:
    """URLs, e-mail addresses, @handles and #hashtags in `text` as text-like standalone codes.

    `html_escape` gives the code's markup (the text as it goes into an HTML edition).
    """
    def code(m: regex.Match[str]) -> str:
        name = m.lastgroup or "url"
        return alloc.standalone(name, html_escape(m.group()), m.group())

    if not _may_protect(text):  # skip the scan, which costs most of parsing a page without any
        return text
    return _PROTECTED.sub(code, text)


def _may_protect(text: str) -> bool:
    """Whether `text` holds one of / @ # or www. (in any case), which every alternative of
    `_PROTECTED` needs: substring tests, many times cheaper than even a regex search."""
    return "/" in text or "@" in text or "#" in text or "www." in text.lower()


def subset(text: str, table: Mapping[int, InlineCode]) -> CodeTable:
    """The entries of `table` whose codes occur in `text`."""
    return {i: table[i] for i in ids_in(text) if i in table}


def renumber(text: str, table: Mapping[int, InlineCode]) -> tuple[str, CodeTable]:
    """Ids 1, 2, … in order of first appearance (a segment's own numbering)."""
    order = ids_in(text)
    mapping = {old: new for new, old in enumerate(order, start=1)}
    if all(old == new for old, new in mapping.items()):
        return text, {i: table[i] for i in order if i in table}

    def swap(m: regex.Match[str]) -> str:
        half, old = parse_char(m.group()) or (STANDALONE, 0)
        return code_char(half, mapping[old])

    new_text = CODE_RE.sub(swap, text)
    return new_text, {mapping[i]: table[i].with_id(mapping[i]) for i in order if i in table}


def merge_lone_links(text: str, table: CodeTable) -> str:
    """A pair whose whole content is one text-like code (a link whose text is a URL) becomes one
    standalone code: the translator moves one token, the markup stays whole."""
    pattern = regex.compile(
        r"(?P<o>[\ue000-\ue3ff])(?P<s>[\ue800-\uebff])(?P<c>[\ue400-\ue7ff])")

    def merge(m: regex.Match[str]) -> str:
        o, s, c = (parse_char(m.group(k)) for k in ("o", "s", "c"))
        if not (o and s and c) or o[1] != c[1] or o[1] not in table or s[1] not in table:
            return m.group()
        pair, inner = table[o[1]], table[s[1]]
        if not inner.is_text:
            return m.group()
        del table[s[1]]
        table[o[1]] = InlineCode(o[1], STANDALONE, pair.name,
                                 pair.open + inner.open + pair.close, "", inner.text)
        return code_char(STANDALONE, o[1])

    return pattern.sub(merge, text) if has_codes(text) else text


def strip_wrappers(text: str) -> tuple[str, list[int]]:
    """Peel pairs that wrap the whole text (`<strong>In English:</strong>`): the translator
    does not need them, the skeleton keeps them. Returns (inner text, ids outermost first)."""
    peeled: list[int] = []
    while len(text) >= 2:
        first, last = parse_char(text[0]), parse_char(text[-1])
        if not (first and last and first[0] == OPEN and last[0] == CLOSE
                and first[1] == last[1]):
            break
        inner = text[1:-1]
        if code_char(CLOSE, first[1]) in inner or code_char(OPEN, first[1]) in inner:
            break
        peeled.append(first[1])
        text = inner.strip()
    return text, peeled


# ------------------------------------------------------------------- splitting into sentences

def split_keeping_codes(text: str, split: Callable[[str], list[str]]) -> list[str]:
    """Sentence-split coded `text` with a splitter that knows nothing of codes.

    The splitter sees the text without codes; each sentence is mapped back. Codes between two
    sentences go where they belong: a closing code to the sentence it closes, an opening code to
    the sentence it opens, a standalone code to the side of the whitespace it stands on.
    """
    if not has_codes(text):
        return split(text)
    plain_chars: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        if not is_code(ch):
            plain_chars.append(ch)
            where.append(i)
    plain = "".join(plain_chars)
    spans: list[tuple[int, int]] = []
    pos = 0
    for sentence in split(plain):
        start = plain.find(sentence, pos)
        if start < 0 or not sentence:
            continue
        pos = start + len(sentence)
        spans.append((where[start], where[pos - 1] + 1))
    if not spans:
        return [text.strip()] if text.strip() else []
    spans[0] = (0, spans[0][1])
    spans[-1] = (spans[-1][0], len(text))
    prefixes = [""] * len(spans)
    suffixes = [""] * len(spans)
    for n in range(len(spans) - 1):
        gap = text[spans[n][1]:spans[n + 1][0]]
        space = next((k for k, ch in enumerate(gap) if ch.isspace()), len(gap))
        for k, ch in enumerate(gap):
            parsed = parse_char(ch)
            if parsed is None:
                continue
            if parsed[0] == CLOSE or (parsed[0] == STANDALONE and k < space):
                suffixes[n] += ch
            else:
                prefixes[n + 1] += ch
    pieces = ((prefixes[n] + text[a:b].strip() + suffixes[n]).strip()
              for n, (a, b) in enumerate(spans))
    return [piece for piece in pieces if piece]


# -------------------------------------------------------------------------------- comparing

@dataclass(frozen=True)
class CodeDiff:
    """How a target's codes differ from its source's (display tokens in every list)."""

    missing: list[str]
    extra: list[str]
    unbalanced: list[str]
    reordered: bool

    @property
    def ok(self) -> bool:
        return not (self.missing or self.extra or self.unbalanced or self.reordered)


def compare(source: str, target: str) -> CodeDiff:
    """Missing, extra (unknown or doubled), unbalanced and reordered codes of `target`.

    Unbalanced: a pair the source holds whole is closed before it opens, or crosses another
    pair, in the target (a pair isolated in the source may stay isolated). Reordered: the codes
    both hold are in another order (word order may legitimately move them).
    """
    src, tgt = code_chars(source), code_chars(target)
    src_count, tgt_count = Counter(src), Counter(tgt)
    missing = [token(ch) for ch in src if tgt_count[ch] < src_count[ch]]
    extra = [token(ch) for ch, n in tgt_count.items() if n > src_count[ch]]
    whole = _whole_pairs(src)
    stack: list[int] = []
    unbalanced: list[str] = []
    for ch in tgt:
        half, code_id = parse_char(ch) or (STANDALONE, 0)
        if code_id not in whole or tgt_count[ch] != 1:
            continue
        if half == OPEN:
            stack.append(code_id)
        elif half == CLOSE:
            if code_id not in stack:
                unbalanced.append(f"⟨/{code_id}⟩ before ⟨{code_id}⟩")
            elif stack[-1] != code_id:
                unbalanced.append(f"⟨{code_id}⟩…⟨/{code_id}⟩ crosses ⟨{stack[-1]}⟩")
                stack.remove(code_id)
            else:
                stack.pop()
    common = [ch for ch in src if ch in tgt_count]
    kept = [ch for ch in tgt if ch in src_count]
    reordered = not unbalanced and _dedupe(common) != _dedupe(kept)
    return CodeDiff(list(dict.fromkeys(missing)), extra, unbalanced, reordered)


def _whole_pairs(chars: Iterable[str]) -> set[int]:
    opened: set[int] = set()
    closed: set[int] = set()
    for ch in chars:
        half, code_id = parse_char(ch) or (STANDALONE, 0)
        if half == OPEN:
            opened.add(code_id)
        elif half == CLOSE:
            closed.add(code_id)
    return opened & closed


def _dedupe(chars: list[str]) -> list[str]:
    return list(dict.fromkeys(chars))


def next_missing(source: str, target: str) -> str | None:
    """The next code of the source the target lacks, in source order (the insert-tag key):
    an opening before its closing, so pressing the key twice around words wraps them."""
    have = Counter(code_chars(target))
    for ch in code_chars(source):
        if have[ch]:
            have[ch] -= 1
            continue
        return ch
    return None


def closing_of(ch: str) -> str | None:
    """The closing character of an opening code character."""
    parsed = parse_char(ch)
    return code_char(CLOSE, parsed[1]) if parsed and parsed[0] == OPEN else None


# ----------------------------------------------------------------------- translation memory

CODE_PENALTY = 1  # points; Trados's default "formatting penalty", memoQ's tag-mismatch 1 %


def code_penalty(query: str, match_source: str) -> int:
    """Points a TM match loses because its codes differ from the new segment's (never more
    than the CAT norm: the words decide the score, the codes are fixed in a keystroke)."""
    return CODE_PENALTY if code_chars(query) != code_chars(match_source) else 0


def adapt_codes(match_source: str, match_target: str, new_source: str) -> str:
    """A TM match's target with its codes renumbered to the new segment's.

    The k-th pair (and the k-th standalone code) of the match's source stands for the k-th of
    the new source; a code with no counterpart is dropped, so QA reports it missing and the
    insert-code key puts it back.
    """
    if not (has_codes(match_target) or has_codes(new_source)):
        return match_target

    def by_kind(text: str) -> dict[str, list[int]]:
        kinds: dict[str, list[int]] = {PAIR: [], STANDALONE: []}
        for ch in code_chars(text):
            half, code_id = parse_char(ch) or (STANDALONE, 0)
            kind = STANDALONE if half == STANDALONE else PAIR
            if code_id not in kinds[kind]:
                kinds[kind].append(code_id)
        return kinds

    old, new = by_kind(match_source), by_kind(new_source)
    mapping: dict[tuple[str, int], int] = {}
    for kind in (PAIR, STANDALONE):
        for a, b in zip(old[kind], new[kind], strict=False):
            mapping[(kind, a)] = b

    def swap(m: regex.Match[str]) -> str:
        half, code_id = parse_char(m.group()) or (STANDALONE, 0)
        kind = STANDALONE if half == STANDALONE else PAIR
        target_id = mapping.get((kind, code_id))
        return code_char(half, target_id) if target_id else ""

    adapted = CODE_RE.sub(swap, match_target)
    return _SPACES.sub(" ", adapted).strip() if len(adapted) < len(match_target) else adapted
