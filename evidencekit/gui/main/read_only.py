"""Actions that would change the vault, switched off while it is open read-only (full disk).

Left enabled, they failed only once used (an import, a note, a blur), after the user had
chosen files or typed; switched off with the reason in their tooltip, the user sees at once what
still works: reading, searching, verifying and saving a copy to another disk.
"""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from evidencekit.i18n import _


def read_only_reason() -> str:
    return _("Not available: the vault is open read-only because the disk holding it is full. "
             "Free some space, then lock and open the vault again.")


def switch_off(*controls: QWidget | QAction) -> None:
    """Disable each control and say why in its tooltip."""
    for control in controls:
        control.setEnabled(False)
        control.setToolTip(read_only_reason())
