"""The evidence list draws each thumbnail at its icon size (32 px): a wide screenshot's
160-pixel thumbnail was drawn whole and hid the item's name."""

from __future__ import annotations

from PySide6.QtWidgets import QStyleOptionViewItem

from evidencekit.gui.app import Composition
from tests.gui.helpers import main_screen
from tests.gui.test_pages_data import chat_app  # noqa: F401 - fixture


def test_list_thumbnails_fit_the_row(chat_app: Composition, qtbot) -> None:  # noqa: F811  # type: ignore[no-untyped-def]
    page = main_screen(chat_app).evidence
    page.set_view("list")
    model, table = page.model, page.table
    images = [n for n, row in enumerate(model.rows) if row.media_type.startswith("image/")]
    assert images
    qtbot.waitUntil(lambda: all(model.index(n, 0).data(1) is not None for n in images),
                    timeout=10_000)
    limit = table.iconSize()
    for n in images:
        index = model.index(n, 0)
        pixmap = index.data(1)  # DecorationRole: the grid's large thumbnail
        assert pixmap.width() > limit.width()  # the case this guards against
        option = QStyleOptionViewItem()
        option.initFrom(table)
        table.itemDelegateForIndex(index).initStyleOption(option, index)
        size = option.decorationSize  # type: ignore[attr-defined]
        assert size.width() <= limit.width() and size.height() <= limit.height(), size
        # The name keeps the rest of the cell.
        assert table.columnWidth(0) - size.width() > 100
