"""Decoding stored images into QImages in memory (worker thread), never via a file."""

from __future__ import annotations

import io
import threading
from collections.abc import Callable

from PIL import Image, ImageOps
from PySide6.QtGui import QImage

from evidencekit.core.blobreader import open_reader
from evidencekit.core.imagemeta import ALLOWED_FORMATS, MAX_PIXELS
from evidencekit.core.vault import Vault

MAX_BYTES = 64 * 1024 * 1024


def read_original(vault: Vault, item_id: int, limit: int = MAX_BYTES) -> bytes | None:
    """The original's bytes, or None when too large to preview in memory."""
    with vault.lock:
        row = vault.conn.execute("SELECT size FROM originals WHERE item_id = ?",
                                 (item_id,)).fetchone()
        if row is None or int(row[0]) > limit:
            return None
        with open_reader(vault.conn, item_id) as reader:
            return reader.read()


def decode_image(data: bytes, max_side: int, *, blur: bool = False) -> QImage | None:
    """A QImage no larger than max_side, EXIF rotation applied; None if not decodable.

    `blur`: a sensitive image, reduced to a few pixels and blurred the way dossiers do, so that
    nothing recognisable ever reaches the screen (or Qt's pixmap cache)."""
    try:
        with Image.open(io.BytesIO(data), formats=ALLOWED_FORMATS) as img:
            width, height = img.size
            if width * height > MAX_PIXELS:
                return None
            img.draft("RGB", (max_side, max_side))  # JPEG: decode at a reduced scale
            upright = ImageOps.exif_transpose(img)
            upright.thumbnail((max_side, max_side))
            if blur:
                from evidencekit.dossier.images import blur_strongly

                upright = blur_strongly(upright.convert("RGB"))
            rgba = upright.convert("RGBA")
            raw = rgba.tobytes("raw", "RGBA")
            image = QImage(raw, rgba.width, rgba.height, rgba.width * 4,
                           QImage.Format.Format_RGBA8888)
            return image.copy()  # detach from `raw`, which Python will free
    except Exception:  # noqa: BLE001 - a damaged image shows as "no preview", never a crash
        return None


def decode_items(vault: Vault, item_ids: list[int], max_side: int, *,
                 progress: Callable[[int, int, str], None] | None = None,
                 cancel: threading.Event | None = None,
                 blur: bool = False) -> dict[int, QImage | None]:
    """Thumbnails for several items (the job the thumbnail loader hands to the worker)."""
    out: dict[int, QImage | None] = {}
    for item_id in item_ids:
        if cancel is not None and cancel.is_set():
            break
        data = read_original(vault, item_id)
        out[item_id] = decode_image(data, max_side, blur=blur) if data else None
    return out
