"""Importing a batch of paths: each file goes to the importer that recognises its content.

Files no importer understands are kept as plain originals. Every file is its own transaction, so
a refused file leaves the vault unchanged and the rest of the batch still imports.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from evidencekit.core.intake import ImportOutcome, Progress, expand_paths, import_file, no_progress
from evidencekit.core.model import Annotations
from evidencekit.core.vault import Vault
from evidencekit.importers.chat_import import ChatOptions, make_after_store
from evidencekit.importers.folder_exports import find_folder_exports, import_folder_export


@dataclass(frozen=True)
class ImportOptions:
    case: str
    annotations: Annotations = Annotations()
    timezone: str | None = None  # for naive times in chat exports; default: the vault's
    date_order: str | None = None  # dmy | mdy | ymd, when a chat export cannot tell


def import_paths(
    vault: Vault,
    paths: list[Path],
    options: ImportOptions,
    progress: Progress = no_progress,
    cancel: threading.Event | None = None,
) -> list[ImportOutcome]:
    files, outcomes = expand_paths(paths)
    # Threads and exports found in folders are imported first, each as one item with its parts
    # and media; whatever they did not keep is then imported file by file, as before.
    chat = _chat_options(vault, options, cancel)
    done: set[Path] = set()
    for export in find_folder_exports(paths, files):
        if cancel is not None and cancel.is_set():
            break
        progress(len(done), len(files), export.parts[0].name)
        outcome, kept = import_folder_export(vault, export, case=options.case, options=chat,
                                             annotations=options.annotations, progress=progress)
        outcomes.append(outcome)
        done |= kept
    rest = [f for f in files if f not in done]
    for n, path in enumerate(rest):
        if cancel is not None and cancel.is_set():
            break
        progress(len(done) + n, len(files), path.name)
        outcomes.append(import_one(vault, path, options, progress, cancel))
    progress(len(files), len(files), "")
    return outcomes


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
                       date_order=options.date_order, cancel=cancel)
