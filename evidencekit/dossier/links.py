"""Addresses (URLs) as clickable links, so one that wraps on the page can still be copied whole.

A long address is cut across lines in a table cell; copying it from the page then picks up line
breaks. A link annotation over the text carries the exact address: click it, or copy the link.
"""

from __future__ import annotations

from urllib.parse import quote, urlsplit

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus.flowables import Flowable

from evidencekit.dossier.pdf import Ctx

# Characters kept as they are in the link target; everything else is percent-encoded (PDF URIs
# are 7-bit ASCII). Reserved characters stay, so the address means the same thing.
_SAFE = "/:?#[]@!$&'()*+,;=%-._~"
LINK_BLUE = colors.HexColor("#1A4D9C")


def link_target(url: str) -> str | None:
    """The address as a link target, or None when it must not be one.

    Only http and https: a `javascript:` or `file:` link in a dossier opened by an officer is a
    trap, and a name with spaces or control characters is not an address.
    """
    text = url.strip()
    if not text or any(c.isspace() or ord(c) < 0x20 or ord(c) == 0x7F for c in text):
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return quote(text, safe=_SAFE)


class LinkedText(Flowable):  # type: ignore[misc]
    """A paragraph with a link annotation over the area it is drawn in (each part, if split)."""

    def __init__(self, inner: Flowable, target: str) -> None:
        super().__init__()
        self.inner = inner
        self.target = target

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width, self.height = self.inner.wrap(availWidth, availHeight)
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        return [LinkedText(part, self.target)
                for part in self.inner.split(availWidth, availHeight)]

    def getSpaceBefore(self) -> float:  # noqa: N802
        return float(self.inner.getSpaceBefore())

    def getSpaceAfter(self) -> float:  # noqa: N802
        return float(self.inner.getSpaceAfter())

    def draw(self) -> None:
        self.inner.drawOn(self.canv, 0, 0)
        self.canv.linkURL(self.target, (0, 0, self.width, self.height), relative=1,
                          thickness=0)


def link(ctx: Ctx, url: str, style: ParagraphStyle | None = None) -> Flowable:
    """The address as user text, clickable when it is a web address."""
    target = link_target(url)
    base = style or ctx.styles.cell
    if target is None:
        return ctx.u(url, base)
    # Blue, as links are everywhere, so the reader knows it can be clicked.
    return LinkedText(ctx.u(url, ParagraphStyle("link", parent=base, textColor=LINK_BLUE)),
                      target)
