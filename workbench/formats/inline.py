"""Inline codes in TMX and XLIFF: one writer per format, one reader that turns them back.

Writing (a segment's text with its code characters and their markup, `text.codes`):

| code | TMX 1.4b | XLIFF 1.2 | XLIFF 2.0 |
|---|---|---|---|
| pair, whole and well nested | `<bpt i x type>…</bpt>` `<ept i>…</ept>` | `<g id ctype>…</g>` | `<pc id dataRefStart dataRefEnd type>…</pc>` |
| pair half (spans sentences) or crossing another | `<it pos="begin|end" x type>` | `<bx id/>` `<ex id/>` | `<sc id/>` `<ec startRef/>` (`isolated="yes"` for a half) |
| standalone markup (`<br>`, `<img>`) | `<ph x type>markup</ph>` | `<x id ctype/>` (`<ph>` with the markup when it has text, a link around a URL) | `<ph id dataRef type/>` |
| protected text (URL, @handle) | `<ph x type="x-url">text</ph>` | `<ph id ctype="x-url">text</ph>` | `<ph id dataRef type="other" subType="wb:url"/>` |

TMX and XLIFF 1.2 `<ph>` carry the native code as content; XLIFF 2.0 keeps it in the unit's
`<originalData>`. Ids are our code numbers (TMX `x`, XLIFF `id`; XLIFF 2.0 ids get the segment
key as prefix because they must be unique in a unit), the same in source and target, so a file
written here comes back with every code where it was.

Reading (`CodeReader`, one per <tuv>/<source>/<target>): every code element becomes a code
character, paired content (`<g>`, `<pc>`) is read as text between its two characters; `align`
then matches the target's codes to the source's — by the file's ids (TMX `x`, XLIFF `id`/`rid`),
else by native content, else by order — and numbers them like a segment's. A code the target
has and the source lacks is dropped (the source decides what the codes are).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element

from workbench.formats.xmlsafe import local, start_tag, text
from workbench.text import codes
from workbench.text.codes import CLOSE, OPEN, PAIR, STANDALONE, CodeTable, InlineCode

Run = Callable[[str], str]  # escapes a run of text for the format

_TMX_PAIR = {"a": "link", "b": "bold", "strong": "bold", "i": "italic", "em": "italic",
             "u": "ulined"}
_TMX_PH = {"br": "lb", "img": "image"}
_X12_PAIR = {"a": "link", "b": "bold", "strong": "bold", "i": "italic", "em": "italic",
             "u": "underlined"}
_X12_PH = {"br": "lb", "img": "image"}
# XLIFF 2.0 type and subType of a pair / a standalone code, by element name.
_X20 = {"a": ("link", None), "b": ("fmt", "xlf:b"), "strong": ("fmt", "xlf:b"),
        "i": ("fmt", "xlf:i"), "em": ("fmt", "xlf:i"), "u": ("fmt", "xlf:u"),
        "br": ("fmt", "xlf:lb"), "img": ("image", None)}
# Back from a file's type names to ours (for codes read from other tools' files).
_NAMES = {"link": "a", "bold": "b", "italic": "i", "ulined": "u", "underlined": "u",
          "lb": "br", "image": "img", "xlf:b": "b", "xlf:i": "i", "xlf:u": "u", "xlf:lb": "br"}


def _code(table: CodeTable, code_id: int) -> InlineCode:
    """The code's markup, or an empty one (a TM unit imported without markup)."""
    return table.get(code_id) or InlineCode(code_id, PAIR, "", "", "")


def nested_pairs(text_: str) -> set[int]:
    """Ids of the pairs that are whole (each half once) and nest properly in `text_`."""
    chars = codes.code_chars(text_)
    count = Counter(chars)
    stack: list[int] = []
    nested: set[int] = set()
    for ch in chars:
        half, code_id = codes.parse_char(ch) or (STANDALONE, 0)
        if half == OPEN and count[ch] == 1 and count[codes.code_char(CLOSE, code_id)] == 1:
            stack.append(code_id)
        elif half == CLOSE and code_id in stack:
            if stack[-1] == code_id:
                nested.add(code_id)
            stack.remove(code_id)
    return nested


def _write(text_: str, piece: Callable[[str, int], str], run: Run) -> str:
    out: list[str] = []
    start = 0
    for m in codes.CODE_RE.finditer(text_):
        out.append(run(text_[start:m.start()]))
        half, code_id = codes.parse_char(m.group()) or (STANDALONE, 0)
        out.append(piece(half, code_id))
        start = m.end()
    out.append(run(text_[start:]))
    return "".join(out)


def tmx_inline(text_: str, table: CodeTable, run: Run = text) -> str:
    """The content of a TMX <seg>."""
    nested = nested_pairs(text_)

    def piece(half: str, code_id: int) -> str:
        code, n = _code(table, code_id), str(code_id)
        if half == STANDALONE:
            kind = f"x-{code.name}" if code.is_text else _TMX_PH.get(code.name)
            attrs = {"x": n, **({"type": kind} if kind else {})}
            return start_tag("ph", attrs) + text(code.text if code.is_text else code.open) \
                + "</ph>"
        kind = _TMX_PAIR.get(code.name) or (f"x-{code.name}" if code.name else None)
        typed = {"type": kind} if kind else {}
        if code_id in nested:
            if half == OPEN:
                return start_tag("bpt", {"i": n, "x": n, **typed}) + text(code.open) + "</bpt>"
            return start_tag("ept", {"i": n}) + text(code.close) + "</ept>"
        pos = "begin" if half == OPEN else "end"
        return start_tag("it", {"pos": pos, "x": n, **typed}) + \
            text(code.open if half == OPEN else code.close) + "</it>"

    return _write(text_, piece, run)


def xliff12_inline(text_: str, table: CodeTable, run: Run = text) -> str:
    """The content of an XLIFF 1.2 <source>/<target>."""
    nested = nested_pairs(text_)

    def piece(half: str, code_id: int) -> str:
        code, n = _code(table, code_id), str(code_id)
        if half == STANDALONE:
            if code.is_text:
                return start_tag("ph", {"id": n, "ctype": f"x-{code.name}"}) + text(code.text) \
                    + "</ph>"
            if code.text.strip():  # a link whose text is a URL: the translator must see it
                ctype = f"x-{_X12_PAIR.get(code.name) or code.name or 'code'}"
                return start_tag("ph", {"id": n, "ctype": ctype}) + text(code.open) + "</ph>"
            ctype = _X12_PH.get(code.name) or f"x-{code.name or 'code'}"
            return start_tag("x", {"id": n, "ctype": ctype}, empty=True)
        ctype = _X12_PAIR.get(code.name) or f"x-{code.name or 'code'}"
        if code_id in nested:
            return start_tag("g", {"id": n, "ctype": ctype}) if half == OPEN else "</g>"
        if half == OPEN:
            return start_tag("bx", {"id": n, "rid": n, "ctype": ctype}, empty=True)
        return start_tag("ex", {"id": n, "rid": n}, empty=True)

    return _write(text_, piece, run)


def xliff20_inline(text_: str, table: CodeTable, prefix: str, data: dict[str, str],
                   run: Run = text) -> str:
    """The content of an XLIFF 2.0 <source>/<target>; the markup each code refers to is added
    to `data` (data id → native code), which the caller writes as the unit's <originalData>."""
    nested = nested_pairs(text_)
    present = set(codes.code_chars(text_))

    def piece(half: str, code_id: int) -> str:
        code, ident = _code(table, code_id), f"{prefix}{code_id}"
        kind, sub = ("other", f"wb:{code.name}") if code.is_text else \
            _X20.get(code.name, ("fmt" if code.name else "other", None))
        typed = {"type": kind, **({"subType": sub} if sub else {})}
        if half == STANDALONE:
            data[f"d{ident}"] = code.text if code.is_text else code.open
            return start_tag("ph", {"id": ident, "dataRef": f"d{ident}", **typed}, empty=True)
        data[f"d{ident}"] = code.open
        data[f"d{ident}e"] = code.close
        if code_id in nested:
            if half == OPEN:
                return start_tag("pc", {"id": ident, "dataRefStart": f"d{ident}",
                                        "dataRefEnd": f"d{ident}e", **typed})
            return "</pc>"
        other = codes.code_char(CLOSE if half == OPEN else OPEN, code_id)
        if half == OPEN:
            isolated = {} if other in present else {"isolated": "yes"}
            return start_tag("sc", {"id": ident, "dataRef": f"d{ident}", **typed, **isolated},
                             empty=True)
        if other in present:
            return start_tag("ec", {"startRef": ident, "dataRef": f"d{ident}e"}, empty=True)
        return start_tag("ec", {"id": ident, "isolated": "yes", "dataRef": f"d{ident}e",
                                **typed}, empty=True)

    return _write(text_, piece, run)


def original_data(data: dict[str, str], run: Run = text) -> str:
    """The <originalData> element of an XLIFF 2.0 unit ('' when no code refers to any)."""
    if not data:
        return ""
    items = "".join(start_tag("data", {"id": k}) + run(v) + "</data>" for k, v in data.items())
    return f"<originalData>{items}</originalData>"


# ----------------------------------------------------------------------------------- reading

@dataclass
class _Found:
    """A code read from a file: its half, pair key (within the side) and cross-side key."""

    half: str
    code_id: int
    key: str | None
    native: str


@dataclass
class CodeReader:
    """Reads the codes of one side of a segment (a <tuv>'s <seg>, a <source>, a <target>).

    Pass `tmx`, `xliff12` or `xliff20` as `text_of`'s inline function; `table` then holds the
    codes read (ids in order of appearance) and `keys` each id's key in the file.
    """

    data: dict[str, str] = field(default_factory=dict)  # XLIFF 2.0 originalData
    table: CodeTable = field(default_factory=dict)
    keys: dict[int, str | None] = field(default_factory=dict)
    _open: dict[str, int] = field(default_factory=dict)

    def _new(self, kind: str, name: str, open_: str, close: str, key: str | None,
             text_: str = "") -> int:
        code_id = len(self.table) + 1
        if code_id > codes.MAX_ID:
            return 0
        self.table[code_id] = InlineCode(code_id, kind, name, open_, close, text_)
        self.keys[code_id] = key
        return code_id

    def _standalone(self, name: str, native: str, key: str | None, *, is_text: bool) -> str:
        code_id = self._new(STANDALONE, name, "" if is_text else native, "", key,
                            native if is_text else "")
        return codes.code_char(STANDALONE, code_id) if code_id else ""

    def _half(self, half: str, pair_key: str, name: str, native: str, key: str | None) -> str:
        """An opening or closing half; the two halves of one pair share `pair_key`."""
        code_id = self._open.pop(pair_key, 0) if half == CLOSE else 0
        if code_id:
            old = self.table[code_id]
            self.table[code_id] = InlineCode(code_id, PAIR, old.name, old.open, native)
        else:
            code_id = self._new(PAIR, name, native if half == OPEN else "",
                                native if half == CLOSE else "", key)
            if half == OPEN and code_id:
                self._open[pair_key] = code_id
        return codes.code_char(half, code_id) if code_id else ""

    def _wrap(self, name: str, key: str, open_: str = "", close: str = "") -> tuple[str, str]:
        code_id = self._new(PAIR, name, open_, close, key)
        if not code_id:
            return "", ""
        return codes.code_char(OPEN, code_id), codes.code_char(CLOSE, code_id)

    def tmx(self, child: Element) -> str | tuple[str, str] | None:
        """TMX 1.4b: <bpt>/<ept> (by i), <it>, <ph>, <ut>; <hi> is text."""
        tag = local(child.tag)
        native = "".join(child.itertext())
        kind = child.get("type") or ""
        name = kind[2:] if kind.startswith("x-") else _NAMES.get(kind, kind)
        cross = child.get("x")
        if tag == "bpt":
            return self._half(OPEN, f"i{child.get('i')}", name, native, cross)
        if tag == "ept":
            return self._half(CLOSE, f"i{child.get('i')}", name, native, None)
        if tag == "it":
            half = OPEN if child.get("pos") == "begin" else CLOSE
            # our own files give both halves of a crossing pair the same x
            return self._half(half, f"x{cross}" if cross else f"it{id(child)}", name, native,
                              cross)
        if tag in ("ph", "ut"):
            return self._standalone(name or "ph", native, cross,
                                    is_text=name in codes.TEXT_NAMES)
        return None if tag == "hi" else ""

    def xliff12(self, child: Element) -> str | tuple[str, str] | None:
        """XLIFF 1.2: <g> wraps text; <x>, <bx>/<ex> (by rid), <ph>, <bpt>/<ept>, <it>."""
        tag = local(child.tag)
        ctype = child.get("ctype") or ""
        name = ctype[2:] if ctype.startswith("x-") else _NAMES.get(ctype, ctype)
        ident = child.get("id")
        native = "".join(child.itertext())
        if tag == "g":
            return self._wrap(name or "g", f"g{ident}")
        if tag == "x":
            return self._standalone(name or "x", "", ident, is_text=False)
        if tag == "ph":
            return self._standalone(name or "ph", native, ident,
                                    is_text=name in codes.TEXT_NAMES)
        if tag in ("bx", "ex"):
            half = OPEN if tag == "bx" else CLOSE
            return self._half(half, f"r{child.get('rid') or ident}", name, "", ident)
        if tag in ("bpt", "ept"):
            half = OPEN if tag == "bpt" else CLOSE
            return self._half(half, f"r{child.get('rid') or ident}", name, native, ident)
        if tag == "it":
            half = OPEN if child.get("pos") == "open" else CLOSE
            return self._half(half, f"it{id(child)}", name, native, ident)
        return None

    def xliff20(self, child: Element) -> str | tuple[str, str] | None:
        """XLIFF 2.0: <pc> wraps text; <ph>, <sc>/<ec> (by startRef); <cp> is a character."""
        from workbench.formats.xmlsafe import code_point

        tag = local(child.tag)
        sub = child.get("subType") or ""
        name = sub[3:] if sub.startswith("wb:") else _NAMES.get(sub) or _NAMES.get(
            child.get("type") or "", child.get("type") or "")
        ident = child.get("id")
        if tag == "cp":
            return code_point(child)
        if tag == "pc":
            return self._wrap(name or "pc", f"pc{ident}",
                              self.data.get(child.get("dataRefStart") or "", ""),
                              self.data.get(child.get("dataRefEnd") or "", ""))
        if tag == "ph":
            return self._standalone(name or "ph", self.data.get(child.get("dataRef") or "", ""),
                                    ident, is_text=name in codes.TEXT_NAMES)
        if tag == "sc":
            return self._half(OPEN, f"s{ident}", name, self.data.get(child.get("dataRef") or "",
                                                                      ""), ident)
        if tag == "ec":
            ref = child.get("startRef") or ident
            return self._half(CLOSE, f"s{ref}", name,
                              self.data.get(child.get("dataRef") or "", ""), ref)
        return "" if tag in ("sm", "em") else None


def align(src_text: str, source: CodeReader, tgt_text: str | None, target: CodeReader
          ) -> tuple[str, str | None, CodeTable]:
    """(source, target, codes) of a pair read from a file, numbered like a segment's.

    A target code is the source code with the same key in the file, else the first unmatched
    one of the same kind and native markup, else the first unmatched one of the same kind.
    """
    src_new, table = codes.renumber(src_text, source.table)
    if tgt_text is None or not codes.has_codes(tgt_text):
        return src_new, tgt_text, table
    renumbered = {old: new for new, old in enumerate(codes.ids_in(src_text), start=1)}
    free = list(renumbered)
    mapping: dict[int, int] = {}
    for rule in ("key", "native", "kind"):
        for t_id, t_code in target.table.items():
            if t_id in mapping:
                continue
            for s_id in free:
                s_code = source.table.get(s_id)
                if s_code is None or s_code.kind != t_code.kind:
                    continue
                if rule == "key" and (target.keys.get(t_id) is None
                                      or target.keys.get(t_id) != source.keys.get(s_id)):
                    continue
                if rule == "native" and (s_code.open, s_code.close, s_code.text) != (
                        t_code.open, t_code.close, t_code.text):
                    continue
                mapping[t_id] = renumbered[s_id]
                free.remove(s_id)
                break

    def swap(ch: str) -> str:
        half, code_id = codes.parse_char(ch) or (STANDALONE, 0)
        return codes.code_char(half, mapping[code_id]) if code_id in mapping else ""

    tgt_new = "".join(swap(ch) if codes.is_code(ch) else ch for ch in tgt_text)
    return src_new, tgt_new, table
