"""The vault's key as the recipient sees it: on the cover, beside the signature, and on the
attestation page the victim signs by hand.

A recipient trusts a bundle only as far as they trust its key: a forger can make a new key and
re-sign everything. So the fingerprint is printed where it can be compared by eye or read out
by phone (groups of four), and a QR code carries it with the manifest's SHA-256 for a phone
camera. `verify-bundle` reads the same values back from the PDF (see `verify_checks`).
"""

from __future__ import annotations

from typing import Any

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.units import cm
from reportlab.platypus import KeepTogether, PageBreak, Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from evidencekit.dossier.pdf import FRAME_W, Ctx

QR_SIZE = 3.2 * cm


def grouped(hex_digest: str) -> str:
    """`c882 df71 …` in two lines of eight groups: easy to read aloud and to compare."""
    groups = [hex_digest[i:i + 4] for i in range(0, len(hex_digest), 4)]
    return " ".join(groups[:8]) + "\n" + " ".join(groups[8:])


def qr_payload(key_sha256: str, manifest_sha256: str | None) -> str:
    lines = ["evidencekit bundle", f"key-sha256: {key_sha256}"]
    if manifest_sha256:
        lines.append(f"manifest-sha256: {manifest_sha256}")
    return "\n".join(lines)


def qr_code(ctx: Ctx, size: float = QR_SIZE) -> Flowable:
    widget = QrCodeWidget(qr_payload(ctx.key_sha256, ctx.request.bundle_manifest_sha256),
                          barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    return drawing


def _facts(ctx: Ctx) -> list[Flowable]:
    s = ctx.styles
    out = [ctx.p(ctx.t("key_title"), s.cell_bold), ctx.p(grouped(ctx.key_sha256), s.mono)]
    manifest = ctx.request.bundle_manifest_sha256
    if manifest:
        out += [ctx.p(ctx.t("key_manifest"), s.cell_bold), ctx.p(grouped(manifest), s.mono)]
    return out


def _beside_qr(ctx: Ctx, text: list[Flowable], size: float = QR_SIZE) -> Table:
    cells: list[Any] = [text, qr_code(ctx, size)]
    widths = [FRAME_W - size - 0.6 * cm, size + 0.6 * cm]
    if ctx.lang == "ar":
        cells, widths = cells[::-1], widths[::-1]
    tbl = Table([cells], colWidths=widths)
    tbl.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                             ("BOX", (0, 0), (-1, -1), 0.4, colors.HexColor("#B8C2CC")),
                             ("LEFTPADDING", (0, 0), (-1, -1), 4),
                             ("RIGHTPADDING", (0, 0), (-1, -1), 4)]))
    return tbl


def cover_block(ctx: Ctx) -> list[Flowable]:
    """The fingerprint (and manifest hash, in a bundle) with its QR code, for the cover."""
    text = [*_facts(ctx), ctx.p(ctx.t("key_hint"), ctx.styles.small)]
    return [Spacer(1, 0.2 * cm), _beside_qr(ctx, text, 2.6 * cm)]


def signature_block(ctx: Ctx) -> list[Flowable]:
    """The technical annex's signature: what is signed, with which key, and how to compare."""
    s = ctx.styles
    return [KeepTogether([ctx.p(ctx.t("signature_block"), s.h3),
                          ctx.p(ctx.t("signature_text"), s.body),
                          _beside_qr(ctx, _facts(ctx))])]


def attestation(ctx: Ctx) -> list[Flowable]:
    """One page the victim fills in, signs and hands over in person; only inside a bundle,
    since it vouches for the bundle's manifest."""
    if not ctx.request.bundle_manifest_sha256:
        return []
    s = ctx.styles
    blank = "\n\n"
    rows: list[list[Any]] = [[ctx.t(k), blank] for k in ("att_name", "att_place", "att_date")]
    rows.append([ctx.t("att_signature"), "\n\n\n\n\n\n"])
    fields = []
    for label, value in rows:
        line = [ctx.p(label, s.cell_bold), ctx.p(value, s.cell)]
        fields.append(line[::-1] if ctx.lang == "ar" else line)
    widths = [3.5 * cm, FRAME_W - 3.5 * cm]
    grid = Table(fields, colWidths=widths[::-1] if ctx.lang == "ar" else widths)
    grid.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                              ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return [PageBreak(), ctx.heading("attestation"), ctx.p(ctx.t("att_intro"), s.small),
            Spacer(1, 0.3 * cm), ctx.p(ctx.t("att_declare"), s.strong), Spacer(1, 0.3 * cm),
            _beside_qr(ctx, _facts(ctx)), Spacer(1, 0.5 * cm), grid, Spacer(1, 0.4 * cm),
            ctx.p(ctx.t("att_check"), s.small)]
