"""What the bundle may carry and how it travels: ticked per export, everything off by default.

GPS positions, private notes and descriptions stay out unless ticked (with the GPS warning in
view); encryption makes a passphrase shown once after the export, to be given by phone. The
timestamping line says whether the settings turned it on, since it uses the network.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QVBoxLayout, QWidget

from evidencekit.dossier.bundle_crypt import new_passphrase
from evidencekit.dossier.bundle_options import BundleOptions
from evidencekit.dossier.tsa_client import TimestampSettings
from evidencekit.gui.widgets import label
from evidencekit.i18n import N_, _

GPS_WARNING = N_("GPS positions can reveal where a photo was taken — your home, your work. "
                 "Tick this only if the recipient needs them.")


class BundleChoices(QWidget):
    def __init__(self) -> None:
        super().__init__()
        column = QVBoxLayout(self)
        column.setContentsMargins(24, 0, 0, 0)
        self.include_gps = QCheckBox(_("Include the GPS positions read from photos"))
        self.include_gps.setAccessibleName(_("Include the GPS positions read from photos"))
        self.gps_warning = label(_(GPS_WARNING), "warning")
        self.gps_warning.hide()
        self.include_gps.toggled.connect(self.gps_warning.setVisible)
        self.include_notes = QCheckBox(_("Include my private notes and descriptions"))
        self.include_notes.setAccessibleName(_("Include my private notes and descriptions"))
        # Check boxes do not wrap: short labels, and what follows from them beneath.
        self.encrypt = QCheckBox(_("Encrypt the bundle"))
        self.encrypt.setAccessibleName(_("Encrypt the bundle"))
        encrypt_note = label(_("You will get a passphrase to give to the recipient by phone."),
                             "muted")
        encrypt_note.setIndent(24)
        self.timestamping = label("", "muted")
        for widget in (self.include_gps, self.gps_warning, self.include_notes, self.encrypt,
                       encrypt_note, self.timestamping):
            column.addWidget(widget)

    def options(self, stamping: TimestampSettings) -> BundleOptions:
        self.timestamping.setText(timestamp_line(stamping))
        return BundleOptions(timestamping=stamping, include_gps=self.include_gps.isChecked(),
                             include_notes=self.include_notes.isChecked(),
                             passphrase=new_passphrase() if self.encrypt.isChecked() else None)

    def show_timestamping(self, stamping: TimestampSettings) -> None:
        self.timestamping.setText(timestamp_line(stamping))


def timestamp_line(stamping: TimestampSettings) -> str:
    if not stamping.enabled:
        return _("Timestamping is off (Settings): the bundle gets no outside date, and nothing "
                 "goes over the network.")
    return _("Timestamping is on: {urls} will be asked for a token (a fingerprint only).") \
        .format(urls=", ".join(stamping.urls))


def after_export(bundle: Any, gps_included: bool) -> str:
    """The lines shown once the bundle is written: timestamps, GPS warning, the passphrase."""
    lines = [o.message for o in (bundle.root_timestamp, bundle.timestamp)
             if o is not None and o.status != "off"]
    if bundle.gps_items:
        lines.append(_(GPS_WARNING) if gps_included else _(
            "{n} photo(s) hold a GPS position: the manifest leaves it out, but the original "
            "files keep their own metadata.").format(n=bundle.gps_items))
    if bundle.passphrase:
        lines.append(_("Passphrase of the encrypted bundle, shown only now — give it by phone, "
                       "never with the file: {p}").format(p=bundle.passphrase))
    return "\n".join(lines)
