"""The demo: a vault of synthetic evidence (drawn and written here) with every dossier and a bundle.

Everything is invented: the people, the handles, the addresses and the messages. Screenshots are
drawn with Pillow in memory and stored straight into the vault (no file on disk). The WhatsApp
export alone is written to DIR/inputs for the length of its import, because the batch importer,
which turns a chat export into messages, reads paths; it is removed right after.
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

from evidencekit.core.errors import UsageError
from evidencekit.core.evidence import add_journal_entry, add_url, ensure_case
from evidencekit.core.intake import SourceFacts, store_stream
from evidencekit.core.model import Annotations
from evidencekit.core.translations import set_translation
from evidencekit.core.vault import Vault
from evidencekit.i18n import _
from evidencekit.paths import resource

PASSPHRASE = "demo evidencekit 2026 - synthetic data only"  # noqa: S105 - shown on screen
CASE = "Démo — harcèlement par K."
CHAT_NAME = "Discussion WhatsApp avec Karim R.txt"
Say = Callable[[str], None]

_LATIN = "NotoSans-Regular.ttf"
_LATIN_BOLD = "NotoSans-Bold.ttf"
_ARABIC = "NotoNaskhArabic-Regular.ttf"
_EMOJI = "NotoEmoji-Regular.ttf"


@dataclass
class DemoResult:
    vault: Path
    passphrase: str
    outputs: list[Path] = field(default_factory=list)


def _font(name: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(resource("fonts", name)), size)


def _is_emoji(char: str) -> bool:
    code = ord(char)
    return code >= 0x1F000 or 0x2600 <= code <= 0x27BF or code in (0xFE0F, 0x200D)


def _runs(text: str) -> Iterator[tuple[bool, str]]:
    """Split text into runs of emoji and non-emoji, each drawn with its own font."""
    current = ""
    emoji = False
    for char in text:
        if current and _is_emoji(char) != emoji:
            yield emoji, current
            current = ""
        emoji = _is_emoji(char)
        current += char
    if current:
        yield emoji, current


def _line(draw: ImageDraw.ImageDraw, xy: tuple[int, int], text: str, size: int,
          fill: str = "#262626", bold: bool = False) -> None:
    """Draw one left-to-right line of Latin text with emoji glyphs from the emoji font."""
    x, y = xy
    latin = _font(_LATIN_BOLD if bold else _LATIN, size)
    emoji_font = _font(_EMOJI, size)
    for is_emoji, run in _runs(text):
        font = emoji_font if is_emoji else latin
        draw.text((x, y), run, font=font, fill=fill)
        x += int(draw.textlength(run, font=font))


def _arabic_line(draw: ImageDraw.ImageDraw, right: int, y: int, text: str, size: int,
                 fill: str = "#262626") -> None:
    """Right-aligned Arabic, shaped by raqm (right to left); emoji drawn after, at the left."""
    arabic = "".join(c for c in text if not _is_emoji(c)).strip()
    emoji = "".join(c for c in text if _is_emoji(c))
    font = _font(_ARABIC, size)
    width = int(draw.textlength(arabic, font=font, direction="rtl"))
    draw.text((right - width, y), arabic, font=font, fill=fill, direction="rtl")
    if emoji:
        emoji_font = _font(_EMOJI, size)
        draw.text((right - width - int(draw.textlength(emoji, font=emoji_font)) - 8, y + 6),
                  emoji, font=emoji_font, fill=fill)


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=False)
    return buffer.getvalue()


def instagram_post() -> bytes:
    """A fake Instagram post whose caption threatens the victim, in French."""
    img = Image.new("RGB", (720, 1040), "white")
    draw = ImageDraw.Draw(img)
    _line(draw, (24, 18), "Instagram", 34, bold=True)
    draw.line((0, 80, 720, 80), fill="#dbdbdb", width=2)
    draw.ellipse((20, 96, 76, 152), fill="#c13584")
    _line(draw, (92, 106), "k.r_77", 26, bold=True)
    _line(draw, (600, 106), "•••", 26)
    for row in range(560):  # a dull photo: a gradient standing in for a street at night
        shade = 40 + row * 120 // 560
        draw.line((0, 170 + row, 720, 170 + row), fill=(shade, shade // 2, 90))
    draw.rectangle((280, 460, 440, 730), fill="#1d1d2b")
    _line(draw, (24, 748), "🤍   💬   📤", 34)
    _line(draw, (24, 800), "Aimé par 23 personnes", 24, bold=True)
    caption = ["k.r_77  Tu crois que tu peux m'ignorer ? Je sais où tu",
               "habites, je connais ta rue. Tu vas le regretter 🔪",
               "#onoubliepas"]
    for n, text in enumerate(caption):
        _line(draw, (24, 840 + n * 36), text, 24)
    _line(draw, (24, 960), "Voir les 14 commentaires", 22, fill="#8e8e8e")
    _line(draw, (24, 996), "12 MARS 2026", 18, fill="#8e8e8e")
    return _png(img)


def arabic_comment() -> bytes:
    """A fake comment in Arabic (darija) under a public post, with a French reply."""
    img = Image.new("RGB", (720, 420), "#f0f2f5")
    draw = ImageDraw.Draw(img)
    _line(draw, (24, 16), "Commentaires", 28, bold=True)
    draw.rounded_rectangle((80, 70, 700, 230), radius=24, fill="#e4e6eb")
    draw.ellipse((20, 74, 68, 122), fill="#1877f2")
    _line(draw, (100, 78), "Sam Zed", 22, bold=True)
    _arabic_line(draw, 680, 112, "غادي نفضحك قدام الناس كاملين 😡", 30)
    _arabic_line(draw, 680, 164, "شوفي شنو غادي يوقع ليك", 30)
    _line(draw, (100, 240), "2 h   J'aime   Répondre", 20, fill="#65676b")
    draw.rounded_rectangle((80, 290, 700, 380), radius=24, fill="#e4e6eb")
    draw.ellipse((20, 294, 68, 342), fill="#42b72a")
    _line(draw, (100, 298), "k.r_77", 22, bold=True)
    _line(draw, (100, 332), "Réponds ou je publie tes photos 😈", 24)
    return _png(img)


def private_photo() -> bytes:
    """Stands in for an intimate photo (blurred in dossiers): abstract shapes, nothing real."""
    img = Image.new("RGB", (600, 800), "#e9c9b5")
    draw = ImageDraw.Draw(img)
    draw.ellipse((150, 120, 450, 520), fill="#d9a58c")
    draw.ellipse((220, 420, 380, 760), fill="#c98f76")
    img = img.filter(ImageFilter.GaussianBlur(6))
    draw = ImageDraw.Draw(img)
    _line(draw, (60, 30), "PHOTO PRIVÉE — DÉMO (synthétique)", 28, fill="#7a2e2e", bold=True)
    return _png(img)


def whatsapp_export() -> bytes:
    """A WhatsApp export (Android, French locale) with Arabic lines, emoji, `<` and `&`."""
    lines = [
        "12/03/2026 20:58 - Les messages et les appels sont chiffrés de bout en bout. Aucun "
        "tiers, pas même WhatsApp, ne peut les lire ou les écouter.",
        "12/03/2026 21:02 - Karim R.: Pourquoi tu ne réponds pas ?",
        "12/03/2026 21:03 - Amina: Arrête de m'écrire s'il te plaît.",
        "12/03/2026 21:05 - Karim R.: Tu vas voir ce qui va t'arriver 🔪🔪",
        "12/03/2026 21:06 - Karim R.: والله حتى نخليك تندمي على هاد النهار",
        "12/03/2026 21:06 - Karim R.: <Médias omis>",
        "12/03/2026 21:09 - Karim R.: Réponds <maintenant> & arrête de faire la fière 😡",
        "12/03/2026 23:41 - Karim R.: Je passe devant chez toi demain.",
        "Tu sais que je connais ton adresse.",
        "13/03/2026 07:15 - Karim R.: صافي، غادي نوري الصور لخوك 📸",
        "13/03/2026 07:16 - Amina: Je vais porter plainte.",
        "13/03/2026 07:20 - Karim R.: Ce message a été supprimé",
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


JOURNAL = [
    ("2026-03-12T21:30:00+01:00", "Menaces sur WhatsApp",
     "Ce soir Karim R. m'a envoyé des menaces sur WhatsApp, dont un message avec des couteaux. "
     "J'ai eu peur de rentrer seule. J'ai fait des captures et exporté la discussion."),
    ("2026-03-14T09:00:00+01:00", "Il est passé devant chez moi",
     "Ma voisine l'a vu devant l'immeuble vers 8 h. Je n'ose plus sortir. J'ai appelé le 3018, "
     "qui m'a conseillé de garder toutes les preuves et de porter plainte."),
]


def _store(vault: Vault, data: bytes, name: str, annotations: Annotations) -> int:
    with vault.transaction() as tx:
        case_id = ensure_case(tx, CASE)
        result = store_stream(tx, io.BytesIO(data),
                              SourceFacts(name=name, path="(generated by evidencekit demo)",
                                          mtime=None),
                              case_id=case_id, annotations=annotations)
    return result.item_id


def _fill_vault(vault: Vault, folder: Path, say: Say) -> None:
    say(_("Drawing and storing the sample screenshots…"))
    _store(vault, instagram_post(), "Screenshot_20260312-214501_Instagram.png", Annotations(
        title="Publication Instagram menaçante", platform="instagram",
        url="https://www.instagram.com/p/DEMO-Cx7kR77/", author="k.r_77",
        author_url="https://www.instagram.com/k.r_77/", published_at="12 mars 2026",
        seen_at="2026-03-12T21:45:00+01:00", category="threats", online_status="online",
        description="Publication publique : « Je sais où tu habites… Tu vas le regretter 🔪 »"))
    comment = _store(vault, arabic_comment(), "Screenshot_20260313-101200_Facebook.png",
                     Annotations(
        title="Commentaire en arabe (darija)", platform="facebook",
        url="https://www.facebook.com/demo.post/12345?comment_id=678", author="Sam Zed",
        published_at="il y a 2 h", seen_at="2026-03-13T10:12:00+01:00",
        category="threats", online_status="online",
        description="« غادي نفضحك قدام الناس كاملين » — je vais t'humilier devant tout le monde"))
    with vault.transaction() as tx:  # the victim's own translation, printed beside the comment
        set_translation(tx, "Je vais t'humilier devant tout le monde.", item_id=comment)
    _store(vault, private_photo(), "IMG_20260310_private.png", Annotations(
        title="Photo privée diffusée sans accord", platform="whatsapp", author="Karim R.",
        seen_at="2026-03-13T07:30:00+01:00", category="intimate_images", sensitive=True,
        description="Photo privée que l'auteur menace de diffuser (image synthétique de démo)."))
    say(_("Importing the sample WhatsApp export…"))
    _import_chat(vault, folder)
    with vault.transaction() as tx:
        for at, title, text in JOURNAL:
            add_journal_entry(tx, CASE, text, occurred_at=at, title=title)
        add_url(tx, CASE, Annotations(
            url="https://www.instagram.com/stories/k.r_77/DEMO/", platform="instagram",
            author="k.r_77", title="Story Instagram (adresse seulement)", category="doxxing",
            description="Story montrant la rue de la victime ; non capturée, adresse notée.",
            online_status="removed"))
    _save_info(vault)


def _import_chat(vault: Vault, folder: Path) -> None:
    from evidencekit.importers.batch import ImportOptions, import_paths

    inputs = folder / "inputs"
    inputs.mkdir(mode=0o700, exist_ok=True)
    path = inputs / CHAT_NAME
    try:
        path.write_bytes(whatsapp_export())
        outcomes = import_paths(vault, [path], ImportOptions(
            case=CASE, timezone="Europe/Paris", date_order="dmy",
            annotations=Annotations(title="Discussion WhatsApp avec Karim R.",
                                    platform="whatsapp", author="Karim R.",
                                    category="threats")))
    finally:
        shutil.rmtree(inputs, ignore_errors=True)
    refused = [o.message for o in outcomes if o.refused]
    if refused:
        raise UsageError(refused[0])


def _save_info(vault: Vault) -> None:
    try:
        from evidencekit.core.evidence import find_case
        from evidencekit.dossier.victim import Author, DossierInfo, save_info
    except ImportError:
        return
    info = DossierInfo(
        full_name="Amina B. (personne fictive)", birth="1er janvier 1998 à Lyon",
        address="1 rue de l'Exemple, 69000 Lyon", phone="06 00 00 00 00",
        email="amina.demo@example.org", city="Lyon", court="Lyon",
        authors=(Author(name="Karim R.", pseudonyms="k.r_77",
                        profile_urls="https://www.instagram.com/k.r_77/",
                        phones="+33 6 00 00 00 01", relationship="ancien compagnon",
                        relation="ex_partner"),),
        relationship="Ancien compagnon ; nous nous sommes séparés en janvier 2026.",
        narrative="Depuis notre séparation, Karim R. m'envoie des messages menaçants, publie des "
                  "allusions à mon adresse et menace de diffuser une photo privée.",
        prejudice="Anxiété, troubles du sommeil ; certificat médical du 14/03/2026 (ITT 3 jours).",
        witnesses="Ma voisine, Mme L., l'a vu devant l'immeuble le 14/03/2026.",
        steps_taken="Appel au 3018 le 14/03/2026 ; signalement Instagram n° DEMO-0001.",
        request="retrait et conseil")
    save_info(vault, find_case(vault.conn, CASE), info)


def build_demo(folder: Path, say: Say | None = None) -> DemoResult:
    """Create DIR/vault, fill it, and write every recipient's dossier and a bundle into DIR."""
    from evidencekit.dossier.bundle import default_renderer, export_bundle
    from evidencekit.dossier.request import MOROCCAN, RECIPIENTS, DossierRequest

    tell: Say = say or (lambda text: None)
    folder = Path(folder).absolute()
    folder.mkdir(parents=True, exist_ok=True)
    # Production key derivation unless the test switch is set (calibrate() reads it).
    vault, _recovery = Vault.create(folder / "vault", PASSPHRASE)
    result = DemoResult(folder / "vault", PASSPHRASE)
    with vault:
        _fill_vault(vault, folder, tell)
        render = default_renderer()
        for recipient in RECIPIENTS:
            for lang in ("fr", "ar") if recipient in MOROCCAN else ("fr",):
                target = folder / f"dossier-{recipient}-{lang}.pdf"
                tell(_("Writing {path}…").format(path=target.name))
                written = render(vault, DossierRequest(recipient, lang=lang, case=CASE), target)
                result.outputs += [Path(written.pdf_path), *map(Path, written.extra_files)]
        target = folder / "bundle-police-fr.zip"
        tell(_("Writing {path}…").format(path=target.name))
        bundle = export_bundle(vault, DossierRequest("police", lang="fr", case=CASE), target)
        result.outputs.append(bundle.path)
    return result
