"""Small shared widgets: headings, cards, the language picker and the notice bar."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from evidencekit.gui.language import NAMES
from evidencekit.i18n import LANGUAGES, _, current_language


def label(text: str, name: str = "", *, wrap: bool = True) -> QLabel:
    widget = QLabel(text)
    if name:
        widget.setObjectName(name)
    widget.setWordWrap(wrap)
    widget.setTextFormat(Qt.TextFormat.PlainText)  # never interpret markup from any source
    return widget


def card() -> tuple[QFrame, QVBoxLayout]:
    frame = QFrame()
    frame.setObjectName("card")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(24, 20, 24, 20)
    layout.setSpacing(10)
    return frame, layout


def centred(inner: QWidget, max_width: int = 620) -> QWidget:
    """A page holding `inner` in the middle, so wide screens do not stretch the form."""
    inner.setMaximumWidth(max_width)
    page = QWidget()
    outer = QVBoxLayout(page)
    outer.setContentsMargins(0, 0, 0, 0)  # the card has its own: every pixel counts at 600 high
    outer.addStretch(1)
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(inner, 4)
    row.addStretch(1)
    outer.addLayout(row)
    outer.addStretch(2)
    return page


def scrolled_column(page: QWidget, *, sideways: bool = False) -> QVBoxLayout:
    """`page`'s content inside a scroll area that scrolls up and down (and `sideways` if asked,
    for text that cannot wrap): a small or zoomed screen then scrolls the content instead of
    growing the window or cutting it off."""
    from PySide6.QtWidgets import QScrollArea

    from evidencekit.gui.fit import DownScrollArea

    outer = QVBoxLayout(page)
    outer.setContentsMargins(0, 0, 0, 0)
    # Not sideways: it asks for its content's width, so a narrow page is never cut instead.
    scroll = QScrollArea() if sideways else DownScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded if sideways
                                        else Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    body = QWidget()
    scroll.setWidget(body)
    outer.addWidget(scroll)
    return QVBoxLayout(body)


def primary_button(text: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName("primary")
    button.setAccessibleName(text)
    return button


class LanguagePicker(QComboBox):
    """Lists the three languages, each written in itself so anyone can find theirs."""

    #: the user picked a language code ("fr", "en" or "ar").
    language_picked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        for code in LANGUAGES:
            self.addItem(NAMES[code], code)
        self.setCurrentIndex(LANGUAGES.index(current_language()))
        self.setAccessibleName(_("Language"))
        self.currentIndexChanged.connect(self._picked)

    def _picked(self, index: int) -> None:
        code = str(self.itemData(index))
        if code != current_language():
            self.language_picked.emit(code)


class NoticeBar(QFrame):
    """A calm, dismissable notice at the top of a screen (never a modal pop-up)."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notice")
        row = QHBoxLayout(self)
        self.text = label(text)
        self.text.setAccessibleName(text)
        row.addWidget(self.text, 1)
        close = QPushButton(_("OK"))
        close.setAccessibleName(_("Dismiss this notice"))
        close.clicked.connect(self.hide)
        row.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)


def inform(parent: QWidget, title: str, text: str, *, warning: bool = False) -> None:
    """A message box that does not block the event loop (open(), not exec())."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Information,
                      title, text, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
