"""The review screen's keys: CAT habits (Ctrl+Enter/Ctrl+J confirm, Ctrl+U next untranslated,
Alt+↑/↓ previous/next, Ctrl+1..3 matches, F1 help, Ctrl+P palette). Every binding has an id a
user can remap in keymap.toml; secondary ones are hidden from the footer (F1 lists them all),
and the footer's words are short so that every shown key fits 80 columns.
Ctrl+J comes first so the footer names the key every terminal sends (most send Ctrl+Enter as
Ctrl+J, or nothing, inside tmux).
"""

from __future__ import annotations

from textual.binding import Binding

REVIEW_BINDINGS = [
    Binding("ctrl+j,ctrl+enter", "confirm_segment", "Confirm", priority=True,
            id="review.confirm", tooltip="Confirm (translated) and go to the next "
                                         "unconfirmed segment (Ctrl+J in every terminal)"),
    Binding("alt+down", "move(1)", "Next", priority=True, show=False, id="review.next"),
    Binding("alt+up", "move(-1)", "Previous", priority=True, show=False,
            id="review.previous"),
    Binding("ctrl+u", "next_untranslated", "Next untranslated", priority=True, show=False,
            id="review.next_untranslated"),
    Binding("ctrl+t", "accept_mt", "Accept MT", priority=True, id="review.accept_mt",
            tooltip="Put the MT suggestion into the editor"),
    *[Binding(f"ctrl+{n},alt+{n}", f"insert_tm({n})", f"TM match {n}", priority=True,
              show=False, id=f"review.tm{n}") for n in (1, 2, 3)],
    Binding("f5", "insert_best_tm", "Best TM match", priority=True, show=False,
            id="review.tm_best", tooltip="Put the best TM match into the editor"),
    Binding("ctrl+b", "pick_tm", "TM matches", priority=True, show=False, id="review.tm_pick",
            tooltip="Choose one of the TM matches (with its score) for the editor"),
    Binding("ctrl+g", "insert_term", "Terms", priority=True, id="review.glossary",
            tooltip="Insert a glossary rendering (or an accepted form) at the cursor"),
    Binding("alt+g", "glossary_term", "Add/edit glossary term", priority=True, show=False,
            id="review.glossary_term",
            tooltip="Add a glossary term (the source selection, the editor selection as its "
                    "rendering) or change a term's rendering"),
    Binding("alt+h", "find_replace", "Find & replace", priority=True, show=False,
            id="review.replace",
            tooltip="Find and replace in this document's translations (folded matching, a "
                    "preview of every change first; locked segments untouched), or find in "
                    "the source"),
    Binding("alt+s", "split_segment", "Split segment", priority=True, show=False,
            id="review.split",
            tooltip="Split this segment in two before the words selected in the source (or "
                    "words you type); inline code pairs are never cut"),
    Binding("alt+m", "merge_segment", "Merge with next", priority=True, show=False,
            id="review.merge",
            tooltip="Merge this segment with the next one of its paragraph (translations "
                    "joined)"),
    Binding("ctrl+o", "copy_source", "Copy source", priority=True, show=False,
            id="review.copy_source"),
    Binding("f4,alt+t", "insert_code", "Insert code", priority=True, show=False,
            id="review.insert_code",
            tooltip="Insert the next inline code (link, bold, line break) of the source at "
                    "the cursor; with words selected, put the pair around them"),
    Binding("ctrl+r", "revert", "Revert", priority=True, show=False, id="review.revert",
            tooltip="Discard unconfirmed typing (back to the stored translation)"),
    Binding("ctrl+z", "undo", "Undo", priority=True, show=False, id="review.undo",
            tooltip="Undo typing, or the last stored change of this segment"),
    Binding("ctrl+y", "redo", "Redo", priority=True, show=False, id="review.redo"),
    Binding("alt+r,f7", "set_status('reviewed')", "Reviewed", priority=True, show=False,
            id="review.reviewed"),
    Binding("alt+a,f8", "set_status('approved')", "Approved", priority=True, show=False,
            id="review.approved"),
    Binding("ctrl+n", "next_problem", "Next QA problem", priority=True, show=False,
            id="review.next_problem"),
    Binding("ctrl+f", "filter", "Filter", priority=True, id="review.filter"),
    Binding("ctrl+l", "goto", "Go to #", priority=True, show=False, id="review.goto"),
    Binding("ctrl+k", "concordance", "Concordance", priority=True, show=False,
            id="review.concordance",
            tooltip="Search the translation memory (selected text, or type a phrase)"),
    Binding("alt+l", "toggle_lock", "Lock/unlock", priority=True, show=False,
            id="review.lock", tooltip="Lock this segment in this language (do-not-translate: "
                                      "not editable, skipped by MT and propagation), or unlock"),
    Binding("f3", "edit_note", "Note", priority=True, show=False, id="review.note",
            tooltip="Write or change the note on this translation (exported to XLIFF/TMX)"),
    Binding("f6", "next_panel", "Panel", priority=True, show=False, id="review.panel",
            tooltip="Next side panel (MT, TM, terms, QA) in the compact layout"),
    Binding("f2", "next_language", "Lang", priority=True, id="review.language",
            tooltip="Next target language (or click a tab)"),
    Binding("f9", "translate", "Translate", priority=True, id="review.translate",
            tooltip="Machine-translate this document in the background (F9 again cancels)"),
    Binding("escape", "back", "Documents", id="review.back", show=False,
            tooltip="Back to the documents (unconfirmed typing is kept as a draft)"),
]
