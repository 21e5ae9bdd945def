"""Shared set-up for the formats tests (no tests here): a seeded project with translations.

Targets cover what breaks exporters: RTL text (fa, ar), ZWNJ, quotes, "&", "<", ">", a tab and
a newline inside a segment, and control characters XML 1.0 forbids. Origins human, mt and
aligned and every status from draft to approved appear, so filters have something to drop.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from workbench.ingest.model import ParsedDocument, ParsedPassage
from workbench.project import Project
from workbench.store.documents import list_segments, save_document
from workbench.store.translations import set_translation

ZWNJ = "\u200c"
TRICKY_SOURCE = 'Tom & Jerry said "x < y" — it\'s <b>true</b>.'
CONTROL_TARGET = "Çmimet\x0b u rritën 5% > e pritshme.\x01"


@dataclass(frozen=True)
class Built:
    """What `build` stored: the extra document's id and the expected pairs."""

    doc_id: int
    seed_doc_id: int
    # (source, lang, target, status, origin) of every translation written
    pairs: list[tuple[str, str, str, str, str]]


def build(project: Project) -> Built:
    """Add a document with tricky text and translate it and a seed page in sq, fa, ar."""
    conn = project.db
    doc = ParsedDocument(title="Quotes & <tags> — “test”", format="text", lang="en",
                         source_path="tricky.txt", passages=[
        ParsedPassage("heading", "Rajavi’s “regime change” agenda",
                      ["Rajavi’s “regime change” agenda"], level=2, lang="en"),
        ParsedPassage("paragraph", f"{TRICKY_SOURCE} Prices rose 5% > expected.",
                      [TRICKY_SOURCE, "Prices rose 5% > expected."], lang="en"),
    ])
    doc_id = save_document(conn, doc).document_id
    tricky = list_segments(conn, doc_id)
    seed = list_segments(conn, 1)
    rows = [
        (tricky[0], "sq", "Agjenda e “ndryshimit të regjimit” e Rajavit", "approved", "human"),
        (tricky[0], "fa", f"دستور کار «تغییر رژیم» رجوی که می{ZWNJ}خواهد", "reviewed", "human"),
        (tricky[0], "ar", "أجندة «تغيير النظام» لرجوي", "translated", "aligned"),
        (tricky[1], "sq", 'Tom & Jerry thanë "x < y" — është <b>e vërtetë</b>.', "approved",
         "human"),
        (tricky[1], "fa", f'تام & جری گفتند "x < y" — این <b>درست</b> است و می{ZWNJ}دانند.',
         "translated", "aligned"),
        (tricky[1], "ar", 'قال توم & جيري "x < y" — هذا <b>صحيح</b>.', "reviewed", "mt"),
        (tricky[2], "sq", CONTROL_TARGET, "translated", "mt"),
        (tricky[2], "fa", "قیمت\u200cها بیش از انتظار بالا رفت.", "draft", "mt"),
        (seed[0], "sq", "Përmbledhja javore e Iran Interlink – 307", "approved", "human"),
        (seed[0], "fa", "خلاصهٔ هفتگی ایران اینترلینک – ۳۰۷", "translated", "aligned"),
        (seed[0], "ar", "الملخص الأسبوعي لإيران إنترلينك – ٣٠٧", "translated", "human"),
        (seed[1], "sq", "MEK, kanal për veprimtari\tspiunazhi\nnë Shqipëri", "reviewed", "aligned"),
        (seed[1], "fa", "سازمان مجاهدین، مجرای فعالیت\u200cهای جاسوسی", "translated", "mt"),
        (seed[2], "ar", "ظهرت أنباء عن تسريب بيانات في ألبانيا.", "draft", "human"),
    ]
    for seg, lang, text, status, origin in rows:
        set_translation(conn, seg["id"], lang, text, status=status, origin=origin)
    return Built(doc_id, 1, [(s["text"], lang, text, status, origin)
                             for s, lang, text, status, origin in rows])


def tm_content(conn: sqlite3.Connection) -> list[tuple[object, ...]]:
    """Everything a TM unit says about a pair, except ids and provenance, in a stable order."""
    return [tuple(r) for r in conn.execute(
        "SELECT src_lang, tgt_lang, source, target, origin, status, created_at, updated_at, note"
        " FROM tm_units ORDER BY tgt_lang, source, target")]
