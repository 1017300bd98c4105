"""The integrity facts of an item: its SHA-256 fingerprint, times, source and photo metadata."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from evidencekit.core.model import Item
from evidencekit.gui.safety.clipboard import ClipboardGuard
from evidencekit.gui.text import breakable, clean, human_size, local_time, number
from evidencekit.gui.widgets import label
from evidencekit.i18n import _


def fingerprint_groups(sha256: str) -> str:
    """The fingerprint in four groups of sixteen: it wraps, and is easier to compare aloud."""
    return " ".join(sha256[i:i + 16] for i in range(0, len(sha256), 16))


def _value() -> QLabel:
    widget = label("")
    widget.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                   | Qt.TextInteractionFlag.TextSelectableByKeyboard)
    return widget


class IntegrityView(QWidget):
    def __init__(self, clipboard: ClipboardGuard, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.clipboard = clipboard
        layout = QVBoxLayout(self)
        layout.addWidget(label(_(
            "The fingerprint (SHA-256) changes if even one byte of the file changes. It shows the "
            "file is exactly as it was when added; it does not prove who made it."), "muted"))
        self.form = QFormLayout()
        # Labels above their values: the pane beside the list is narrow, and a long label
        # beside a wrapped value made rows that Qt laid out too short (the text was cut).
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.sha = _value()
        self.sha_value = ""
        self.sha.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.sha.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.sha.setAccessibleName(_("SHA-256 fingerprint"))
        self.copy = QPushButton(_("Copy"))
        self.copy.setAccessibleName(_("Copy the fingerprint"))
        self.copy.setToolTip(_("Copied for 30 seconds, then cleared from the clipboard."))
        self.copy.clicked.connect(self._copy)
        sha_row = QHBoxLayout()
        sha_row.addWidget(self.sha, 1)
        sha_row.addWidget(self.copy, 0, Qt.AlignmentFlag.AlignTop)
        self.form.addRow(_("Fingerprint (SHA-256)"), sha_row)
        self.values: dict[str, QLabel] = {}
        for key, text in (("name", _("Original name")), ("size", _("Size")),
                          ("type", _("Type")), ("added", _("Added to the vault")),
                          ("modified", _("File last modified")), ("source", _("Came from")),
                          ("taken", _("Photo taken (camera clock)")),
                          ("device", _("Device")), ("software", _("Software")),
                          ("dimensions", _("Dimensions")), ("removed", _("Removed"))):
            self.values[key] = _value()
            self.values[key].setAccessibleName(text)
            self.form.addRow(text, self.values[key])
        layout.addLayout(self.form)
        self.gps = label("", "warning")
        self.gps.setFrameShape(QLabel.Shape.StyledPanel)
        layout.addWidget(self.gps)
        layout.addStretch(1)
        self.clear()

    def clear(self) -> None:
        self.sha_value = ""
        self.sha.setText("")
        self.copy.setEnabled(False)
        for widget in self.values.values():
            widget.setText("")
        self._show_rows()
        self.gps.hide()

    def _show_rows(self) -> None:
        for widget in self.values.values():
            self.form.setRowVisible(widget, bool(widget.text()))

    def show_item(self, item: Item, timezone: str) -> None:
        self.clear()
        original = item.original
        if original is not None:
            self._show_sha(original.sha256)
            self.copy.setEnabled(True)
            facts: dict[str, Any] = original.facts or {}
            added = local_time(original.imported_at, timezone, with_seconds=True)
            self.values["added"].setText(f"{added}  ({clean(original.imported_at)} UTC)")
            self.values["name"].setText(breakable(clean(original.original_name)))
            self.values["size"].setText(
                f"{human_size(original.size)} ({number(original.size)} {_('bytes')})")
            self.values["type"].setText(clean(original.media_type))
            self.values["modified"].setText(local_time(original.file_mtime, timezone))
            self.values["source"].setText(breakable(clean(original.source_path, limit=400)))
            taken = facts.get("exif_datetime_original") or facts.get("exif_datetime") or ""
            offset = facts.get("exif_offset_time_original") or ""
            self.values["taken"].setText(clean(f"{taken} {offset}".strip()))
            device = " ".join(clean(facts.get(k, "")) for k in ("camera_make", "camera_model"))
            device = device.strip()
            self.values["device"].setText(device)
            self.values["software"].setText(clean(facts.get("software", "")))
            if facts.get("width") and facts.get("height"):
                self.values["dimensions"].setText(f"{facts['width']} × {facts['height']}")
            gps = facts.get("gps")
            if isinstance(gps, dict) and "latitude" in gps:
                self.gps.setText(_(
                    "This photo holds a GPS position ({lat}, {lon}). It may reveal where it was "
                    "taken, for example your home. Think about it before sharing the original; "
                    "exports can leave it out.").format(lat=clean(gps.get("latitude")),
                                                        lon=clean(gps.get("longitude"))))
                self.gps.show()
        if item.removal is not None:
            self._show_sha(item.removal.sha256)
            self.values["removed"].setText(_("{time}: {reason}").format(
                time=local_time(item.removal.at, timezone), reason=clean(item.removal.reason)))
        self._show_rows()

    def _show_sha(self, sha256: str) -> None:
        self.sha_value = sha256
        self.sha.setText(fingerprint_groups(sha256))

    def _copy(self) -> None:
        if self.sha_value:
            self.clipboard.copy_secret(self.sha_value)
