"""Offence references per category (à titre indicatif) and prescription deadlines per exhibit."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime

from evidencekit.core.timeutil import parse_iso

# Offence key -> (reference, {lang: label}, {lang: elements}). One line each, as dossiers.md asks;
# never legal advice, always introduced as "à titre indicatif".
OFFENCES: dict[str, tuple[str, dict[str, str], dict[str, str]]] = {
    "harcelement_moral": ("C. pén. art. 222-33-2-2", {
        "fr": "Harcèlement moral (aggravé en ligne)", "en": "Moral harassment (aggravated online)",
        "ar": "التحرش المعنوي (مشدد عبر الإنترنت)"}, {
        "fr": "propos ou comportements répétés ; dégradation des conditions de vie ; en ligne",
        "en": "repeated remarks or behaviour; degraded living conditions; online",
        "ar": "أقوال أو سلوكات متكررة؛ تدهور ظروف العيش؛ عبر الإنترنت"}),
    "harcelement_sexuel": ("C. pén. art. 222-33", {
        "fr": "Harcèlement sexuel ou sexiste", "en": "Sexual or sexist harassment",
        "ar": "التحرش الجنسي أو القائم على النوع"}, {
        "fr": "propos à connotation sexuelle ou sexiste imposés de façon répétée",
        "en": "repeatedly imposed sexual or sexist remarks",
        "ar": "أقوال ذات طابع جنسي مفروضة بشكل متكرر"}),
    "appels_malveillants": ("C. pén. art. 222-16", {
        "fr": "Appels ou messages malveillants réitérés",
        "en": "Repeated malicious calls or messages",
        "ar": "مكالمات أو رسائل مزعجة متكررة"}, {
        "fr": "messages réitérés ; en vue de troubler la tranquillité",
        "en": "repeated messages; meant to disturb the person's peace",
        "ar": "رسائل متكررة بقصد الإزعاج"}),
    "menaces": ("C. pén. art. 222-17, 222-18", {
        "fr": "Menaces", "en": "Threats", "ar": "التهديد"}, {
        "fr": "menace de crime ou délit contre les personnes, réitérée ou matérialisée par écrit",
        "en": "threat of a crime or offence against a person, repeated or in writing",
        "ar": "تهديد بجناية أو جنحة ضد الأشخاص، متكرر أو مكتوب"}),
    "vie_privee": ("C. pén. art. 226-1, 226-2", {
        "fr": "Atteinte à la vie privée (paroles, images)",
        "en": "Invasion of privacy (words, images)", "ar": "المس بالحياة الخاصة (أقوال، صور)"}, {
        "fr": "captation ou diffusion sans consentement de paroles ou d'images privées",
        "en": "recording or spreading private words or images without consent",
        "ar": "التقاط أو نشر أقوال أو صور خاصة دون موافقة"}),
    "contenus_sexuels": ("C. pén. art. 226-2-1", {
        "fr": "Diffusion de contenus sexuels sans accord",
        "en": "Sharing sexual content without consent", "ar": "نشر محتوى جنسي دون موافقة"}, {
        "fr": "contenu à caractère sexuel ; diffusion sans l'accord de la personne",
        "en": "sexual content; shared without the person's agreement",
        "ar": "محتوى ذو طابع جنسي؛ نشر دون موافقة الشخص"}),
    "usurpation": ("C. pén. art. 226-4-1", {
        "fr": "Usurpation d'identité", "en": "Identity theft", "ar": "انتحال الهوية"}, {
        "fr": "usage de l'identité ou de données d'un tiers ; pour troubler sa tranquillité",
        "en": "use of another's identity or data; to disturb them or harm their reputation",
        "ar": "استعمال هوية أو معطيات الغير بقصد الإضرار به"}),
    "hypertrucage": ("C. pén. art. 226-8, 226-8-1", {
        "fr": "Montage ou hypertrucage (deepfake)", "en": "Montage or deepfake",
        "ar": "تركيب أو تزييف عميق"}, {
        "fr": "montage des paroles ou de l'image d'une personne sans son consentement",
        "en": "montage of a person's words or image without consent",
        "ar": "تركيب أقوال أو صورة شخص دون موافقته"}),
    "doxxing": ("C. pén. art. 223-1-1", {
        "fr": "Révélation d'informations exposant à un risque",
        "en": "Revealing information that exposes a person to danger",
        "ar": "كشف معلومات تعرض الشخص للخطر"}, {
        "fr": "diffusion d'informations personnelles permettant d'identifier ou localiser",
        "en": "spreading personal information that identifies or locates the person",
        "ar": "نشر معلومات شخصية تسمح بالتعرف على الشخص أو تحديد مكانه"}),
    "chantage": ("C. pén. art. 312-10", {
        "fr": "Chantage", "en": "Blackmail", "ar": "الابتزاز"}, {
        "fr": "menace de révéler des faits ou images ; pour obtenir fonds, actes ou images",
        "en": "threat to reveal facts or images; to obtain money, acts or images",
        "ar": "التهديد بكشف وقائع أو صور للحصول على مال أو أفعال"}),
    "acces_frauduleux": ("C. pén. art. 323-1", {
        "fr": "Accès frauduleux à un système informatique", "en": "Unauthorised account access",
        "ar": "الولوج الاحتيالي إلى نظام معلوماتي"}, {
        "fr": "accès ou maintien frauduleux dans un compte ou un appareil",
        "en": "getting into or staying in an account or device without right",
        "ar": "الدخول أو البقاء دون حق في حساب أو جهاز"}),
    "escroquerie": ("C. pén. art. 313-1", {
        "fr": "Escroquerie", "en": "Fraud", "ar": "النصب"}, {
        "fr": "manœuvres frauduleuses ; remise de fonds", "en": "deception; money handed over",
        "ar": "مناورات احتيالية؛ تسليم أموال"}),
    "pedocriminalite": ("C. pén. art. 227-23", {
        "fr": "Images pédopornographiques", "en": "Child sexual abuse material",
        "ar": "صور الاستغلال الجنسي للأطفال"}, {
        "fr": "signaler l'URL seulement : ne jamais détenir ni transmettre le contenu",
        "en": "report the URL only: never keep or pass on the content",
        "ar": "الإبلاغ عن الرابط فقط: لا تحتفظ بالمحتوى ولا ترسله"}),
    "injure_diffamation": ("Loi du 29 juillet 1881, art. 29, 32, 33", {
        "fr": "Injure ou diffamation publique", "en": "Public insult or defamation",
        "ar": "السب أو القذف العلني"}, {
        "fr": "propos public ; atteinte à l'honneur ou expression outrageante ; délai court",
        "en": "public statement; attack on honour or outrageous words; short time limit",
        "ar": "قول علني؛ مس بالشرف أو عبارة مهينة؛ تقادم قصير"}),
}

FRANCE: dict[str, tuple[str, ...]] = {
    "webcam_blackmail": ("chantage", "contenus_sexuels"),
    "intimate_images": ("contenus_sexuels", "vie_privee"),
    "threats": ("menaces",),
    "impersonation": ("usurpation",),
    "doxxing": ("doxxing",),
    "account_hacking": ("acces_frauduleux",),
    "hate_humiliation": ("injure_diffamation", "harcelement_moral"),
    "harassment": ("harcelement_moral", "appels_malveillants"),
    "sexual_harassment": ("harcelement_sexuel",),
    "defamation": ("injure_diffamation",),
    "deepfake": ("hypertrucage",),
    "scam": ("escroquerie",),
    "child_sexual_abuse": ("pedocriminalite",),
}

MOROCCO: dict[str, tuple[str, ...]] = {
    "webcam_blackmail": ("CP 447-1, 447-2, 447-3", "Loi 103-13"),
    "intimate_images": ("CP 447-1, 447-2, 447-3", "Loi 103-13"),
    "deepfake": ("CP 447-2, 447-3",),
    "harassment": ("CP 503-1-1", "Loi 103-13"),
    "sexual_harassment": ("CP 503-1-1, 503-1-2", "Loi 103-13"),
    "doxxing": ("Loi 09-08 (CNDP)",),
}
MOROCCO_GENERAL = "CPP 286"

# Categories judged under the press law of 1881: three months from publication.
PRESS = frozenset({"defamation", "hate_humiliation"})

_DMY = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})(?:[ ,Tàa]+(\d{1,2})[:h](\d{2}))?")


def offences_for(categories: list[str]) -> list[str]:
    """Offence keys for the categories present, in a stable order without repeats."""
    keys: list[str] = []
    for cat in categories:
        keys += [k for k in FRANCE.get(cat, ()) if k not in keys]
    return keys


def parse_when(text: str) -> datetime | None:
    """A date from ISO 8601 or a French-style `12/11/2026 21:05`; None for "il y a 2 h"."""
    text = text.strip()
    if not text:
        return None
    try:
        return parse_iso(text)
    except ValueError:
        pass
    m = _DMY.match(text)
    if not m:
        return None
    day, month, year = int(m[1]), int(m[2]), int(m[3])
    year += 2000 if year < 100 else 0
    try:
        return datetime(year, month, day, int(m[4] or 0), int(m[5] or 0))
    except ValueError:
        return None


def add_months(start: date, months: int) -> date:
    month0 = start.month - 1 + months
    year, month = start.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Deadline:
    number: int  # exhibit number
    regime: str  # "press3", "press12" or "delit6"
    start: date | None  # None: no date of the facts is known, the deadline cannot be computed
    basis: str  # what it counts from: one of EVENT_BASES ("" when it cannot be computed)
    deadline: date | None

    @property
    def computable(self) -> bool:
        return self.deadline is not None

    @property
    def at_most(self) -> bool:
        """Counted from when the piece was seen or captured: the facts came earlier, so the real
        deadline may come sooner than the one printed."""
        return self.basis in UPPER_BOUND_BASES


# Dates that only bound the facts from above. The import into the vault is not among the bases
# at all: counting from it would print a deadline later than the real one.
UPPER_BOUND_BASES = frozenset({"seen", "captured"})
EVENT_BASES = ("published", "sent", "first_sent", "occurred", "captured", "seen")


def regime_of(category: str, discriminatory: bool) -> tuple[str, int]:
    if category in PRESS:
        return ("press12", 12) if discriminatory else ("press3", 3)
    return "delit6", 72


def deadline_for(number: int, category: str, dates: list[tuple[str, str]],
                 discriminatory: bool) -> Deadline:
    """The prescription date of one exhibit, counted from its first usable date of the facts.

    `dates` are (basis, text) pairs in order of preference; a basis that is not a date of the
    facts (such as "imported") is ignored. With none, the Deadline says it cannot be computed.
    """
    regime, months = regime_of(category, discriminatory)
    for name, value in dates:
        start = parse_when(value) if name in EVENT_BASES else None
        if start is not None:
            return Deadline(number, regime, start.date(), name,
                            add_months(start.date(), months))
    return Deadline(number, regime, None, "", None)


def deadline_from(number: int, category: str, basis: str, start: date | None,
                  discriminatory: bool) -> Deadline:
    """The same from an already-read start day (None when no date of the facts is known)."""
    regime, months = regime_of(category, discriminatory)
    if start is None or basis not in EVENT_BASES:
        return Deadline(number, regime, None, "", None)
    return Deadline(number, regime, start, basis, add_months(start, months))
