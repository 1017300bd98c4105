"""Reading a dossier back as its recipient would: text (pdftotext, NFKC for shaped Arabic), words
with their positions on the page, and one line of a table."""

from __future__ import annotations

import html
import re
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader


def plain(pdf: Path) -> str:
    """The whole text in logical order; shaped Arabic folded back to its letters."""
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
    text = unicodedata.normalize("NFKC", out)
    return re.sub("[\u200e\u200f\u202a-\u202e\u0640]", "", text)


def layout(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout


def pypdf_text(pdf: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(pdf).pages)


@dataclass(frozen=True)
class Word:
    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    text: str


_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                   r"(.*?)</word>")


def words(pdf: Path) -> list[Word]:
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
    found: list[Word] = []
    for n, page in enumerate(out.split("<page ")[1:], 1):
        for m in _WORD.finditer(page):
            text = unicodedata.normalize("NFKC", html.unescape(m[5]))
            found.append(Word(n, float(m[1]), float(m[2]), float(m[3]), float(m[4]), text))
    return found


def find(all_words: list[Word], text: str) -> list[Word]:
    return [w for w in all_words if text in w.text or text[::-1] in w.text]
