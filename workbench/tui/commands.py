"""Command palette (Ctrl+P): every key binding of the current screen, plus documents,
target languages and settings — so nothing in the workbench needs a key to be found.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher

from workbench.store.documents import list_documents
from workbench.text.display import for_display
from workbench.text.scripts import lang_name

if TYPE_CHECKING:
    from workbench.tui.screens.documents import DocumentsScreen


class WorkbenchCommands(Provider):
    """Actions of the screen under the palette, documents to open, languages to switch to."""

    def commands(self) -> Iterator[tuple[str, Callable[[], object], str]]:
        """(name, callback, help) for everything offered right now. Help strings are parsed
        as markup by the palette, so they never contain user or page text."""
        app = self.app
        screen = self.screen
        seen: set[str] = set()
        for active in screen.active_bindings.values():
            binding = active.binding
            if active.node not in (screen, app) or not binding.description:
                continue
            if binding.action in seen:
                continue
            seen.add(binding.action)
            key = app.get_key_display(binding)
            yield (binding.description, partial(active.node.run_action, binding.action),
                   binding.tooltip or f"key: {key}")
        extra = getattr(screen, "palette_commands", None)
        if extra is not None:  # a screen's commands that have no key
            yield from extra()
        project = app.project  # type: ignore[attr-defined]
        for lang in project.settings.targets:
            yield (f"Target language: {lang_name(lang)} ({lang})",
                   partial(app.set_language, lang),  # type: ignore[attr-defined]
                   "Review and translate into this language")
        for doc in list_documents(project.db, role="source"):
            yield (f"Open document {doc['id']}: {for_display(doc['title'])}",
                   partial(app.open_review, doc["id"]),  # type: ignore[attr-defined]
                   f"{doc['segments']} segments")
        documents = self.documents_screen()
        if documents is not None:  # the same picker as key `a` on the documents screen
            yield ("Review an alignment", documents.action_review_alignment,
                   "Alignments least confident first: review, accept above a threshold")
            yield ("Align pages", documents.action_align_pages,
                   "Align English pages with their editions: a pairs file or two folders")
        yield ("Export…", app.action_export_dialog,  # type: ignore[attr-defined]
               "TMX, XLIFF, TSV, Moses, JSONL or the translated html/text edition, in the "
               "background (as `workbench export`)")
        yield ("Install MT model from a file…", app.action_install_model,  # type: ignore[attr-defined]
               "An Argos package (.argosmodel) you have on disk")
        yield ("RTL display check", app.action_calibrate_rtl,  # type: ignore[attr-defined]
               "Choose how Farsi and Arabic are displayed in this terminal")
        yield ("Help", app.action_help, "Keys of this screen")  # type: ignore[attr-defined]

    def documents_screen(self) -> DocumentsScreen | None:
        """The documents screen (the bottom of the stack), whichever screen is on top."""
        from workbench.tui.screens.documents import DocumentsScreen

        return next((s for s in self.app.screen_stack if isinstance(s, DocumentsScreen)), None)

    async def discover(self) -> Hits:
        for name, callback, help_text in self.commands():
            yield DiscoveryHit(Content(name), callback, text=name, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback, help_text in self.commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, highlight(matcher, name), callback, text=name, help=help_text)


def highlight(matcher: Matcher, name: str) -> Content:
    """`Matcher.highlight` parses the candidate as markup (a document titled "[/]" would
    break the palette); this builds plain Content and styles the matched characters."""
    content = Content(name)
    _, offsets = matcher.fuzzy_search.match(matcher.query, name)
    for offset in offsets:
        content = content.stylize(matcher.match_style, offset, offset + 1)
    return content
