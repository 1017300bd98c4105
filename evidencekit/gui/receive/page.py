"""“Receive from my phone”: start a LocalSend receiver, show how to reach it, list arrivals.

Nothing listens until the user presses Start (that is the "yes"), and the receiver stops with
Stop, when the vault locks, or when the page goes away (the window is closed). The receiver's
threads report through the session's listener; a QObject bridge carries each event to the GUI
thread as a queued signal.
"""

from __future__ import annotations

import errno

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QWidget,
)

from evidencekit.core.errors import EvidenceKitError
from evidencekit.core.evidence import DEFAULT_CASE
from evidencekit.gui.fit import ReflowRow
from evidencekit.gui.main.cases_model import case_label
from evidencekit.gui.main.pages import PageContext
from evidencekit.gui.main.read_only import switch_off
from evidencekit.gui.receive.qr_image import qr_image
from evidencekit.gui.widgets import label, primary_button, scrolled_column
from evidencekit.i18n import _
from evidencekit.receive.address import local_addresses
from evidencekit.receive.protocol import DEFAULT_PORT
from evidencekit.receive.qr import fingerprint_words, pin_words, qr_matrix, qr_payload
from evidencekit.receive.server import Receiver
from evidencekit.receive.session import Arrival, ReceiveSession

LOOPBACK = "127.0.0.1"
REFUSED_COLOUR = "#b3261e"


class _Bridge(QObject):
    happened = Signal(str, object)


class ReceivePage(QWidget):
    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.receiver: Receiver | None = None
        self.bridge = _Bridge(self)
        self.bridge.happened.connect(self._on_event)
        # Scrolled: narrowed by a 200 % scale, the paragraphs need more lines than the main
        # screen gives them.
        layout = scrolled_column(self)
        layout.addWidget(label(_("Receive from my phone"), "heading"))
        layout.addWidget(label(_(
            "Send photos, videos and exports from your phone to this computer without the "
            "internet or any cloud: install the free LocalSend app on the phone, connect both "
            "to the same Wi-Fi, and press “Start receiving”. Files go straight into the vault, "
            "each one checked and recorded with the name of the phone that sent it.")))
        # One under the other when a narrow screen cannot hold them side by side.
        self.setup = ReflowRow()
        self.setup.add(QLabel(_("Listen on:")))
        self.address = QComboBox()
        for address in local_addresses():
            self.address.addItem(_("{address} (this Wi-Fi or network)").format(
                address=address), address)
        self.address.addItem(_("{address} (this computer only)").format(address=LOOPBACK),
                             LOOPBACK)
        self.address.setAccessibleName(_("Address to listen on"))
        # Sized for a short address, not the longest entry: at 200 % the row forced the page
        # to scroll sideways. The list still shows each entry whole.
        self.address.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.address.setMinimumContentsLength(14)
        self.setup.add(self.address)
        self.start_button = primary_button(_("Start receiving"))
        self.start_button.clicked.connect(self.start)
        self.setup.add(self.start_button)
        if ctx.session.read_only:
            switch_off(self.start_button)
        layout.addWidget(self.setup)
        self.running = self._running_panel()
        self.running.hide()
        layout.addWidget(self.running)
        self.status = label("", "muted")
        layout.addWidget(self.status)
        layout.addWidget(label(_("Arrived in this session:")))
        self.arrivals = QListWidget()
        self.arrivals.setAccessibleName(_("Files received"))
        self.arrivals.setWordWrap(True)
        self.arrivals.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout.addWidget(self.arrivals, 1)
        ctx.session.about_to_lock.connect(self.stop)

    def _running_panel(self) -> QWidget:
        panel = QWidget()
        grid = QGridLayout(panel)
        grid.setContentsMargins(0, 0, 0, 0)
        self.qr = QLabel()
        self.qr.setAccessibleName(_("QR code with this computer's address"))
        grid.addWidget(self.qr, 0, 0, 5, 1, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(label(_("PIN to type on the phone:")), 0, 1)
        self.pin = label("", "pin")
        self.pin.setStyleSheet("font-size: 28pt; font-weight: bold; letter-spacing: 4px;")
        self.pin.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        grid.addWidget(self.pin, 1, 1)
        self.where = label("")
        self.where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        grid.addWidget(self.where, 2, 1)
        self.fingerprint = label("", "muted")
        self.fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        grid.addWidget(self.fingerprint, 3, 1)
        self.stop_button = QPushButton(_("Stop receiving"))
        self.stop_button.setAccessibleName(_("Stop receiving"))
        self.stop_button.clicked.connect(lambda: self.stop())
        grid.addWidget(self.stop_button, 4, 1, Qt.AlignmentFlag.AlignLeft)
        grid.setColumnStretch(1, 1)
        return panel

    @property
    def case_name(self) -> str:
        return self.ctx.cases.case_name or DEFAULT_CASE

    def start(self, port: int = DEFAULT_PORT) -> None:
        if self.receiver is not None or not self.ctx.session.is_unlocked:
            return
        address = str(self.address.currentData())
        session = ReceiveSession(self.case_name)
        try:
            receiver = Receiver(self.ctx.session.vault, session, address=address, port=port)
        except EvidenceKitError as exc:  # a read-only vault (full disk) takes nothing in
            self.status.setText(str(exc))
            return
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE and port != 0:
                self.start(0)  # LocalSend itself may hold 53317; any free port will do
                return
            self.status.setText(_("Could not listen on {address} ({reason}).").format(
                address=address, reason=exc.strerror))
            return
        session.listen(self.bridge.happened.emit)
        receiver.start()
        self.receiver = receiver
        # The window goes, the receiver goes with it.
        self.destroyed.connect(lambda: receiver.session.stop())
        self.pin.setText(pin_words(session.pin))
        # LocalSend lists us only when its scan of the network runs (when no other LocalSend
        # device answered first): the address typed by hand always works.
        where = [_(
            "On the phone, this computer appears as “{name}”. Address: {address}, port {port}. "
            "Case: {case}.").format(name=receiver.info.alias, address=address,
                                     port=receiver.port, case=case_label(self.case_name)),
            _("If the phone does not list it, type this address in LocalSend by hand.")]
        if receiver.port != DEFAULT_PORT:
            # 53317 was taken: the app looks up a typed address, and scans, on its own port
            # setting only (docs/design.md, "Checked against the official app's sources").
            where.append(_("LocalSend on the phone looks for this computer on port 53317 unless "
                           "its settings say otherwise: set its port to {port} there, or it will "
                           "not find this computer.").format(port=receiver.port))
        self.where.setText(" ".join(where))
        self.fingerprint.setText(_("Certificate fingerprint (SHA-256): {fp}").format(
            fp=fingerprint_words(receiver.fingerprint)))
        matrix = qr_matrix(qr_payload(address, receiver.port, receiver.fingerprint))
        self.qr.setPixmap(QPixmap.fromImage(qr_image(matrix, 5)))
        self.status.setText(_("Waiting for the phone…"))
        self.setup.hide()
        self.running.show()

    def stop(self) -> None:
        if self.receiver is not None:
            # Not waiting for the socket and the final checkpoint: the window stays responsive,
            # and the "ended" event switches the page back.
            self.receiver.session.stop()

    def _on_event(self, event: str, payload: object) -> None:
        if event == "progress" and isinstance(payload, Arrival):
            self.status.setText(_("Receiving {name} from {sender}: {done} of {size} MB").format(
                name=payload.name, sender=payload.sender, done=payload.received // 2**20,
                size=max(1, payload.size // 2**20)))
        elif event == "arrival" and isinstance(payload, Arrival):
            item = QListWidgetItem(payload.message)
            if payload.status not in ("imported", "duplicate"):
                item.setForeground(QColor(REFUSED_COLOUR))  # a refusal must not read as kept
            self.arrivals.addItem(item)
            self.status.setText(payload.message)
            if payload.status in ("imported", "duplicate"):
                self.ctx.importer.finished.emit([])  # the evidence list and cases refresh
        elif event == "pin-wrong":
            self.status.setText(_("Refused: {what}").format(what=payload))
        elif event == "ended":
            self.receiver = None
            self.running.hide()
            self.setup.show()
            self.status.setText(_("Receiving has stopped: {why}").format(why=payload))


def make_receive_page(ctx: PageContext) -> QWidget:
    return ReceivePage(ctx)
