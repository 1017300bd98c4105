"""Images on dossier pages: scaled (strongly blurred when sensitive) in memory, one at a time."""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageFilter
from reportlab.lib import colors
from reportlab.platypus.flowables import Flowable

from evidencekit.core.blobreader import open_reader
from evidencekit.core.db import Connection
from evidencekit.core.imagemeta import ALLOWED_FORMATS

PIXELS_PER_POINT = 2.0  # about 144 dpi: screenshots stay legible, files stay small
BLUR_PIXELS = 24  # a sensitive image keeps only this many pixels on its long side
BLUR_OUTPUT = 160  # then is blown back up to this size, blurred again
ORIENTATION_TAG = 0x0112
_SWAPPING = (5, 6, 7, 8)  # EXIF orientations that turn the picture a quarter turn
_TRANSPOSE = {2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180,
              4: Image.Transpose.FLIP_TOP_BOTTOM, 5: Image.Transpose.TRANSPOSE,
              6: Image.Transpose.ROTATE_270, 7: Image.Transpose.TRANSVERSE,
              8: Image.Transpose.ROTATE_90}
# The most pixels decoded whole for a page (as for OCR): 40 Mpx is 160 MB in RGBA. A JPEG is
# decoded at 1/2 to 1/8 of its size (libjpeg's draft mode), so only other formats (PNG, WebP…)
# can exceed it; those are not drawn, and the page says why. A 119 Mpx PNG took 1.5 GB.
MAX_DECODE_PIXELS = 40_000_000


class TooLargeToDraw(Exception):
    """The image cannot be decoded within the memory a page may use."""


@dataclass
class ImageBox:
    """What layout needs of an image before (and without) decoding it."""

    width: int
    height: int
    ok: bool
    too_large: bool = False  # decoding it whole would take more than MAX_DECODE_PIXELS


def probe(conn: Connection, item_id: int) -> ImageBox:
    """Size as displayed (EXIF rotation applied), reading only the header."""
    try:
        with open_reader(conn, item_id) as stream, \
                Image.open(stream, formats=ALLOWED_FORMATS) as img:
            w, h = img.size
            too_large = img.format != "JPEG" and w * h > MAX_DECODE_PIXELS
            if too_large:  # a PNG's getexif() decodes the whole image to find a late chunk
                return ImageBox(w, h, False, True)
            if img.getexif().get(ORIENTATION_TAG) in _SWAPPING:
                w, h = h, w
            return ImageBox(w, h, w > 0 and h > 0)
    except Exception:  # noqa: BLE001 - any unreadable image is shown as a placeholder box
        return ImageBox(4, 3, False)


def blur_strongly(img: Image.Image) -> Image.Image:
    """Nothing recognisable survives: 24 px, blurred, upscaled, blurred again."""
    small = img.copy()
    small.thumbnail((BLUR_PIXELS, BLUR_PIXELS), Image.Resampling.BOX)
    small = small.filter(ImageFilter.GaussianBlur(1.5))
    scale = BLUR_OUTPUT / max(small.size)
    big = small.resize((max(1, round(small.width * scale)), max(1, round(small.height * scale))),
                       Image.Resampling.BICUBIC)
    return big.filter(ImageFilter.GaussianBlur(BLUR_OUTPUT / 16))


def scaled_jpeg(conn: Connection, item_id: int, max_px: tuple[int, int], blur: bool) -> bytes:
    """The image, decoded from the vault stream, fitted into `max_px`, as JPEG bytes in memory.

    Memory: at most one full-size decode. It is shrunk in place first; the colour conversion
    and the EXIF rotation then work on the small copy (done the other way round, each made
    another full-size copy: three or four of them at once).
    """
    with open_reader(conn, item_id) as stream, \
            Image.open(stream, formats=ALLOWED_FORMATS) as img:
        target = (BLUR_PIXELS * 4, BLUR_PIXELS * 4) if blur else max_px
        if img.format != "JPEG" and img.width * img.height > MAX_DECODE_PIXELS:
            raise TooLargeToDraw(f"{img.width}x{img.height}")  # before getexif(), see probe
        orientation = img.getexif().get(ORIENTATION_TAG, 1)
        if orientation in _SWAPPING:
            target = (target[1], target[0])  # fitted before it is turned
        if img.format == "JPEG":
            img.draft("RGB", target)  # let libjpeg decode at 1/2..1/8 size: much less memory
            if img.width * img.height > MAX_DECODE_PIXELS:
                raise TooLargeToDraw(f"{img.width}x{img.height}")
        img.seek(0)
        img.thumbnail(target, Image.Resampling.LANCZOS if not blur else Image.Resampling.BOX)
        pic = img.transpose(_TRANSPOSE[orientation]) if orientation in _TRANSPOSE else img
        if pic.mode in ("RGBA", "LA", "P", "PA"):
            pic = pic.convert("RGBA")
            flat = Image.new("RGB", pic.size, "white")
            flat.paste(pic, mask=pic.getchannel("A"))
            pic = flat
        elif pic.mode != "RGB":
            pic = pic.convert("RGB")
        if blur:
            pic = blur_strongly(pic)
        out = io.BytesIO()
        pic.save(out, "JPEG", quality=82, optimize=True)
    return out.getvalue()


class _Jpeg:
    """JPEG bytes handed to reportlab as is (DCT passthrough).

    An ImageReader would be decoded again to raw RGB for its digest, and reportlab keeps that
    buffer alive: memory would then grow with every exhibit. `str()` names the XObject.
    """

    def __init__(self, key: str, data: bytes) -> None:
        self.key = key
        self.data = data

    def jpeg_fh(self) -> io.BytesIO:
        return io.BytesIO(self.data)

    def __str__(self) -> str:
        return self.key


class ExhibitImage(Flowable):  # type: ignore[misc]
    """An original image drawn fitted into a box; decoded only when drawn, never kept.

    With `dry` set (the first, measuring pass of the dossier) nothing is decoded: the layout
    only needs the size, which `probe` read from the header.
    """

    def __init__(self, conn: Connection, item_id: int, box: ImageBox, max_w: float,
                 max_h: float, *, blur: bool, dry: bool) -> None:
        super().__init__()
        self.conn = conn
        self.item_id = item_id
        self.box = box
        self.blur = blur
        self.dry = dry
        scale = min(max_w / box.width, max_h / box.height, 1.0 if not blur else 99.0)
        if blur:
            # A small tile that is obviously blurred, not a page-sized grey smear.
            scale = min(scale, 200.0 / max(box.width, box.height))
        if box.too_large:
            # Nothing will be drawn, only a crossed box beside the note saying why: keep it small
            # rather than a page-sized empty frame that pushes the note onto the next page.
            scale = min(scale, 120.0 / max(box.width, box.height))
        self.draw_w = max(box.width * scale, 24.0)
        self.draw_h = max(box.height * scale, 24.0)
        self.failed = False

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        if self.draw_w > availWidth:
            self.draw_h *= availWidth / self.draw_w
            self.draw_w = availWidth
        return self.draw_w, self.draw_h

    def draw(self) -> None:
        canv = self.canv
        if self.dry or not self.box.ok:
            self._placeholder()
            return
        px = (max(1, int(self.draw_w * PIXELS_PER_POINT)),
              max(1, int(self.draw_h * PIXELS_PER_POINT)))
        try:
            data = scaled_jpeg(self.conn, self.item_id, px, self.blur)
        except Exception:  # noqa: BLE001 - a broken image must not stop the whole dossier
            self.failed = True
            self._placeholder()
            return
        key = f"evidencekit-{self.item_id}-{int(self.blur)}-{px[0]}x{px[1]}"
        canv.drawImage(_Jpeg(key, data), 0, 0, self.draw_w, self.draw_h)
        canv.setStrokeColor(colors.grey)
        canv.setLineWidth(0.4)
        canv.rect(0, 0, self.draw_w, self.draw_h)

    def _placeholder(self) -> None:
        canv = self.canv
        canv.saveState()
        canv.setStrokeColor(colors.lightgrey)
        canv.rect(0, 0, self.draw_w, self.draw_h)
        if not self.dry:
            canv.line(0, 0, self.draw_w, self.draw_h)
            canv.line(0, self.draw_h, self.draw_w, 0)
        canv.restoreState()
