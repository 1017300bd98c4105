"""The evidence page's buttons that act on the chosen rows: blur, stop blurring, add by address."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QPushButton

from evidencekit.core.export_media import mark_sensitive
from evidencekit.core.vault import Vault
from evidencekit.gui.main.address_dialogs import AddressDialog
from evidencekit.gui.main.read_only import switch_off
from evidencekit.i18n import _

if TYPE_CHECKING:
    from evidencekit.gui.main.evidence_page import EvidencePage


class SensitiveMarks(QObject):
    """Mark several items sensitive (blurred everywhere) or not, each change logged."""

    def __init__(self, page: EvidencePage) -> None:
        super().__init__(page)
        self.page = page
        self.blur_button = QPushButton(_("Blur"))
        self.blur_button.setToolTip(_("Mark the chosen items as sensitive: their images are "
                                      "blurred in the app and in every dossier"))
        self.unblur_button = QPushButton(_("Stop blurring"))
        self.unblur_button.setToolTip(_("The chosen items are not sensitive"))
        self.buttons = (self.unblur_button, self.blur_button)
        for button in self.buttons:
            button.setAccessibleName(button.toolTip())
        self.blur_button.clicked.connect(lambda: self.mark(True))
        self.unblur_button.clicked.connect(lambda: self.mark(False))
        self.address_button = QPushButton(_("Add by address…"))
        self.address_button.setToolTip(_("Record something seen online by its address and a "
                                         "description, without its file"))
        self.address_button.setAccessibleName(self.address_button.toolTip())
        self.address_button.clicked.connect(lambda: self.add_by_address())
        self.dialog: AddressDialog | None = None
        if page.ctx.session.read_only:
            switch_off(self.address_button, *self.buttons)
        self.update_buttons()

    def update_buttons(self) -> None:
        table = getattr(self.page, "table", None)  # None while the page is being built
        chosen = table is not None and bool(table.selectionModel().selectedRows())
        if self.page.ctx.session.read_only:
            chosen = False  # the tooltip set in __init__ says why
        for button in self.buttons:
            button.setEnabled(chosen)

    def mark(self, sensitive: bool) -> int:
        ids = self.page.selected_ids()
        session = self.page.ctx.session
        if not ids or not session.is_unlocked:
            return 0

        def write(vault: Vault) -> int:
            with vault.transaction() as tx:
                return mark_sensitive(tx, ids, sensitive)

        changed = int(session.read(write))
        for item_id in ids:
            self.page.model.refresh_item(item_id)
        shown = self.page.detail.item
        if shown is not None and shown.id in ids:
            self.page.detail.show_item_id(shown.id)
        return changed

    def add_by_address(self, category: str = "") -> AddressDialog | None:
        ctx = self.page.ctx
        if not ctx.session.is_unlocked:
            return None
        dialog = AddressDialog(ctx.session, ctx.cases.case_name or "Default", self.page,
                               category=category)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.added.connect(self._added)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _added(self, item_id: int) -> None:
        self.dialog = None
        self.page.reload()
        self.page.select_item(item_id)
