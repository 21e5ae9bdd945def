"""Export speed and memory: N pairs through every format, against an in-memory baseline.

Builds a project of N segments with a Persian translation each (executemany, synthetic text
with RTL script, ZWNJ, "&" and "<"), then exports it as TMX, XLIFF, TSV, Moses and JSONL, each
in its own process so its peak RSS is its own. The baseline builds the whole TMX as an
ElementTree in memory and then writes it — what an exporter without streaming does. It runs on
a smaller project (--baseline-pairs, default min(N, 200000)) because at a million pairs it needs
gigabytes; the streaming TMX export is measured on that same project for the ratio, and on the
large one to show that its memory does not grow with N.

Usage: python benchmarks/export_large.py [--pairs N] [--baseline-pairs M] [--formats tmx,tsv]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

FORMATS = ("tmx", "xliff", "tsv", "moses", "jsonl")
NAMES = {"tmx": "out.tmx", "xliff": "out.xlf", "tsv": "out.tsv", "moses": "corpus",
         "jsonl": "out.jsonl"}
EN = ("the minister said that peace & security matter < more than ever in Albania Iran "
      "rights people report weekly digest camp members families").split()
FA = ("وزیر گفت که صلح و امنیت بیش از همیشه در آلبانی ایران حقوق مردم گزارش هفتگی "
      "اردوگاه اعضا خانواده\u200cها می\u200cخواهند").split()
PER_DOC, PER_PASSAGE = 1000, 10


def build_project(path: Path, n: int) -> float:
    """A project with n translated segments; returns the seconds it took."""
    from workbench.store.db import connect, now, transaction

    start = time.perf_counter()
    rng = random.Random(42)
    conn = connect(path)
    stamp = now()
    with transaction(conn):
        docs = (n + PER_DOC - 1) // PER_DOC
        conn.executemany(
            "INSERT INTO documents(id, title, doc_key, lang, format, content_hash, imported_at)"
            " VALUES (?,?,?,?,?,?,?)",
            ((d, f"Doc {d} & <co>", f"doc{d}", "en", "text", f"h{d}", stamp)
             for d in range(1, docs + 1)))
        conn.executemany(
            "INSERT INTO passages(id, document_id, position, kind, text) VALUES (?,?,?,?,?)",
            ((p, p * PER_PASSAGE // PER_DOC + 1, p % (PER_DOC // PER_PASSAGE), "paragraph", "")
             for p in range((n + PER_PASSAGE - 1) // PER_PASSAGE)))

        def sentence(words: tuple[str, ...]) -> str:
            return " ".join(rng.choice(words) for _ in range(rng.randint(8, 25))) + "."

        conn.executemany(
            "INSERT INTO segments(id, document_id, passage_id, position, text, norm, checksum)"
            " VALUES (?,?,?,?,?,'','')",
            ((i + 1, i // PER_DOC + 1, i // PER_PASSAGE, i % PER_DOC, sentence(EN))
             for i in range(n)))
        conn.executemany(
            "INSERT INTO translations(segment_id, lang, text, status, origin, created_at,"
            " updated_at) VALUES (?, 'fa', ?, 'translated', 'human', ?, ?)",
            ((i + 1, sentence(FA), stamp, stamp) for i in range(n)))
    conn.close()
    return time.perf_counter() - start


def child_export(db: Path, fmt: str, out: Path) -> dict[str, float]:
    from workbench.formats.model import ExportFilter
    from workbench.formats.service import export_pairs
    from workbench.store.db import connect

    conn = connect(db)
    start = time.perf_counter()
    report = export_pairs(conn, ExportFilter(("fa",)), fmt, out)
    seconds = time.perf_counter() - start
    size = sum(Path(f).stat().st_size for f in report.files)
    for f in report.files:
        Path(f).unlink()
    return {"seconds": seconds, "pairs": report.pairs, "mb": size / 1e6}


def child_tree(db: Path, out: Path) -> dict[str, float]:
    """Baseline: the same TMX built as one ElementTree in memory, then written."""
    import xml.etree.ElementTree as ET

    from workbench.formats.model import ExportFilter
    from workbench.formats.query import iter_units
    from workbench.store.db import connect

    conn = connect(db)
    start = time.perf_counter()
    root = ET.Element("tmx", version="1.4")
    ET.SubElement(root, "header", srclang="en", segtype="sentence", datatype="plaintext")
    body = ET.SubElement(root, "body")
    pairs = 0
    for unit in iter_units(conn, ExportFilter(("fa",))):
        tu = ET.SubElement(body, "tu", tuid=unit.key)
        ET.SubElement(ET.SubElement(tu, "prop", type="x-document"), "x").text = unit.document
        src = ET.SubElement(tu, "tuv", {"xml:lang": "en"})
        ET.SubElement(src, "seg").text = unit.source
        for t in unit.targets:
            tuv = ET.SubElement(tu, "tuv", {"xml:lang": t.lang})
            ET.SubElement(tuv, "prop", type="x-status").text = t.status
            ET.SubElement(tuv, "seg").text = t.text
            pairs += 1
    ET.ElementTree(root).write(out, encoding="utf-8", xml_declaration=True)
    seconds = time.perf_counter() - start
    size = out.stat().st_size
    out.unlink()
    return {"seconds": seconds, "pairs": pairs, "mb": size / 1e6}


def measure(*args: str) -> dict[str, float]:
    """Run one export in a fresh process; its result plus its own peak RSS (MB)."""
    proc = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True,
                          text=True, check=True)
    return json.loads(proc.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=1_000_000)
    parser.add_argument("--baseline-pairs", type=int)
    parser.add_argument("--formats", default=",".join(FORMATS))
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, db, *rest = args.child
        result = (child_tree(Path(db), Path(rest[0])) if kind == "tree"
                  else child_export(Path(db), rest[0], Path(rest[1])))
        result["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(result))
        return
    n, base_n = args.pairs, args.baseline_pairs or min(args.pairs, 200_000)
    with tempfile.TemporaryDirectory(prefix="wb-export-bench-") as tmp:
        root = Path(tmp)
        big, small = root / "big.wbproj", root / "small.wbproj"
        print(f"building {n:,} pairs: {build_project(big, n):.1f} s")
        print(f"building {base_n:,} pairs (baseline size): {build_project(small, base_n):.1f} s")
        print(f"\n{'format':8} {'pairs':>10} {'seconds':>8} {'pairs/s':>9} {'peak RSS':>9} "
              f"{'output':>9}")
        for fmt in args.formats.split(","):
            r = measure("export", str(big), fmt, str(root / NAMES[fmt]))
            print(f"{fmt:8} {int(r['pairs']):>10,} {r['seconds']:>8.1f} "
                  f"{r['pairs'] / r['seconds']:>9,.0f} {r['rss_mb']:>7.0f}MB {r['mb']:>7.0f}MB")
        stream = measure("export", str(small), "tmx", str(root / "small.tmx"))
        tree = measure("tree", str(small), str(root / "tree.tmx"))
        print(f"\nbaseline at {base_n:,} pairs: TMX built in memory as an ElementTree vs "
              f"streamed")
        print(f"  in-memory tree  {tree['seconds']:6.1f} s  peak RSS {tree['rss_mb']:6.0f} MB")
        print(f"  streaming       {stream['seconds']:6.1f} s  peak RSS {stream['rss_mb']:6.0f} MB")
        print(f"  ratio streaming/tree: time {stream['seconds'] / tree['seconds']:.2f}x, "
              f"peak RSS {stream['rss_mb'] / tree['rss_mb']:.2f}x")


if __name__ == "__main__":
    main()
