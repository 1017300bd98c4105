"""A captured page in the dossier: its screenshot, what makes it stronger, and its facts."""

from __future__ import annotations

from reportlab.platypus.flowables import Flowable

from evidencekit.dossier.exhibits import Exhibit
from evidencekit.dossier.pdf import FRAME_W, Ctx
from evidencekit.dossier.web_capture import capture_facts


def _published(ctx: Ctx, declared: str) -> str:
    """The page's declared instant in the case's zone, like every other date of the dossier; a
    bare day stays a day (no midnight is invented), and anything else is quoted as written."""
    from evidencekit.dossier.sections import local

    if not declared:
        return ctx.t("wc_unknown")
    return declared if len(declared) <= 10 else local(ctx, declared)


def web_capture_block(ctx: Ctx, ex: Exhibit) -> list[Flowable] | None:
    """The block for a logged web capture; None for any other exhibit (even a look-alike)."""
    from evidencekit.dossier.sections import byte_count, image, local, table

    original = ex.item.original
    if original is None or ex.item.removal is not None:
        return None
    facts = capture_facts(ctx.conn, ex.item.id, original.sha256)
    if facts is None:
        return None
    s = ctx.styles
    colon = " : " if ctx.lang == "fr" else ": "  # French sets a space before the colon
    if facts.scheme != "https":
        cert = ctx.t("wc_no_tls")
    elif facts.verified:
        cert = f"{ctx.t('wc_cert_ok')}{colon}{facts.subject} — {facts.issuer} — SHA-256 " \
               f"{facts.fingerprint}"
    else:
        cert = ctx.t("wc_cert_bad").format(error=facts.error) + \
            (f"{colon}{facts.subject} — {facts.issuer} — SHA-256 {facts.fingerprint}"
             if facts.fingerprint else "")
    token = ctx.t("wc_token_at").format(time=local(ctx, facts.token_time), tsa=facts.token_tsa) \
        if facts.token_time else ctx.t("wc_token_none")
    rows = [
        [ctx.t("wc_url"), facts.url],
        [ctx.t("wc_final"), facts.final_url],
        [ctx.t("wc_published"), _published(ctx, facts.published)],
        [ctx.t("wc_ip"), facts.ip or ctx.t("not_given")],
        [ctx.t("wc_cert"), cert],
        [ctx.t("wc_times"), f"{local(ctx, facts.started_at)} → {local(ctx, facts.ended_at)}"],
        [ctx.t("wc_browser"), facts.browser],
        [ctx.t("wc_login"), ctx.t("wc_login_yes") if facts.user_logged_in
         else ctx.t("wc_login_no")],
        [ctx.t("wc_warc"), f"SHA-256 {facts.warc_sha256} ({byte_count(ctx, facts.warc_size)})"
         .replace(",", " ")],
        [ctx.t("wc_manifest"), facts.manifest_sha256],
        [ctx.t("wc_token"), token],
    ]
    if facts.withheld_known:
        rows.insert(8, [ctx.t("wc_withheld"), ctx.t("wc_withheld_what").format(
            headers=facts.withheld_headers, bodies=facts.withheld_bodies)
            if facts.withheld_headers or facts.withheld_bodies else ctx.t("wc_withheld_none")])
    out: list[Flowable] = [ctx.p(ctx.t("wc_heading"), s.h3), ctx.p(ctx.t("wc_why"), s.small),
                           table(ctx, rows, [1.4, 4], header=False)]
    if facts.screenshot_item is not None:
        out.append(image(ctx, facts.screenshot_item, FRAME_W * 0.9, 16 * 28.35,
                         ex.item.annotations.sensitive))
    return out
