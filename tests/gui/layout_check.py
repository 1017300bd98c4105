"""Does every visible widget fit inside what holds it? Used by the layout tests and screenshots.

A widget is "clipped" when part of it lies outside its parent and nothing lets the user scroll
to that part: a button cut at the bottom of the window, a description pane cut on the right
inside a scroll area whose horizontal bar is switched off. Inside a scroll area's viewport only
the directions that can scroll are allowed to overflow. Buttons and one-line labels are also
checked against their own minimum size hint, which is where their text stops being readable.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QRect, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QLabel,
    QScrollArea,
    QTabBar,
    QWidget,
)

SLACK = 1  # rounding at fractional scale factors


@dataclass(frozen=True)
class Offender:
    widget: str
    rect: QRect
    inside: QRect
    why: str

    def __str__(self) -> str:
        r, o = self.rect, self.inside
        return (f"{self.widget}: {self.why} ({r.x()},{r.y()} {r.width()}×{r.height()} in "
                f"{o.width()}×{o.height()})")


def describe(widget: QWidget) -> str:
    text = ""
    for getter in ("text", "title", "accessibleName"):
        value = getattr(widget, getter, None)
        if callable(value):
            try:
                found = value()
            except TypeError:
                continue
            if isinstance(found, str) and found:
                text = found
                break
    name = widget.objectName()
    return f"{type(widget).__name__}{'#' + name if name else ''} {text[:50]!r}"


def _scrollable(parent: QWidget) -> tuple[bool, bool] | None:
    """(horizontal, vertical) overflow allowed if `parent` is a scroll area's viewport."""
    area = parent.parentWidget()
    if isinstance(area, QAbstractScrollArea) and area.viewport() is parent:
        off = Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        return (area.horizontalScrollBarPolicy() != off,
                area.verticalScrollBarPolicy() != off)
    return None


def _outside(rect: QRect, box: QRect, horizontal: bool, vertical: bool) -> list[str]:
    sides = []
    if horizontal and rect.left() < box.left() - SLACK:
        sides.append("left")
    if horizontal and rect.right() > box.right() + SLACK:
        sides.append("right")
    if vertical and rect.top() < box.top() - SLACK:
        sides.append("top")
    if vertical and rect.bottom() > box.bottom() + SLACK:
        sides.append("bottom")
    return sides


def clipped(window: QWidget) -> list[Offender]:
    """Every visible widget of `window` cut by its parent or too small for its own text."""
    found: list[Offender] = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window) or widget.isWindow():
            continue
        parent = widget.parentWidget()
        if parent is None:
            continue
        scroll = _scrollable(parent)
        free_h, free_v = scroll if scroll is not None else (False, False)
        sides = _outside(widget.geometry(), parent.rect(), not free_h, not free_v)
        if sides:
            found.append(Offender(describe(widget), widget.geometry(), parent.rect(),
                                  "cut on the " + ", ".join(sides)))
            continue
        one_line = isinstance(widget, QLabel) and not widget.wordWrap() and widget.text()
        # A tab bar's own arrow buttons show an arrow, not text; the style sizes them.
        arrows = isinstance(parent, QTabBar)
        if (isinstance(widget, QAbstractButton) and not arrows) or one_line:
            hint = widget.minimumSizeHint()
            if widget.width() < hint.width() - SLACK or widget.height() < hint.height() - SLACK:
                found.append(Offender(describe(widget), widget.geometry(),
                                      QRect(0, 0, hint.width(), hint.height()),
                                      "smaller than its text"))
        elif isinstance(widget, QLabel) and widget.wordWrap() and widget.text():
            # Wrapped text needs more lines when narrow; fewer pixels than that cut the end.
            needed = widget.heightForWidth(widget.width())
            if needed > 0 and widget.height() < needed - SLACK:
                found.append(Offender(describe(widget), widget.geometry(),
                                      QRect(0, 0, widget.width(), needed),
                                      "too short for its wrapped text"))
    return found


def fits(window: QWidget, width: int, height: int) -> list[str]:
    """Resize `window` to width×height, lay it out, and list what does not fit (empty: fine)."""
    window.resize(width, height)
    # Layouts settle over a few passes: a scroll area learns its content's new height for the
    # new width only after the content has been laid out at that width.
    for _ in range(8):
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        QApplication.processEvents()
    problems = []
    if window.width() > width or window.height() > height:
        hint = window.minimumSizeHint()
        problems.append(f"window grew to {window.width()}×{window.height()} (minimum "
                        f"{hint.width()}×{hint.height()}), larger than {width}×{height}")
    problems += [str(o) for o in clipped(window)]
    return problems


def sideways(window: QWidget) -> list[str]:
    """Every visible scroll area of `window` showing its horizontal bar: the screen itself, a
    form, a tab. Lists and tables (item views) may scroll sideways; a screen or a form that does
    was not made to narrow (its text does not wrap, a row of buttons does not give way). The
    message names the widest thing inside, which is usually the cause."""
    found = []
    for area in window.findChildren(QScrollArea):
        body = area.widget()
        if not area.isVisible() or not area.horizontalScrollBar().isVisible() or body is None:
            continue
        inner = [w for w in body.findChildren(QWidget) if w.isVisibleTo(body)]
        widest = max(inner, key=lambda w: w.minimumSizeHint().width(), default=body)
        found.append(f"{describe(area)} scrolls sideways ({body.width()} in "
                     f"{area.viewport().width()}); widest: {describe(widest)} "
                     f"{widest.minimumSizeHint().width()}")
    return found
