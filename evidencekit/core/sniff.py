"""Media type from a file's first bytes (never from its extension, which anyone can change)."""

from __future__ import annotations

import filetype

TEXT_TYPE = "text/plain"
UNKNOWN = "application/octet-stream"
HEAD_SIZE = 8192


def _looks_like_text(head: bytes) -> bool:
    if not head:
        return False
    if head.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return True
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
        return True
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the end of the sample is still text.
        return exc.start >= len(head) - 3


def sniff(head: bytes) -> str:
    """The media type of content starting with `head` (the first few KiB)."""
    kind = filetype.guess(head)
    if kind is not None:
        mime = str(kind.mime)
        if mime == "application/zip":
            return "application/zip"
        return mime
    if _looks_like_text(head):
        stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
        if stripped.startswith(b"<?xml") or stripped.startswith(b"<smses"):
            return "application/xml"
        if stripped[:1] == b"{" or (
            stripped[:1] == b"[" and stripped[1:].lstrip()[:1] in (b"{", b"[", b'"', b"]")
        ):
            return "application/json"
        if stripped[:15].lower().startswith((b"<!doctype html", b"<html")):
            return "text/html"
        if stripped.startswith(b"From ") or b"\nMessage-ID:" in head or head.startswith(
            (b"Received:", b"Return-Path:", b"MIME-Version:", b"Delivered-To:")
        ):
            return "message/rfc822"
        return TEXT_TYPE
    return UNKNOWN


def is_image(media_type: str) -> bool:
    return media_type.startswith("image/")
