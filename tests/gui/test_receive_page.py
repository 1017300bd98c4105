"""“Receive from my phone” in the real app: nothing listens before Start, a sender on 127.0.0.1
delivers a file into the vault, the list shows it, and Stop or locking closes the port."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from evidencekit.gui.receive.page import LOOPBACK, ReceivePage
from tests.gui.conftest import unlock
from tests.gui.helpers import main_screen
from tests.receive.sender import Sender


def _page(app, qtbot) -> ReceivePage:  # type: ignore[no-untyped-def]
    unlock(app, qtbot)
    screen = main_screen(app)
    screen.show_page("receive")
    page = screen.page_widgets["receive"]
    assert isinstance(page, ReceivePage)
    page.address.setCurrentIndex(page.address.findData(LOOPBACK))
    return page


def _refused(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


def test_a_file_from_the_phone_arrives_in_the_list_and_the_vault(
        make_app, qtbot, existing_vault: Path) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    page = _page(app, qtbot)
    assert page.receiver is None and page.setup.isVisible()  # nothing listens before Start
    page.start(port=0)
    receiver = page.receiver
    assert receiver is not None and page.running.isVisible()
    pin = receiver.session.pin
    assert page.pin.text().replace(" ", "") == pin
    assert page.qr.pixmap() is not None and not page.qr.pixmap().isNull()
    assert receiver.fingerprint[:4] in page.fingerprint.text()
    # The app lists us only when its own scan runs: the page says what to do otherwise.
    assert f"port {receiver.port}" in page.where.text() and "by hand" in page.where.text()
    sender = Sender("127.0.0.1", receiver.port, receiver.fingerprint)
    assert [r.status for r in sender.send(pin, {"menace.txt": b"je sais ou tu habites"})] \
        == [200]
    qtbot.waitUntil(lambda: page.arrivals.count() == 1, timeout=10_000)
    assert "menace.txt" in page.arrivals.item(0).text()
    names = [r[0] for r in app.session.vault.conn.execute(
        "SELECT original_name FROM originals")]
    assert names == ["menace.txt"]
    port = receiver.port
    page.stop_button.click()
    qtbot.waitUntil(lambda: page.setup.isVisible(), timeout=10_000)
    assert page.receiver is None and "stopped" in page.status.text()
    assert receiver.closed.wait(10) and _refused(port)


def test_locking_the_vault_stops_the_receiver(make_app, qtbot,
                                             existing_vault: Path) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    page = _page(app, qtbot)
    page.start(port=0)
    receiver = page.receiver
    assert receiver is not None
    app.session.lock()
    assert receiver.closed.wait(10) and _refused(receiver.port)
    with pytest.raises(ConnectionRefusedError):
        Sender("127.0.0.1", receiver.port, receiver.fingerprint).register()


def test_on_another_port_than_localsends_the_page_says_to_set_the_phone_to_it(
        make_app, qtbot, existing_vault: Path) -> None:  # type: ignore[no-untyped-def]
    """53317 taken (LocalSend's own desktop app, say): the page listens elsewhere, and the
    phone, which looks up a typed address and scans only on its own port setting, must be set
    to that port, or "type the address by hand" leads nowhere."""
    app = make_app()
    page = _page(app, qtbot)
    page.start(port=0)
    receiver = page.receiver
    assert receiver is not None and receiver.port != 53317
    text = page.where.text()
    assert "53317" in text and str(receiver.port) in text.split("53317", 1)[1], text
    page.stop_button.click()
    assert receiver.closed.wait(10)
