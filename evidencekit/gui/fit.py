"""Layout pieces that let a screen narrow without a sideways scroll bar (a 200 % scale on a
1366×768 laptop leaves about 640 pixels): a page stack as wide as its current page, a row of
buttons whose last ones move into a “More…” menu, a splitter that stacks its panes when they no
longer fit side by side, a row of buttons that goes one under the other, a scroll area that
asks for its content's width, and a button that shows a panel which gave way."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QAction, QHideEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QBoxLayout,
    QHBoxLayout,
    QMenu,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from evidencekit.i18n import _


def panel_toggle(text: str, name: str, tip: str, panel: QWidget,
                 pressed: Callable[[], None]) -> QPushButton:
    """A pressed-in button that shows or hides `panel` (a side column that gave way to what
    matters on a small screen); `pressed` is called when the user, not the page, toggles it."""
    button = QPushButton(text)
    button.setCheckable(True)
    button.setChecked(True)
    button.setAccessibleName(name)
    button.setToolTip(tip)
    button.toggled.connect(panel.setVisible)
    button.clicked.connect(lambda _checked=False: pressed())
    return button


class PageStack(QStackedWidget):
    """A QStackedWidget asks for the widest of all its pages, so one wide page (the evidence
    list and its details) forced every page of the main screen to scroll sideways. This one
    asks for the width of the page shown only; the height stays that of the tallest page (the
    main screen does not count wrapped lines, and the shorter pages relied on that room)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.currentChanged.connect(lambda _index: self.updateGeometry())

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        page = self.currentWidget()
        hint = super().sizeHint()
        return QSize(page.sizeHint().width(), hint.height()) if page is not None else hint

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        page = self.currentWidget()
        hint = super().minimumSizeHint()
        return QSize(page.minimumSizeHint().width(), hint.height()) if page is not None \
            else hint


class OverflowRow(QWidget):
    """Buttons side by side; when the row is too narrow the optional ones give way, the last
    first, and are reached through a “More…” menu that presses the real button (so read-only
    switches and slots stay those of the button)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(0, 0, 0, 0)
        self.widgets: list[QWidget] = []
        self.optional: list[QWidget] = []  # buttons only
        # A push button, drawn like its neighbours (a tool button looked like another thing).
        self.more = QPushButton(_("More…"))
        self.more.setAccessibleName(_("More actions"))
        self.menu = QMenu(self.more)
        self.menu.aboutToShow.connect(self._fill_menu)
        self.more.setMenu(self.menu)
        self.more.hide()
        self._more_at = -1
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def add(self, widget: QWidget, *, optional: bool = False) -> None:
        self.row.addWidget(widget)
        self.widgets.append(widget)
        if optional and isinstance(widget, QAbstractButton):
            self.optional.append(widget)

    def add_more_button(self) -> None:
        """Where the “More…” button sits (by default after the last widget)."""
        self._more_at = len(self.widgets)
        self.row.addWidget(self.more)

    def add_stretch(self) -> None:
        self.row.addStretch(1)

    def _hint(self, widgets: list[QWidget]) -> int:
        return sum(w.sizeHint().width() for w in widgets) + \
            self.row.spacing() * max(0, len(widgets) - 1)

    def _always(self) -> list[QWidget]:
        # The optional buttons are shown and hidden here only; the others by their page.
        return [w for w in self.widgets if w not in self.optional and not w.isHidden()]

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(self._hint(self._always() + self.optional), self._height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        needed = self._always() + ([self.more] if self.optional else [])
        return QSize(self._hint(needed), self._height())

    def _height(self) -> int:
        return max([w.sizeHint().height() for w in [*self.widgets, self.more]] or [0])

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self.fit(event.size().width())

    def fit(self, width: int) -> None:
        """Show every optional button that fits `width`, in order; hide the rest behind More."""
        if self._more_at < 0:
            self.add_more_button()
        everything = self._hint(self._always() + self.optional)
        if everything <= width:
            shown = list(self.optional)
        else:
            room = width - self._hint([*self._always(), self.more])
            shown = []
            for button in self.optional:
                need = button.sizeHint().width() + self.row.spacing()
                if need > room:
                    break
                room -= need
                shown.append(button)
        for button in self.optional:
            button.setVisible(button in shown)
        self.more.setVisible(len(shown) < len(self.optional))

    def hidden_buttons(self) -> list[QAbstractButton]:
        return [b for b in self.optional if isinstance(b, QAbstractButton) and b.isHidden()]

    def _fill_menu(self) -> None:
        self.menu.clear()
        for button in self.hidden_buttons():
            action = QAction(button.text().replace("&", "&&"), self.menu)
            action.setEnabled(button.isEnabled())
            action.setToolTip(button.toolTip())
            action.triggered.connect(button.click)
            self.menu.addAction(action)


PANE_HEIGHT = 240


class ReflowSplitter(QSplitter):
    """Two panes side by side while both fit at their minimum width, one above the other below
    that (the page then scrolls down, never sideways). `spare` pixels of hysteresis keep it from
    flipping back and forth at the threshold."""

    def __init__(self, parent: QWidget | None = None, spare: int = 24,
                 pane_width: int = 200) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.spare = spare
        # Side by side, no pane narrower than this: a list a few letters wide beside the
        # details is worse than the details under the list.
        self.pane_width = pane_width
        self._wide_sizes: list[int] = []

    def _panes(self) -> list[QWidget]:
        return [w for n in range(self.count()) if (w := self.widget(n)) is not None]

    def _side_by_side(self) -> int:
        widths = [max(w.minimumSizeHint().width(), self.pane_width) for w in self._panes()]
        return sum(widths) + self.handleWidth() * max(0, self.count() - 1)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        hints = [w.minimumSizeHint() for w in self._panes()]
        if not hints:
            return super().minimumSizeHint()
        handles = self.handleWidth() * (len(hints) - 1)
        # Either way fits: ask for the narrower (stacked) width, and the height of the current
        # orientation.
        width = max(h.width() for h in hints)
        if self.orientation() == Qt.Orientation.Vertical:
            # Stacked, each pane keeps a usable height (up to PANE_HEIGHT); the page scrolls
            # down to the second one rather than squeezing a list to one row.
            heights = [max(m.height(), min(w.sizeHint().height(), PANE_HEIGHT))
                       for m, w in zip(hints, self._panes(), strict=True)]
            return QSize(width, sum(heights) + handles)
        return QSize(width, max(h.height() for h in hints))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        self.fit(event.size().width())
        super().resizeEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt API
        # A hidden page keeps its last width: stacked, its height would make the page stack
        # (which counts every page's height) taller for the pages shown instead.
        if self.orientation() == Qt.Orientation.Vertical:
            self._go_wide()
        super().hideEvent(event)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        self.fit(self.width())

    def fit(self, width: int) -> None:
        wide = self.orientation() == Qt.Orientation.Horizontal
        need = self._side_by_side()
        if wide and width < need:
            self._wide_sizes = self.sizes() if self.isVisible() else []
            self.setOrientation(Qt.Orientation.Vertical)
            self.setSizes([1] * self.count())  # shared equally, not the old widths
            self.updateGeometry()
        elif not wide and width >= need + self.spare:
            self._go_wide()

    def _go_wide(self) -> None:
        self.setOrientation(Qt.Orientation.Horizontal)
        # Back to the widths the user (or the stretch factors) gave the panes.
        self.setSizes(self._wide_sizes or [self.pane_width] * self.count())
        self.updateGeometry()


class ReflowRow(QWidget):
    """Buttons side by side while they fit, one under the other when they do not; for rows
    whose buttons all matter (create, open, show in folder) and come and go with the page's
    state, where a “More…” menu would hide what the user needs next."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.box = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.box.setContentsMargins(0, 0, 0, 0)

    def add(self, widget: QWidget) -> None:
        self.box.addWidget(widget, 0, Qt.AlignmentFlag.AlignLeading)

    def _shown(self) -> list[QWidget]:
        items = (self.box.itemAt(n) for n in range(self.box.count()))
        return [w for i in items if i is not None and (w := i.widget()) is not None
                and not w.isHidden()]

    def side_by_side(self) -> int:
        shown = self._shown()
        return sum(w.sizeHint().width() for w in shown) + \
            self.box.spacing() * max(0, len(shown) - 1)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        shown = self._shown()
        if not shown:
            return QSize(0, 0)
        heights = [w.sizeHint().height() for w in shown]
        wide = self.box.direction() == QBoxLayout.Direction.LeftToRight
        height = max(heights) if wide else \
            sum(heights) + self.box.spacing() * (len(heights) - 1)
        return QSize(max(w.sizeHint().width() for w in shown), height)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(self.side_by_side(), self.minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self.fit(event.size().width())

    def event(self, event: QEvent) -> bool:
        # A button shown or hidden (Open appears once saved) changes the width needed.
        if event.type() == QEvent.Type.LayoutRequest:
            self.fit(self.width())
        return super().event(event)

    def fit(self, width: int) -> None:
        wanted = QBoxLayout.Direction.LeftToRight if width >= self.side_by_side() \
            else QBoxLayout.Direction.TopToBottom
        if self.box.direction() != wanted:
            self.box.setDirection(wanted)
            self.updateGeometry()


class DownScrollArea(QScrollArea):
    """Scrolls down, never sideways, and asks for the width its content needs (a plain scroll
    area asks for almost none, so a splitter squeezed the help's cards to a few letters)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        hint = super().minimumSizeHint()
        body = self.widget()
        if body is None:
            return hint
        width = body.minimumSizeHint().width() + self.verticalScrollBar().sizeHint().width() \
            + 2 * self.frameWidth()
        return QSize(max(hint.width(), width), hint.height())
