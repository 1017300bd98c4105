"""Facts read from an image: size, EXIF capture time, device, software and GPS.

Images are opened with a format allowlist and decompression bombs turned into errors. A broken
image is still evidence: it is stored as is and flagged unreadable. A malformed EXIF block never
stops an import; the fields that could be read are kept.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Callable
from typing import IO, Any

from PIL import ExifTags, Image, UnidentifiedImageError

from evidencekit.i18n import N_

try:  # HEIC/HEIF from phones
    from pillow_heif import register_heif_opener

    register_heif_opener()
    HEIF: tuple[str, ...] = ("HEIF",)
except ImportError:  # pragma: no cover - pillow-heif is a declared dependency
    HEIF = ()

ALLOWED_FORMATS = ("PNG", "JPEG", "GIF", "WEBP", "BMP", "TIFF", *HEIF)
MAX_PIXELS = 120_000_000  # a 12,000 x 10,000 screenshot; beyond that it is a bomb, not a capture
Image.MAX_IMAGE_PIXELS = MAX_PIXELS

JPEG_MAGIC = b"\xff\xd8\xff"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
TAIL_BYTES = 1024 * 1024
GPS_IFD = 0x8825
EXIF_IFD = 0x8769


def _rational(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError, ZeroDivisionError):
        return float("nan")


def _gps(gps: dict[int, Any]) -> dict[str, Any] | None:
    def coordinate(value_tag: int, ref_tag: int) -> float | None:
        value = gps.get(value_tag)
        ref = gps.get(ref_tag)
        if not value or len(value) != 3:
            return None
        degrees, minutes, seconds = (_rational(v) for v in value)
        result = degrees + minutes / 60 + seconds / 3600
        if result != result:  # NaN
            return None
        if isinstance(ref, bytes):
            ref = ref.decode("ascii", "replace")
        if str(ref).upper() in ("S", "W"):
            result = -result
        return round(result, 6)

    lat = coordinate(2, 1)
    lon = coordinate(4, 3)
    if lat is None or lon is None:
        return None
    return {"latitude": lat, "longitude": lon}


def _text(value: Any) -> str:
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    return str(value).strip("\x00 ").strip()


def read_image_facts(head: bytes, tail: bytes, size: int,
                     reopen: Callable[[], IO[bytes]]) -> dict[str, Any]:
    """Facts about a stored image; never raises for a bad image (it says so instead).

    JPEG and PNG (nearly every screenshot and phone photo) are read from the first and last
    bytes kept during the storing pass: their size and EXIF sit at the start and their end
    marker at the end, so the file is not read a second time. Other formats (HEIC, WebP…) are
    read again from the vault through `reopen`.
    """
    if size <= len(head):
        return _facts(io.BytesIO(head), tail=head)
    if head.startswith(JPEG_MAGIC):
        return _facts(io.BytesIO(head), tail=tail)
    if head.startswith(PNG_MAGIC):
        return _facts(io.BytesIO(head), tail=tail)
    with reopen() as stream:
        data_tail = _tail_of(stream)
        stream.seek(0)
        return _facts(stream, tail=data_tail)


def _tail_of(stream: IO[bytes]) -> bytes:
    end = stream.seek(0, 2)
    stream.seek(max(0, end - TAIL_BYTES))
    return stream.read()


def _facts(stream: IO[bytes], *, tail: bytes) -> dict[str, Any]:
    facts: dict[str, Any] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(stream, formats=ALLOWED_FORMATS) as img:
                facts["image_format"] = img.format
                facts["width"], facts["height"] = img.size
                if img.width * img.height > MAX_PIXELS:
                    raise Image.DecompressionBombError("too many pixels")
                try:
                    facts.update(_exif_facts(_exif_of(img)))
                except Exception as exc:  # noqa: BLE001 - malformed EXIF must not stop import
                    facts["exif_error"] = f"the EXIF block could not be read ({type(exc).__name__})"
            facts.update(_check_complete(str(facts["image_format"]), tail))
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            facts["readable"] = False
            facts["unreadable_reason"] = N_(
                "the image declares too many pixels (a possible decompression bomb) and was "
                "not decoded"
            )
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError):
            facts["readable"] = False
            facts["unreadable_reason"] = N_("the image could not be decoded")
    return facts


def _exif_of(img: Image.Image) -> Image.Exif:
    # PNG's getexif() decodes the whole image to look for an eXIf chunk after the pixels; the
    # chunk phones and editors write sits before them and is already in `info`.
    if img.format == "PNG":
        exif = Image.Exif()
        raw = img.info.get("exif")
        if isinstance(raw, bytes | bytearray):
            exif.load(bytes(raw))
        return exif
    return img.getexif()


def _check_complete(image_format: str, tail: bytes) -> dict[str, Any]:
    """Cheap completeness checks on the last bytes, without decoding every pixel.

    JPEG: an end-of-image marker (FF D9) near the end; some phones append data after it, and
    FF D9 cannot occur inside entropy-coded data. PNG: the IEND chunk.
    """
    marker = {"JPEG": b"\xff\xd9", "PNG": b"IEND\xaeB`\x82"}.get(image_format)
    if marker is not None and marker not in tail:
        # Stored in English (the item's facts); shown with _() by the CLI and the import report.
        return {"readable": False,
                "unreadable_reason": N_("the image data is truncated or damaged")}
    return {"readable": True}


def _exif_facts(exif: Image.Exif) -> dict[str, Any]:
    facts: dict[str, Any] = {}
    if not exif:
        return facts
    base = dict(exif.items())
    detail: dict[int, Any] = {}
    try:
        detail = dict(exif.get_ifd(EXIF_IFD).items())
    except (KeyError, ValueError, TypeError, OSError):
        pass
    names = ExifTags.TAGS

    def pick(tag_name: str) -> str:
        for source in (detail, base):
            for tag, value in source.items():
                if names.get(tag) == tag_name and value not in (None, b"", ""):
                    return _text(value)
        return ""

    mapping = {
        "exif_datetime_original": "DateTimeOriginal",
        "exif_offset_time_original": "OffsetTimeOriginal",
        "exif_datetime": "DateTime",
        "camera_make": "Make",
        "camera_model": "Model",
        "software": "Software",
    }
    for key, tag_name in mapping.items():
        value = pick(tag_name)
        if value:
            facts[key] = value[:200]
    try:
        gps_ifd = exif.get_ifd(GPS_IFD)
        gps = _gps(dict(gps_ifd.items())) if gps_ifd else None
    except (KeyError, ValueError, TypeError, OSError):
        gps = None
    if gps:
        facts["gps"] = gps
    return facts
