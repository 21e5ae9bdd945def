"""Alignment quality on real parallel text: workbench vs hunalign vs Gale–Church, same files.

Datasets (see ../shared/realpar/README.md and ../shared/align-bench/README.md):
* Text+Berg de-fr: test0–6 held out, dev for tuning;
* realpar en-sq / en-fa / en-ar: Acts 3+4 and UDHR held out, Acts 1+2 for tuning.

Every arm aligns the same files in the same run and is scored with the same scorer
(workbench.align.links, Vecalign's strict/lax measure; counts summed per row):
* workbench — `align_sentences` in-process, no project (no TM, no glossary, no MT);
* Gale–Church — ../shared/realpar/tools/baseline_gale_church.py, the paper's c = 1 and,
  as the stronger variant for scripts of different lengths, `--ratio auto`;
* hunalign — when `HUNALIGN=/path/to/hunalign` is set: empty dictionary, `-utf`, input
  tokenised by tools/tok.py, with and without `-realign` (never shipped: build it yourself).

Usage: [HUNALIGN=…] python benchmarks/align_quality.py [--split heldout|tune] [--shared DIR]
Prints one row per dataset and pair: strict F1 (lax F1) per arm, and whether workbench beats
every peer on strict F1 ("tie" when nobody does better, e.g. all at 1.000).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from workbench.align.aligner import align_sentences  # noqa: E402
from workbench.align.links import Counts, LinkPair, format_link, parse_links, score_links  # noqa: E402

PAIRS = ("sq", "fa", "ar")


@dataclass(frozen=True)
class Doc:
    """One document of a benchmark: both sides, gold links and languages."""

    src: Path
    tgt: Path
    gold: Path
    src_lang: str
    tgt_lang: str


@dataclass(frozen=True)
class Row:
    """A line of the table: documents whose counts are summed."""

    dataset: str
    pair: str
    docs: list[Doc]


def read_lines(path: Path) -> list[str]:
    """One sentence per line; a final newline does not make an extra sentence."""
    text = path.read_text(encoding="utf-8")
    return (text[:-1] if text.endswith("\n") else text).split("\n")


def rows(shared: Path, split: str) -> list[Row]:
    """The table's rows for the held-out or the tuning split."""
    tb = shared / "align-bench" / "textberg-de-fr"
    rp = shared / "realpar"

    def textberg(names: list[str]) -> list[Doc]:
        return [Doc(tb / f"{n}.de", tb / f"{n}.fr", tb / f"{n}.defr", "de", "fr") for n in names]

    def realpar(xx: str, names: list[str]) -> list[Doc]:
        d = rp / f"en-{xx}"
        return [Doc(d / f"{n}.en", d / f"{n}.{xx}", d / f"{n}.links", "en", xx) for n in names]

    if split == "tune":
        out = [Row("Text+Berg dev", "de-fr", textberg(["dev"]))]
        out += [Row("Acts 1+2", f"en-{xx}", realpar(xx, ["acts1", "acts2"])) for xx in PAIRS]
        return out
    out = [Row("Text+Berg test0-6", "de-fr", textberg([f"test{i}" for i in range(7)]))]
    out += [Row("Acts 3+4", f"en-{xx}", realpar(xx, ["acts3", "acts4"])) for xx in PAIRS]
    out += [Row("UDHR", f"en-{xx}", realpar(xx, ["udhr"])) for xx in PAIRS]
    return out


Arm = Callable[[Doc, Path], list[LinkPair]]


def workbench_arm(doc: Doc, _: Path) -> list[LinkPair]:
    """The aligner as `workbench align --presegmented` runs it."""
    links = align_sentences(read_lines(doc.src), read_lines(doc.tgt), doc.src_lang, doc.tgt_lang)
    return [(link.src, link.tgt) for link in links]


def gale_church_arm(tools: Path, ratio: str) -> Arm:
    """The shared Gale–Church baseline with the paper's ratio (1) or the document's ('auto')."""
    def run(doc: Doc, _: Path) -> list[LinkPair]:
        out = subprocess.run([sys.executable, str(tools / "baseline_gale_church.py"),
                              str(doc.src), str(doc.tgt), "--ratio", ratio],
                             capture_output=True, text=True, check=True).stdout
        return parse_links(out.splitlines())
    return run


def hunalign_arm(binary: str, tools: Path, *, realign: bool) -> Arm:
    """hunalign with an empty dictionary on tok.py-tokenised input (as run_realpar.sh)."""
    def run(doc: Doc, work: Path) -> list[LinkPair]:
        toks = []
        for side in (doc.src, doc.tgt):
            tok = work / f"{side.name}.tok"
            tok.write_text(subprocess.run([sys.executable, str(tools / "tok.py"), str(side)],
                                          capture_output=True, text=True, check=True).stdout,
                           encoding="utf-8")
            toks.append(str(tok))
        null = work / "null.dic"
        null.write_text("", encoding="utf-8")
        args = [binary, "-utf", *(["-realign"] if realign else []), str(null), *toks]
        ladder = work / "h.ladder"
        ladder.write_text(subprocess.run(args, capture_output=True, text=True, check=True,
                                         cwd=work).stdout, encoding="utf-8")
        n, m = len(read_lines(doc.src)), len(read_lines(doc.tgt))
        out = subprocess.run([sys.executable, str(tools / "ladder2links.py"), str(ladder),
                              str(n), str(m)], capture_output=True, text=True, check=True).stdout
        return parse_links(out.splitlines())
    return run


def arms(tools: Path, hunalign: str | None) -> dict[str, Arm]:
    """The arms of this run, workbench first."""
    out: dict[str, Arm] = {"workbench": workbench_arm}
    if hunalign:
        out["hunalign"] = hunalign_arm(hunalign, tools, realign=False)
        out["hunalign -realign"] = hunalign_arm(hunalign, tools, realign=True)
    out["Gale-Church c=1"] = gale_church_arm(tools, "1")
    out["Gale-Church auto"] = gale_church_arm(tools, "auto")
    return out


def score_row(row: Row, arm: Arm, work: Path, dump: Path | None, name: str) -> Counts:
    """Summed counts of one arm over a row's documents (links written to `dump` if given)."""
    total = Counts()
    for doc in row.docs:
        hyp = arm(doc, work)
        if dump is not None:
            tag = f"{row.pair}.{doc.gold.stem}.{name.replace(' ', '_')}.links"
            (dump / tag).write_text("".join(format_link(s, t) + "\n" for s, t in hyp),
                                    encoding="utf-8")
        total.add(score_links(hyp, parse_links(read_lines(doc.gold))))
    return total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("heldout", "tune"), default="heldout")
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--dump", type=Path, help="write every arm's links into this folder")
    args = parser.parse_args()
    tools = args.shared / "realpar" / "tools"
    if not tools.is_dir():
        print(f"no realpar data in {args.shared}", file=sys.stderr)
        return 2
    hunalign = os.environ.get("HUNALIGN")
    table = arms(tools, hunalign)
    names = list(table)
    if args.dump:
        args.dump.mkdir(parents=True, exist_ok=True)
    print(f"split: {args.split}; strict F1 (lax F1); hunalign: {hunalign or 'not given (HUNALIGN=)'}")
    print(f"{'dataset':<18} {'pair':<6} " + " ".join(f"{n:>17}" for n in names) + "  wins")
    with tempfile.TemporaryDirectory() as tmp:
        for row in rows(args.shared, args.split):
            cells, strict = [], []
            for name in names:
                s = score_row(row, table[name], Path(tmp), args.dump, name).scores()
                strict.append(s["strict_f1"])
                cells.append(f"{s['strict_f1']:.3f} ({s['lax_f1']:.3f})")
            wins = "yes" if all(strict[0] > x for x in strict[1:]) else \
                "tie" if all(strict[0] >= x for x in strict[1:]) else "NO"
            print(f"{row.dataset:<18} {row.pair:<6} " + " ".join(f"{c:>17}" for c in cells)
                  + f"  {wins}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
