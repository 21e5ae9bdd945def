"""Edits the project would not accept when the translator quit: written to a file, not lost.

The writer retries an edit the store refused (project busy, disk full, read-only file) for as
long as the app runs. If the translator quits before one succeeds, the kept edits go to a
JSON Lines file in the user data directory, one object per edit (document, segment number
and id, language, kind, text, reason), so the text can be put back by hand or by script
(`workbench set DOC NUM --to LANG --text ...`).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from workbench.project import Project
from workbench.review import ReviewSession, Unsaved


def write_recovery(project: Project, kept: list[tuple[ReviewSession, Unsaved]]) -> Path:
    """Write the kept edits next to the user's data; returns the file's path."""
    folder = project.settings.data_dir / "recovered"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = folder / f"{project.path.stem}-{stamp}.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for session, item in kept:
            out.write(json.dumps({
                "project": str(project.path), "document": session.doc_id,
                "segment_id": item.edit.segment_id, "lang": session.lang,
                "kind": item.edit.kind, "text": item.edit.text, "reason": item.reason,
            }, ensure_ascii=False) + "\n")
    return path
