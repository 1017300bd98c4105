"""The one question asked before an export is imported: may it hold intimate images?"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QMessageBox, QWidget

from evidencekit.i18n import _


def holds_export(paths: list[Path]) -> bool:
    """A zip (chat exports come zipped), or a folder holding an export the importers know:
    a folder of loose screenshots is not asked about, its images are items of their own."""
    if any(p.suffix.lower() == ".zip" for p in paths):
        return True
    folders = [p for p in paths if p.is_dir() and not p.is_symlink()]
    if not folders:
        return False
    from evidencekit.core.intake import expand_paths
    from evidencekit.importers.folder_exports import find_folder_exports

    files, _refused = expand_paths(folders)
    return bool(find_folder_exports(folders, files))


def ask_intimate(parent: QWidget, answered: Callable[[bool], object]) -> QMessageBox:
    """Non-blocking, like every box of the window; Cancel (or Esc) imports nothing."""
    box = QMessageBox(QMessageBox.Icon.Question, _("Before adding this export"), _(
        "Could this conversation contain intimate photos or videos (nudes, sexual images), of "
        "you or of someone else?\n\nIf you answer yes, every image from it stays blurred in "
        "the app and in every dossier until you choose otherwise. You can change this later, "
        "image by image. If you are not sure, answer yes."),
        QMessageBox.StandardButton.NoButton, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    yes = box.addButton(_("Yes, or maybe: blur them"), QMessageBox.ButtonRole.YesRole)
    no = box.addButton(_("No"), QMessageBox.ButtonRole.NoRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(yes)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def clicked(button: QAbstractButton) -> None:
        if button is yes:
            answered(True)
        elif button is no:
            answered(False)

    box.buttonClicked.connect(clicked)
    box.open()
    return box
