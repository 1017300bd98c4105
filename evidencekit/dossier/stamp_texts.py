"""What a dossier drawn for a bundle says about its timestamps (fiche row and annex line).

The PDF is drawn before manifest.json is timestamped (it prints the manifest's hash), so a
fiche cannot name the manifest's token. It names the custody root's token instead, obtained
before drawing: the custody log holds each exhibit's import entry (its SHA-256), so that token
dates every exhibit of the bundle.
"""

from __future__ import annotations

from evidencekit.dossier.pdf import Ctx


def fiche_timestamp(ctx: Ctx, shown_time: str) -> str:
    """The fiche's RFC 3161 row; `shown_time` is the token's time as the dossier shows times."""
    request = ctx.request
    if request.bundle_timestamps:
        file, tsa, _time = request.bundle_timestamps[0]
        names = "; ".join(t[1] for t in request.bundle_timestamps)
        return ctx.t("ts_fiche_attached").format(tsa=names or tsa, time=shown_time, file=file)
    if request.bundle_timestamp_state == "queued":
        return ctx.t("ts_fiche_queued")
    if request.bundle_timestamp_state == "off":
        return ctx.t("ts_fiche_off")
    return ctx.t("none")


def annex_timestamp(ctx: Ctx) -> str:
    """The annex's sentence on timestamps, or "" when the PDF is not part of a stamped bundle."""
    request = ctx.request
    if request.bundle_timestamps:
        names = "; ".join(f"{tsa} ({time})" for _f, tsa, time in request.bundle_timestamps)
        return ctx.t("ts_annex_attached").format(names=names)
    if request.bundle_timestamp_state == "queued":
        return ctx.t("ts_annex_queued")
    return ""
