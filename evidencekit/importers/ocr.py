"""OCR of screenshots and photos with Tesseract (French, Arabic, English), in memory only.

The image bytes go to `tesseract stdin stdout` through a pipe, so no copy of the evidence is
written to a temporary file; the text comes back the same way and is stored as a derived object
("ocr", text/plain) with its own hash, linked to the original, and indexed for search. A machine
without Tesseract still imports everything; `available()` says whether OCR can run.
"""

from __future__ import annotations

import json
import os
import subprocess
import threading
from collections.abc import Callable
from dataclasses import dataclass

try:
    import resource
except ImportError:  # Windows
    resource = None  # type: ignore[assignment]

from evidencekit.core import evidence, faults
from evidencekit.core.blobreader import open_reader
from evidencekit.core.errors import Cancelled
from evidencekit.core.search import index_text
from evidencekit.core.vault import Vault
from evidencekit.i18n import _
from evidencekit.importers.tesseract_lookup import Tesseract, find_tesseract

LANGUAGES = "fra+ara+eng"
MAX_IMAGE_BYTES = 64 * 1024 * 1024
# Tesseract holds several bytes per pixel: 119 Mpx took 1.5 GB, on laptops with 4-8 GB. A
# screenshot, even of a 4K screen scrolled several times, stays far below this.
MAX_OCR_PIXELS = 40_000_000
# Address-space cap for the tesseract process (its three language models take ~250 MB):
# a hostile image makes it fail with one sentence instead of pushing the machine into swap.
MEMORY_LIMIT_BYTES = 1536 * 1024 * 1024
TIMEOUT_SECONDS = 120
OCR_TYPES = ("image/png", "image/jpeg", "image/webp", "image/bmp", "image/tiff", "image/gif")


def available() -> bool:
    return find_tesseract() is not None


def _tesseract() -> Tesseract:
    found = find_tesseract()
    if found is None:
        raise OSError(_("Tesseract is not installed"))
    return found


def _env(found: Tesseract) -> dict[str, str]:
    # One thread: tesseract's OpenMP threads slow it down on small images and contend with
    # the app. The rest of the environment is the user's (PATH, SYSTEMROOT on Windows…), plus
    # the language-data folder of a bundled copy.
    return {**os.environ, **found.env, "OMP_THREAD_LIMIT": "1"}


def tool_version() -> str:
    try:
        found = _tesseract()
        out = subprocess.run([str(found.program), "--version"], capture_output=True, text=True,
                             timeout=10, check=False, env=_env(found))
    except (OSError, subprocess.TimeoutExpired):
        return "tesseract"
    first = (out.stdout or out.stderr).splitlines()
    return first[0].strip() if first else "tesseract"


@dataclass
class OcrSummary:
    done: int = 0
    skipped: int = 0
    failed: list[str] | None = None


def recognise(image: bytes) -> str:
    """Text Tesseract reads in the image; raises OSError/TimeoutExpired if it cannot run."""
    found = _tesseract()
    with subprocess.Popen(
        [str(found.program), "stdin", "stdout", "-l", LANGUAGES, "--psm", "3"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env(found),
    ) as proc:
        _limit_memory(proc.pid)  # before it reads the image, so before it allocates for it
        try:
            stdout, stderr = proc.communicate(image, timeout=TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            raise
    if proc.returncode != 0:
        raise OSError(stderr.decode("utf-8", "replace").strip()[:200] or "tesseract failed")
    return stdout.decode("utf-8", "replace")


def _limit_memory(pid: int) -> None:
    # resource.prlimit exists on Linux only; elsewhere the pixel cap below is the bound.
    # (preexec_fn is not used: it is unsafe in a process with threads, as the GUI is.)
    prlimit = getattr(resource, "prlimit", None) if resource is not None else None
    if prlimit is None:
        return
    try:
        prlimit(pid, resource.RLIMIT_AS, (MEMORY_LIMIT_BYTES, MEMORY_LIMIT_BYTES))
    except (OSError, ValueError):
        pass  # the process already ended, or a lower hard limit is in force


def pending_items(vault: Vault, item_ids: list[int] | None = None) -> list[int]:
    """Images with no OCR text yet (and not removed), or the given items."""
    conn = vault.conn
    rows = conn.execute(
        "SELECT o.item_id, o.media_type, o.size, o.facts FROM originals o"
        " LEFT JOIN removals r ON r.item_id = o.item_id WHERE r.item_id IS NULL"
        " AND NOT EXISTS (SELECT 1 FROM derived d WHERE d.item_id = o.item_id AND d.kind = 'ocr')"
        " ORDER BY o.item_id").fetchall()
    wanted = set(item_ids) if item_ids is not None else None
    return [int(r[0]) for r in rows if r[1] in OCR_TYPES and int(r[2]) <= MAX_IMAGE_BYTES
            and (wanted is None or int(r[0]) in wanted) and _safe_to_read(r[3])]


def _safe_to_read(facts_json: str | None) -> bool:
    """Not an image intake could not decode (a decompression bomb among them), nor one so
    large that Tesseract would need gigabytes: those keep their original, unread."""
    try:
        facts = json.loads(facts_json or "{}")
    except ValueError:
        return False
    if not isinstance(facts, dict) or facts.get("readable") is False:
        return False
    width, height = facts.get("width"), facts.get("height")
    if isinstance(width, int) and isinstance(height, int):
        return width * height <= MAX_OCR_PIXELS
    return True


def run_ocr(vault: Vault, item_ids: list[int],
            progress: Callable[[int, int, str], None] | None = None,
            cancel: threading.Event | None = None) -> OcrSummary:
    """OCR each item in its own transaction (a killed run keeps what finished)."""
    summary = OcrSummary(failed=[])
    version = tool_version()
    for n, item_id in enumerate(item_ids, 1):
        if cancel is not None and cancel.is_set():
            raise Cancelled(_("OCR cancelled; the texts already read are kept."))
        with vault.lock:
            with open_reader(vault.conn, item_id) as reader:
                image = reader.read()
        try:
            text = recognise(image)
        except (OSError, subprocess.TimeoutExpired) as exc:
            assert summary.failed is not None
            summary.failed.append(_("item {id}: {reason}").format(id=item_id, reason=exc))
            continue
        finally:
            del image
        faults.point("ocr.before_derived")
        with vault.transaction() as conn:
            derived_id = evidence.add_derived(
                conn, item_id, "ocr", text.encode("utf-8"), "text/plain; charset=utf-8",
                f"{version} ({LANGUAGES})", {"languages": LANGUAGES})
            if text.strip():
                index_text(conn, "ocr", derived_id, item_id, text)
            faults.point("ocr.after_derived")
        faults.point("ocr.after_commit")
        summary.done += 1
        if progress is not None:
            progress(n, len(item_ids), str(item_id))
    return summary
