"""Headings never end a page: a heading moves to the next page unless what follows starts below it.

reportlab's `keepWithNext` wraps a heading and the next flowable in a `KeepTogether`, which keeps
them whole: a heading followed by a long table or letter moves both to a new page and leaves a
half-empty one behind. Here the heading only needs the *first part* of what follows (a table's
first rows, a paragraph's first lines) to fit below it.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus.flowables import Flowable, KeepTogether, _listWrapOn


class KeepWithFirstPart(KeepTogether):  # type: ignore[misc]
    """Used as the document's `keepTogetherClass`: content is the headings, then the next one."""

    def split(self, aW: float, aH: float) -> list[Flowable]:  # noqa: N803
        if getattr(self, "_wrapInfo", None) != (aW, aH):
            self.wrap(aW, aH)
        content: list[Flowable] = self._content[:]
        frame = getattr(self, "_frame", None)
        if self._H <= aH or (frame is not None and getattr(frame, "_atTop", False)):
            # Everything fits, or a fresh page cannot do better: lay them out one by one.
            return content
        heads, following = content[:-1], content[-1]
        used = float(_listWrapOn(heads, aW, self.canv)[1]) if heads else 0.0
        room = aH - used - float(following.getSpaceBefore())
        if room > 0 and self._first_part_fits(following, aW, room):
            return content
        return [self.FrameBreak(), *content]

    def _first_part_fits(self, following: Flowable, aW: float, room: float) -> bool:  # noqa: N803
        canv: Any = getattr(self, "canv", None)
        following.canv = canv
        try:
            if following.wrap(aW, room)[1] <= room:
                return True
            parts = following.split(aW, room)
            return bool(parts) and parts[0].wrap(aW, room)[1] <= room
        finally:
            if hasattr(following, "canv"):
                del following.canv
