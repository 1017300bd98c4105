"""The end-of-import summary: what was added, what was already there, what was refused and why."""

from __future__ import annotations

from PySide6.QtCore import QStringListModel
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QListView, QVBoxLayout, QWidget

from evidencekit.core.intake import ImportOutcome
from evidencekit.gui.text import clean, number
from evidencekit.gui.widgets import label
from evidencekit.i18n import _


def counts(outcomes: list[ImportOutcome]) -> tuple[int, int, int, int]:
    """Added, already there, refused, and not tried because the user stopped the import."""
    imported = sum(1 for o in outcomes if o.status == "imported")
    duplicate = sum(1 for o in outcomes if o.status == "duplicate")
    not_tried = sum(1 for o in outcomes if o.status == "not-tried")
    return imported, duplicate, len(outcomes) - imported - duplicate - not_tried, not_tried


class ImportSummary(QDialog):
    """Non-modal, so the window stays usable; refusals are listed one sentence each."""

    def __init__(self, outcomes: list[ImportOutcome], cancelled: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Import finished"))
        self.outcomes = outcomes
        imported, duplicate, refused, not_tried = counts(outcomes)
        layout = QVBoxLayout(self)
        layout.addWidget(label(_("Import stopped") if cancelled else _("Import finished"),
                               "heading"))
        if cancelled:
            layout.addWidget(label(_("You stopped the import. What was added before stays in the "
                                     "vault; the file being read was not kept.")))
        self.imported_label = label(_("Added to the vault: {n}").format(n=number(imported)))
        self.duplicate_label = label(_("Already in the vault (recorded again): {n}")
                                     .format(n=number(duplicate)))
        self.refused_label = label(_("Not added: {n}").format(n=number(refused)))
        for widget in (self.imported_label, self.duplicate_label, self.refused_label):
            layout.addWidget(widget)
        self.not_tried_label = label(_("Not tried, because you stopped the import: {n}. Add "
                                       "them again to finish.").format(n=number(not_tried)))
        if not_tried:
            layout.addWidget(self.not_tried_label)
        self.details = QListView()
        self.details.setAccessibleName(_("Files not added, and why"))
        self.details.setWordWrap(True)
        self.details.setModel(QStringListModel(
            [clean(o.message, limit=600) for o in outcomes if o.status == "refused"], self))
        if refused:
            layout.addWidget(label(_("Why these files were not added:"), "subheading"))
            layout.addWidget(self.details, 1)
        else:
            self.details.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        self.resize(560, 380 if refused else 220)
