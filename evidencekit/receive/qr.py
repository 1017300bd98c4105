"""What the user is shown to connect the phone: the QR code, the PIN, the fingerprint.

The QR code shown beside the PIN: the receiver's address and certificate fingerprint.

The PIN is deliberately not in it: the code may be photographed across a room, the PIN is read
by the person holding the phone. The matrix comes from reportlab's encoder (already used for the
dossier's key page); the window paints it.
"""

from __future__ import annotations

from reportlab.graphics.barcode import qrencoder


def qr_payload(address: str, port: int, fingerprint: str) -> str:
    host = f"[{address}]" if ":" in address else address
    return f"https://{host}:{port}/?fingerprint={fingerprint}"


def qr_matrix(text: str) -> list[list[bool]]:
    """Rows of dark (True) and light modules, without the quiet zone."""
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(text)
    code.make()
    size = code.getModuleCount()
    return [[bool(code.isDark(r, c)) for c in range(size)] for r in range(size)]


def pin_words(pin: str) -> str:
    return f"{pin[:3]} {pin[3:]}"


def fingerprint_words(fingerprint: str) -> str:
    """The fingerprint in groups of four, easier to compare aloud with the phone's screen."""
    return " ".join(fingerprint[i:i + 4] for i in range(0, len(fingerprint), 4))
