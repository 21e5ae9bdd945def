"""How soon a colleague's confirm appears in an open review: live-update latency, both backends.

Usage: python benchmarks/team_live.py [--rounds 10] [--per-round 10] [--dsn CONNINFO]

One headless workbench (Textual's test driver, the real App) has a document open in the review;
a second client — its own connection, as another translator's program — confirms segments one
at a time. Measured per confirm: from the moment the other client's commit returned to the moment
the open grid holds the new text (the App's event loop checks every 2 ms). Rounds alternate the
backends (SQLite file, PostgreSQL project: A B A B …) so machine load hits both alike. Reported:
median, p95 and max per backend against the issue's goal (within a second), and the median ratio
PostgreSQL / SQLite per round pair.

Starts its own throwaway PostgreSQL cluster unless --dsn names a server (a superuser conninfo).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import psycopg  # noqa: E402
from fixtures.pg import location  # noqa: E402
from fixtures.tui import SIZE, open_review  # noqa: E402
from pgcluster import Cluster  # noqa: E402

from workbench.ingest.model import ParsedDocument, ParsedPassage  # noqa: E402
from workbench.project import open_project  # noqa: E402
from workbench.review import Edit, ReviewSession  # noqa: E402
from workbench.tui.app import make_app  # noqa: E402

SENTENCES = [f"Sentence {i} of the weekly digest about Tirana." for i in range(400)]


def prepare(where: str) -> None:
    from workbench.store.documents import save_document

    with open_project(where, with_seeds=False) as p:
        save_document(p.db, ParsedDocument("Digest", [ParsedPassage("paragraph", "", SENTENCES)],
                                           "text", source_path="digest.txt", lang="en"))


async def one_round(where: str, start: int, count: int) -> list[float]:
    """Latencies (s) of `count` confirms by another client into an open review."""
    mine, other = open_project(where), open_project(where)
    try:
        doc = other.db.execute("SELECT min(id) FROM documents").fetchone()[0]
        theirs = ReviewSession.open(other, doc, "sq")
        app = make_app(mine)
        out: list[float] = []
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_review(pilot, "sq")
            for n in range(start, start + count):
                row = theirs.row_number(n + 2)  # never the segment in the editor
                assert row is not None
                text = f"Fjalia {n} e përmbledhjes javore për Tiranën."
                theirs.confirm(Edit(row.id, text, "confirm"))
                committed = time.perf_counter()
                while screen.rows[row.id].target != text:
                    await asyncio.sleep(0.002)
                    if time.perf_counter() - committed > 30:
                        raise SystemExit(f"segment {n + 2} never appeared")
                out.append(time.perf_counter() - committed)
        return out
    finally:
        mine.close()
        other.close()


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def run(rounds: int, per_round: int, sqlite_path: str, pg_where: str) -> None:
    arms = {"sqlite": sqlite_path, "postgresql": pg_where}
    seen: dict[str, list[float]] = {arm: [] for arm in arms}
    ratios: list[float] = []
    for r in range(rounds):
        medians = {}
        for arm, where in arms.items():  # A B A B …
            got = await one_round(where, r * per_round, per_round)
            seen[arm].extend(got)
            medians[arm] = statistics.median(got)
        ratios.append(medians["postgresql"] / medians["sqlite"])
        print(f"round {r + 1}: sqlite median {medians['sqlite'] * 1000:.0f} ms, postgresql "
              f"median {medians['postgresql'] * 1000:.0f} ms", flush=True)
    for arm, values in seen.items():
        print(f"{arm:10s} n={len(values)}  median {statistics.median(values) * 1000:.0f} ms  "
              f"p95 {pct(values, 0.95) * 1000:.0f} ms  max {max(values) * 1000:.0f} ms  "
              f"(goal: < 1000 ms)")
    print(f"postgresql / sqlite median ratio per round: median {statistics.median(ratios):.2f} "
          f"(min {min(ratios):.2f}, max {max(ratios):.2f})")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=10)
    ap.add_argument("--per-round", type=int, default=10)
    ap.add_argument("--dsn", help="superuser conninfo of a running server (default: start one)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="wb-live-") as tmp:
        cluster = None
        dsn = args.dsn
        if not dsn:
            cluster = Cluster(Path(tmp) / "pg")
            dsn = cluster.start()
        try:
            with psycopg.connect(dsn, autocommit=True) as conn:
                conn.execute("DROP DATABASE IF EXISTS wb_live_bench WITH (FORCE)")
                conn.execute("CREATE DATABASE wb_live_bench")
            pg_where = location(dsn, "wb_live_bench")
            sqlite_path = str(Path(tmp) / "live.wbproj")
            for where in (sqlite_path, pg_where):
                prepare(where)
            asyncio.run(run(args.rounds, args.per_round, sqlite_path, pg_where))
            with psycopg.connect(dsn, autocommit=True) as conn:
                conn.execute("DROP DATABASE IF EXISTS wb_live_bench WITH (FORCE)")
        finally:
            if cluster is not None:
                cluster.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
