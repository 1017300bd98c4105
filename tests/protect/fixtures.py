"""A WhatsApp zip holding a real photo, written by the tests (nothing real in it)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

CHAT = (
    "[12/11/2026 21:05:01] Karim: Envoie une photo\n"
    "[12/11/2026 21:06:02] Karim: \u200e<pièce jointe : 00000012-PHOTO-2026-11-12-21-06-02.jpg>\n"
    "[12/11/2026 21:07:00] Lina: Arrête\n"
)
PHOTO = "00000012-PHOTO-2026-11-12-21-06-02.jpg"


def photo_bytes(colour: tuple[int, int, int] = (230, 40, 60)) -> bytes:
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (320, 240), colour)
    draw = ImageDraw.Draw(img)
    for n in range(0, 320, 20):  # sharp stripes: a blurred copy loses them
        draw.rectangle((n, 0, n + 9, 239), fill=(20, 20, 20))
    out = io.BytesIO()
    img.save(out, format="JPEG", quality=92)
    return out.getvalue()


def whatsapp_zip(folder: Path, name: str = "WhatsApp Chat - Karim.zip",
                 colour: tuple[int, int, int] = (230, 40, 60)) -> Path:
    path = folder / name
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("_chat.txt", CHAT.encode("utf-8"))
        zf.writestr(PHOTO, photo_bytes(colour))
    return path
