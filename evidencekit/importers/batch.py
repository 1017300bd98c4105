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
    for n, path in enumerate(files):
        if cancel is not None and cancel.is_set():
            break
        progress(n, len(files), path.name)
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
    chat = ChatOptions(timezone=options.timezone or vault.timezone,
                       date_order=options.date_order, cancel=cancel)
    return import_file(vault, path, case=options.case, annotations=options.annotations,
                       cancel=cancel, progress=progress, after_store=make_after_store(chat))
