"""Decoding text exports strictly, with a stated fallback when the bytes are not valid UTF-8."""

from __future__ import annotations

from dataclasses import dataclass

from evidencekit.i18n import N_, deferred


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str  # "utf-8", "utf-16", or "utf-8 (lossy)" when bytes had to be replaced
    lossy: bool
    note: str = ""  # one sentence for the import report (`deferred`: English in the log)


def decode_export(data: bytes, source_name: str) -> DecodedText:
    """Decode an export's bytes; never raises. The original bytes stay stored untouched."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return DecodedText(data.decode("utf-16"), "utf-16", False)
        except UnicodeDecodeError:
            pass
    try:
        return DecodedText(data.decode("utf-8"), "utf-8", False)
    except UnicodeDecodeError as exc:
        text = data.decode("utf-8", errors="replace")
        note = deferred(N_(
            "{name}: the text is not valid UTF-8 from byte {byte}; it was read with replacement "
            "characters (\ufffd) for display and search, and the original bytes are kept "
            "unchanged in the vault."), name=source_name, byte=exc.start)
        return DecodedText(text, "utf-8 (lossy)", True, note)
