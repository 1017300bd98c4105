"""Categories of cyber-violence, from the source documents (EMC-Helpline and the French guide).

Identifiers are stable (stored in vaults and manifests); labels are translated at display time.
"""

from __future__ import annotations

from evidencekit.i18n import N_

CSAM = "child_sexual_abuse"

CATEGORIES: dict[str, str] = {
    "webcam_blackmail": N_("webcam blackmail (sextortion)"),
    "intimate_images": N_("publication of intimate images"),
    "threats": N_("threats"),
    "impersonation": N_("identity theft / impersonation"),
    "doxxing": N_("publication of personal data"),
    "account_hacking": N_("account hacking"),
    "hate_humiliation": N_("hateful or humiliating remarks"),
    "harassment": N_("repeated harassment"),
    "sexual_harassment": N_("sexual harassment"),
    "defamation": N_("insult or defamation"),
    "deepfake": N_("montage or deepfake"),
    "scam": N_("scam"),
    CSAM: N_("child sexual abuse material (URL and description only)"),
    "other": N_("other"),
}

CSAM_REFUSAL = N_(
    "Images of child sexual abuse are never stored, not even as evidence: holding them is an "
    "offence (art. 227-23 of the French Code pénal). Record only its address (URL) and a "
    "description (“Add by address…” in the app, `evidencekit add-url` on the command line), "
    "and report it to Pharos (internet-signalement.gouv.fr) "
    "or call 3018; in Morocco, to EMC-Helpline (cyberconfiance.ma/helpline) or the police (19)."
)


def normalise_category(value: str) -> str:
    """The stable identifier for a category given by id or by its English label."""
    key = value.strip().lower().replace("-", "_").replace(" ", "_")
    if key in CATEGORIES:
        return key
    for ident, label in CATEGORIES.items():
        if value.strip().lower() == label.lower():
            return ident
    aliases = {"csam": CSAM, "pedopornographie": CSAM, "sextortion": "webcam_blackmail"}
    if key in aliases:
        return aliases[key]
    raise ValueError(value)
