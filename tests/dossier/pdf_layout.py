"""Reading a PDF back with positions (`pdftotext -bbox-layout`) and its link annotations (pypdf)."""

from __future__ import annotations

import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader

NS = {"x": "http://www.w3.org/1999/xhtml"}


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    x1: float
    y0: float
    y1: float


@dataclass(frozen=True)
class Line:
    words: tuple[Word, ...]

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def y0(self) -> float:
        return min(w.y0 for w in self.words)

    @property
    def y1(self) -> float:
        return max(w.y1 for w in self.words)


def pages(pdf: Path) -> list[list[Line]]:
    """Each page's lines from top to bottom (y grows downwards, as pdftotext gives it)."""
    out = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True,
                         check=True).stdout
    root = ET.fromstring(out)
    result: list[list[Line]] = []
    for page in root.iter(f"{{{NS['x']}}}page"):
        lines: list[Line] = []
        for line in page.iter(f"{{{NS['x']}}}line"):
            words = tuple(Word(w.text or "", float(w.get("xMin", 0)), float(w.get("xMax", 0)),
                               float(w.get("yMin", 0)), float(w.get("yMax", 0)))
                          for w in line.iter(f"{{{NS['x']}}}word"))
            if words:
                lines.append(Line(words))
        result.append(sorted(lines, key=lambda ln: (round(ln.y0), ln.words[0].x0)))
    return result


def body_lines(page: list[Line]) -> list[Line]:
    """The page's lines without the footer (the lowest lines, under the rule at the bottom)."""
    if not page:
        return []
    bottom = max(ln.y1 for ln in page)
    return [ln for ln in page if ln.y1 < bottom - 12]


def link_uris(pdf: Path) -> list[str]:
    uris: list[str] = []
    for page in PdfReader(pdf).pages:
        for ref in page.get("/Annots") or []:
            annot = ref.get_object()
            action = annot.get("/A")
            if annot.get("/Subtype") == "/Link" and action is not None:
                uris.append(str(action.get_object().get("/URI")))
    return uris


def is_arabic(text: str) -> bool:
    return any("\u0600" <= c <= "\u06ff" or "\ufb50" <= c <= "\ufeff" for c in text)
