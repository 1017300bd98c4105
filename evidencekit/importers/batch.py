"""Importing a batch of paths: each file goes to the importer that recognises its content.

Files no importer understands are kept as plain originals. Every file is its own transaction, so
a refused file leaves the vault unchanged and the rest of the batch still imports.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from evidencekit.core.intake import (
    DISK_FULL,
    ImportOutcome,
    Progress,
    expand_paths,
    import_file,
    no_progress,
)
from evidencekit.core.model import Annotations
from evidencekit.core.vault import Vault
from evidencekit.i18n import _, localize
from evidencekit.importers.chat_import import ChatOptions, make_after_store
from evidencekit.importers.folder_exports import find_folder_exports, import_folder_export
from evidencekit.importers.whatsapp_backup import KeySource


@dataclass(frozen=True)
class ImportOptions:
    case: str
    annotations: Annotations = Annotations()
    timezone: str | None = None  # for naive times in chat exports; default: the vault's
    date_order: str | None = None  # dmy | mdy | ymd, when a chat export cannot tell
    backup_key: KeySource | None = None  # asks for an encrypted WhatsApp backup's key
    intimate: bool | None = None  # exports may hold intimate images (see ChatOptions)


def import_paths(
    vault: Vault,
    paths: list[Path],
    options: ImportOptions,
    progress: Progress = no_progress,
    cancel: threading.Event | None = None,
) -> list[ImportOutcome]:
    files, outcomes = expand_paths(paths)
    bar = BatchProgress(progress, files)
    # Threads and exports found in folders are imported first, each as one item with its parts
    # and media; whatever they did not keep is then imported file by file, as before.
    chat = _chat_options(vault, options, cancel)
    done: set[Path] = set()
    for export in find_folder_exports(paths, files):
        if cancel is not None and cancel.is_set():
            break
        outcome, kept = import_folder_export(vault, export, case=options.case, options=chat,
                                             annotations=options.annotations,
                                             progress=bar.file(export.parts[0], len(done),
                                                               with_media=True))
        outcomes.append(_shown(outcome))
        done |= kept
        bar.finished(kept)
        if outcome.extra.get(DISK_FULL):
            return _stopped_by_full_disk(outcomes, [f for f in files if f not in done])
    rest = [f for f in files if f not in done]
    for n, path in enumerate(rest):
        if cancel is not None and cancel.is_set():
            # Said one by one, so the summary can tell the user what is still to add.
            outcomes.extend(ImportOutcome(str(p), "not-tried", _(
                "{path}: not added; the import was stopped before it.").format(path=p))
                for p in rest[n:])
            break
        outcomes.append(_shown(import_one(vault, path, options, bar.file(path, len(done) + n),
                                          cancel)))
        bar.finished([path])
        if outcomes[-1].extra.get(DISK_FULL):
            return _stopped_by_full_disk(outcomes, rest[n + 1:])
    if cancel is None or not cancel.is_set():
        bar.end()  # a stopped batch does not show a full bar
    return outcomes


def _stopped_by_full_disk(outcomes: list[ImportOutcome],
                          rest: list[Path]) -> list[ImportOutcome]:
    """The vault could not be written: the next files would meet the same disk, so the batch
    stops, the failed file's sentence says how far it got, and each file left is named."""
    kept = sum(1 for o in outcomes if o.status in ("imported", "duplicate"))
    failed = outcomes[-1]
    failed.message += " " + _("The import stopped there: {n} file(s) before it were kept, the "
                              "{rest} after it were not added.").format(n=kept, rest=len(rest))
    outcomes.extend(ImportOutcome(str(p), "not-tried", _(
        "{path}: not added; the import stopped at a full disk before it.").format(path=p))
        for p in rest)
    return outcomes


def _shown(outcome: ImportOutcome) -> ImportOutcome:
    """The outcome with its report lines in the UI language (the parsers write their notes in
    English, the language of the custody log; see `i18n.deferred`)."""
    lines = outcome.extra.get("report_lines")
    if lines:
        outcome.extra["report_lines"] = [localize(line) for line in lines]
    return outcome


class BatchProgress:
    """One bar for the whole batch, weighted by bytes, with the file count in the label.

    Each file reports the bytes it has read; they are added to those of the files before it,
    so the bar moves smoothly through a 2 GB video. It never goes back nor past its end: a
    file given twice counts once, and a refused export leaves the bar where it had got to.
    """

    def __init__(self, report: Progress, files: list[Path]) -> None:
        self.report = report
        self.count = len(files)
        # An empty or unreadable file still counts for one byte, so every file moves the bar.
        self.sizes = {f: max(_size(f), 1) for f in files}
        self.total = sum(self.sizes.values())
        self.base = 0
        self.high = 0
        self.counted: set[Path] = set()

    def file(self, path: Path, index: int, *, with_media: bool = False) -> Progress:
        """The progress callback for one file; `with_media`: an export folder that also stores
        the files its messages name, so its bytes may run past its first part's."""
        size = 0 if path in self.counted else self.sizes.get(path, 1)
        if with_media:
            size = self.total
        label = _("Adding {n} of {count}: {name}").format(
            n=index + 1, count=self.count, name=path.name[:80])

        def report(done: int, _total: int, _name: str) -> None:
            self.high = max(self.high, min(self.total, self.base + min(max(done, 0), size)))
            self.report(self.high, self.total, label)

        report(0, 0, "")
        return report

    def finished(self, paths: set[Path] | list[Path]) -> None:
        new = set(paths) - self.counted
        self.counted |= new
        self.base = min(self.total, self.base + sum(self.sizes.get(p, 0) for p in new))
        self.high = max(self.high, self.base)

    def end(self) -> None:
        self.report(self.total, self.total, "")


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # the import itself says what is wrong with the file


def import_one(
    vault: Vault,
    path: Path,
    options: ImportOptions,
    progress: Progress = no_progress,
    cancel: threading.Event | None = None,
) -> ImportOutcome:
    chat = _chat_options(vault, options, cancel)
    return import_file(vault, path, case=options.case, annotations=options.annotations,
                       cancel=cancel, progress=progress, after_store=make_after_store(chat))


def _chat_options(vault: Vault, options: ImportOptions,
                  cancel: threading.Event | None) -> ChatOptions:
    return ChatOptions(timezone=options.timezone or vault.timezone,
                       date_order=options.date_order, cancel=cancel,
                       backup_key=options.backup_key, intimate=options.intimate)
