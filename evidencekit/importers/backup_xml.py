"""Streaming the XML files of the "SMS Backup & Restore" app (messages and call logs).

Both files are a root element (`<smses>`, `<calls>`) holding one element per record, often
hundreds of MB. `records` walks them with defusedxml's iterparse (DTDs and entities refused),
hands each whole record over and then drops it, so memory stays flat; it turns every failure into
one sentence naming the file. A file cut short or damaged after its root (a phone that died or ran
out of space during the backup) keeps every complete record before the damage: the caller is told
where it stopped, in a note, and the original file is stored as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Protocol
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as DET
from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden

from evidencekit.core.errors import UnsupportedInput
from evidencekit.i18n import N_, _, deferred


class Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


@dataclass(frozen=True)
class Sentences:
    """The file-kind-specific sentences (translated, each starting with `{name}:`)."""

    dtd: str  # a DTD or entities were declared
    broken_before_records: str  # {line}, {column}: broken before any record
    wrong_root: str  # {tag}: not this kind of file


@dataclass
class Progress:
    """What the walk learnt: the root's attributes, and how many records it handed over."""

    root_attributes: dict[str, str]
    records: int = 0
    cut_note: str | None = None


def records(stream: Readable, *, source_name: str, root_tag: str, sentences: Sentences,
            progress: Progress, on_root: Callable[[Element], None] | None = None,
            ) -> Iterator[Element]:
    """Each child element of the root, whole, in file order (cleared once the caller moves on)."""

    def fail(sentence: str, **fields: object) -> UnsupportedInput:
        return UnsupportedInput(sentence.format(name=source_name, **fields))

    root_seen = False
    try:
        depth = 0
        root: Element | None = None
        for event, elem in DET.iterparse(stream, events=("start", "end"), forbid_dtd=True):
            if event == "start":
                depth += 1
                if depth == 1:
                    if elem.tag != root_tag:
                        raise fail(sentences.wrong_root, tag=elem.tag)
                    root, root_seen = elem, True
                    progress.root_attributes = dict(elem.attrib)
                    if on_root is not None:
                        on_root(elem)
                continue
            depth -= 1
            if depth != 1:
                continue  # inner elements are read when their record ends
            yield elem
            # Drop the record from the tree at once so memory stays flat however large the file.
            elem.clear()
            if root is not None:
                root.clear()
            progress.records += 1
        if root is None:
            raise fail(_("{name}: the file holds no XML root element."))
    except (DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden):
        raise fail(sentences.dtd) from None
    except ParseError as exc:
        line, column = getattr(exc, "position", (0, 0))
        if not root_seen:
            raise fail(sentences.broken_before_records, line=line, column=column) from None
        progress.cut_note = deferred(N_(
            "The backup is cut short or damaged at line {line}, column {column}: the {n} "
            "complete records before that point were imported; anything after it is not in "
            "the file as kept (the phone may have stopped during the backup)."),
            line=line, column=column, n=progress.records)
    except LookupError:
        raise fail(_("{name}: the XML declares a character encoding this reader does not "
                     "know.")) from None
    except (ValueError, RecursionError, MemoryError, UnicodeError) as exc:
        raise fail(_("{name}: the XML could not be read ({reason})."),
                   reason=type(exc).__name__) from None
