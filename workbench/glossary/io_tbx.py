"""TBX-Basic import and export (TermBase eXchange, ISO 30042).

Written as TBX-Basic in the TBX 2 (`martif`) layout that OmegaT, memoQ, Trados MultiTerm and
Weblate all read; read in both that layout and TBX 3 (`tbx` / `conceptEntry` / `langSec` /
`termSec`). Mapping:

* concept → termEntry (id = concept id), domain → descrip[@type=subjectField], note → note;
* approved rendering → administrativeStatus preferredTerm-admn-sts; variants → admittedTerm;
  acronyms → termType acronym; forbidden → deprecatedTerm-admn-sts;
* do-not-translate in a language → the source form as that language's term, with a
  `<note>do-not-translate</note>` on it.

Forbidden renderings (`forbidden`): "keep" writes them as deprecatedTerm-admn-sts, which memoQ
and MultiTerm honour but OmegaT ignores — it shows them as translations. So the default,
"note", moves them into a `<note>not: …; …</note>` of their langSet (OmegaT shows it as the
entry's comment; `read_tbx` reads it back as forbidden), and "omit" leaves them out.

Reading keeps what other tools put in an entry: `descrip`s (definition, usage note, context)
and notes become the concept's note, `Translation needed: No` (Weblate) is do-not-translate,
and statuses other than TBX-Basic's map as closely as they can: preferred/admitted/
deprecated/superseded/obsolete/notRecommended by name, anything else a variant with the
status kept in the note — never silently the preferred rendering.

Reading goes through defusedxml: entity declarations (billion laughs) and external entities
(XXE) are refused with an error naming the file, the entity and its line; a malformed file is
refused with the parser's line and column. Nothing is stored unless the whole file parses.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from workbench.errors import InputError
from workbench.glossary.model import SOURCE_LANG, Concept, LangTerms, slugify
from workbench.limits import MAX_TERM_CHARS
from workbench.text.langtag import lang_code, parse_lang

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TBX3_NS = "urn:iso:std:iso:30042:ed-2"
DNT_NOTE = "do-not-translate"
_STATUS = {"preferredTerm-admn-sts": "preferred", "admittedTerm-admn-sts": "variant",
           "deprecatedTerm-admn-sts": "forbidden", "supersededTerm-admn-sts": "forbidden",
           "preferred": "preferred", "preferredterm": "preferred", "admitted": "variant",
           "admittedterm": "variant", "deprecated": "forbidden", "deprecatedterm": "forbidden",
           "superseded": "forbidden", "supersededterm": "forbidden", "obsolete": "forbidden",
           "notrecommended": "forbidden", "legal": "variant", "regulated": "variant",
           "standardized": "preferred"}
FORBIDDEN_MODES = ("note", "omit", "keep")
NOT_NOTE = "not: "


# ------------------------------------------------------------------------------------- export

def export_tbx(concepts: list[Concept], path: Path, *, langs: list[str] | None = None,
               forbidden: str = "note") -> int:
    """Write `concepts` as TBX-Basic; `langs` limits the target languages, `forbidden` says
    what becomes of forbidden renderings (module doc). Returns entries."""
    root = ET.Element("martif", {"type": "TBX-Basic", XML_LANG: SOURCE_LANG})
    header = ET.SubElement(root, "martifHeader")
    file_desc = ET.SubElement(header, "fileDesc")
    ET.SubElement(ET.SubElement(file_desc, "sourceDesc"), "p").text = "workbench glossary"
    ET.SubElement(ET.SubElement(header, "encodingDesc"), "p",
                  {"type": "XCSURI"}).text = "TBXBasicXCSV02.xcs"
    body = ET.SubElement(ET.SubElement(root, "text"), "body")
    for concept in concepts:
        entry = ET.SubElement(body, "termEntry", {"id": concept.id})
        if concept.domain:
            ET.SubElement(entry, "descrip", {"type": "subjectField"}).text = concept.domain
        if concept.note:
            ET.SubElement(entry, "note").text = concept.note
        wanted = [SOURCE_LANG] + [lang for lang in (langs or sorted(
            set(concept.terms) | ({lang for lang in concept.do_not_translate if lang != "*"})))
                                  if lang != SOURCE_LANG]
        for lang in dict.fromkeys(wanted):
            _write_lang(entry, concept, lang, forbidden)
    ET.indent(root)
    path.write_bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n")
    return len(concepts)


def _write_lang(entry: ET.Element, concept: Concept, lang: str, forbidden: str) -> None:
    terms = concept.terms.get(lang, LangTerms())
    rows: list[tuple[str, str, str | None]] = []
    dnt = lang != SOURCE_LANG and concept.keeps_source(lang)
    if terms.preferred:
        rows.append((terms.preferred, "preferredTerm-admn-sts", None))
    elif dnt:
        rows.append((concept.english, "preferredTerm-admn-sts", None))
    rows += [(t, "admittedTerm-admn-sts", None) for t in terms.variants]
    rows += [(t, "admittedTerm-admn-sts", "acronym") for t in terms.acronyms]
    if forbidden == "keep":
        rows += [(t, "deprecatedTerm-admn-sts", None) for t in terms.forbidden]
    if not rows:
        return
    lang_set = ET.SubElement(entry, "langSet", {XML_LANG: lang})
    if forbidden == "note" and terms.forbidden:
        ET.SubElement(lang_set, "note").text = NOT_NOTE + "; ".join(terms.forbidden)
    for n, (term, status, term_type) in enumerate(rows):
        tig = ET.SubElement(lang_set, "tig")
        ET.SubElement(tig, "term").text = term
        if term_type:
            ET.SubElement(tig, "termNote", {"type": "termType"}).text = term_type
        ET.SubElement(tig, "termNote", {"type": "administrativeStatus"}).text = status
        if dnt and n == 0:
            ET.SubElement(tig, "note").text = DNT_NOTE


# ------------------------------------------------------------------------------------- import

def read_tbx(path: Path, *, skipped: list[InputError] | None = None) -> list[Concept]:
    """Parse a TBX file (TBX 2 martif or TBX 3) into concepts; InputError on anything unsafe
    or malformed, naming the file and the line or element. With `skipped`, an entry that is
    bad on its own (no English term, empty term) is recorded there and left out."""
    import defusedxml.ElementTree as DET
    from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden

    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read glossary file ({exc.strerror})", path=path) from None
    try:
        root = DET.fromstring(raw, forbid_dtd=False)
    except EntitiesForbidden as exc:
        raise InputError(f"entity declaration {exc.name!r} refused (XML bomb or external "
                         "entity)", path=path, line=_line_of(raw, f"<!ENTITY {exc.name}"),
                         hint="remove the <!DOCTYPE> entity declarations") from None
    except DTDForbidden:
        raise InputError("DTD refused", path=path, line=_line_of(raw, "<!DOCTYPE")) from None
    except DefusedXmlException as exc:
        raise InputError(f"unsafe XML refused ({exc})", path=path) from None
    except ET.ParseError as exc:
        line, column = exc.position
        raise InputError(f"malformed XML at column {column} ({_reason(exc)})", path=path,
                         line=line, hint="fix the file or export it again") from None
    tag = _local(root.tag)
    if tag not in ("martif", "tbx"):
        raise InputError(f"not a TBX file (root element <{tag}>, expected <martif> or <tbx>)",
                         path=path)
    entries = [e for e in root.iter() if _local(e.tag) in ("termEntry", "conceptEntry")]
    concepts = []
    for number, entry in enumerate(entries, start=1):
        try:
            concepts.append(_concept(entry, number, path))
        except InputError as exc:
            if skipped is None:
                raise
            skipped.append(exc)
    return concepts


def _concept(entry: ET.Element, number: int, path: Path) -> Concept:
    where = f"<{_local(entry.tag)}> #{number}" + (f" id={entry.get('id')!r}"
                                                  if entry.get("id") else "")
    concept = Concept(entry.get("id") or "")
    notes: list[str] = []
    for child in entry:
        name = _local(child.tag)
        if name == "descrip" and child.get("type") == "subjectField":
            concept.domain = _text(child)
        elif name == "descrip" and (child.get("type") or "").lower() == "translation needed":
            if _text(child).lower() == "no":  # Weblate's do-not-translate flag
                concept.do_not_translate.add("*")
        elif name in ("descrip", "note", "admin", "transacGrp") and _text(child):
            notes.append(_labelled(child))
        elif name in ("langSet", "langSec"):
            tag = child.get(XML_LANG) or ""
            if not tag.strip():
                raise InputError(f"{where}: <{name}> without xml:lang", path=path)
            lang = lang_code(parse_lang(tag, path=path))
            notes += _read_lang(child, lang, concept, where, path)
    concept.note = "\n".join(dict.fromkeys(n for n in notes if n))
    english = concept.terms.get(SOURCE_LANG, LangTerms())
    if not english.preferred:
        # an English term marked obsolete is still the term the source pages use
        fallback = english.variants or english.acronyms or english.forbidden
        if not fallback:
            raise InputError(f"{where}: no English term", path=path,
                             hint="every entry needs a term in <langSet xml:lang=\"en\">")
        english.preferred = fallback[0]
        for bucket in (english.variants, english.acronyms, english.forbidden):
            if fallback[0] in bucket:
                bucket.remove(fallback[0])
    if not concept.id:
        concept.id = slugify(english.preferred)
    return concept


def _labelled(el: ET.Element) -> str:
    """A descrip or note as note text: 'definition: …' (its type), or the text alone."""
    kind = el.get("type") or ""
    return f"{kind}: {_text(el)}" if kind and kind != "note" else _text(el)


def _read_lang(node: ET.Element, lang: str, concept: Concept, where: str,
               path: Path) -> list[str]:
    """Read one langSet into `concept`; returns the notes it carries (for the concept)."""
    terms = concept.lang(lang)
    notes: list[str] = []
    for tig in node:
        kind = _local(tig.tag)
        if kind in ("note", "descrip", "descripGrp"):
            text = _text(tig)
            if text.startswith(NOT_NOTE.strip()):  # our export's forbidden renderings
                terms.forbidden += [t.strip() for t in text[len(NOT_NOTE.strip()):].split(";")
                                    if t.strip()]
            elif text:
                notes.append(f"{lang}: {_labelled(tig)}")
            continue
        if kind not in ("tig", "ntig", "termSec"):
            continue
        term_el = next((e for e in tig.iter() if _local(e.tag) == "term"), None)
        term = _text(term_el) if term_el is not None else ""
        if not term:
            raise InputError(f"{where}: empty <term> in {lang}", path=path)
        if len(term) > MAX_TERM_CHARS:
            raise InputError(f"{where}: a <term> of {len(term):,} characters in {lang} (the "
                             f"limit is {MAX_TERM_CHARS:,})", path=path)
        status, term_type, dnt = "", "", False
        for el in tig.iter():
            el_kind = _local(el.tag)
            if el_kind == "termNote" and el.get("type") == "administrativeStatus":
                status = _text(el)
            elif el_kind == "termNote" and el.get("type") == "termType":
                term_type = _text(el)
            elif el_kind == "note" and _text(el) == DNT_NOTE:
                dnt = True
            elif el_kind in ("note", "descrip") and _text(el):
                notes.append(f"{lang} {term}: {_labelled(el)}")
        role = _STATUS.get(status, _STATUS.get(status.lower().replace("-admn-sts", ""), ""))
        if status and not role:
            notes.append(f"{lang} {term}: status {status}")
            role = "variant"  # an unknown status is not an approval
        if dnt:
            concept.do_not_translate.add(lang)
        if role == "forbidden":
            terms.forbidden.append(term)
        elif role == "preferred" and not terms.preferred:
            terms.preferred = term
        elif term_type in ("acronym", "abbreviation", "shortForm", "initialism"):
            terms.acronyms.append(term)
        elif not terms.preferred and role == "":
            terms.preferred = term  # TBX without statuses: the first term is the main one
        else:
            terms.variants.append(term)
    return notes


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _text(el: ET.Element) -> str:
    return " ".join("".join(el.itertext()).split())


def _reason(exc: ET.ParseError) -> str:
    return re.sub(r":\s*line \d+, column \d+$", "", str(exc))


def _line_of(raw: bytes, needle: str) -> int | None:
    """1-based line of the first `needle` in `raw` (to point at an offending declaration)."""
    pos = raw.find(needle.encode())
    return raw.count(b"\n", 0, pos) + 1 if pos >= 0 else None
