"""WhatsApp's own markers in each export language: deleted, media left out, missed calls, its
notices and its attachment tags (issue 12, item 2). One export per language, written here with
the phrases WhatsApp uses; each marker must be classified, none read as someone's words."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from evidencekit.importers.records import MessageKind
from tests.importers.test_whatsapp import parse

LRM = "\u200e"
RLM = "\u200f"


@dataclass(frozen=True)
class Sample:
    deleted: tuple[str, ...]
    omitted: tuple[tuple[str, str], ...]  # iOS marker, and the media kind it stands for
    android_media: str
    calls: tuple[str, ...]
    notice: str  # the end-to-end encryption notice
    added: str  # "Karim added Lina", as iOS writes it after U+200E
    attached: str  # iOS <WORD: file>
    file_attached: str  # Android "file (WORDS)"


SAMPLES = {
    "en": Sample(
        ("This message was deleted", "You deleted this message"),
        (("image omitted", "photo"), ("video omitted", "video"), ("audio omitted", "audio"),
         ("sticker omitted", "sticker"), ("GIF omitted", "video"),
         ("Contact card omitted", "file"), ("report.pdf • 2 pages document omitted", "")),
        "<Media omitted>", ("Missed voice call", "Missed video call"),
        "Messages and calls are end-to-end encrypted. No one outside of this chat, not even "
        "WhatsApp, can read or listen to them.",
        "Karim added Lina", "attached", "file attached"),
    "fr": Sample(
        ("Ce message a été supprimé.", "Vous avez supprimé ce message."),
        (("image absente", "photo"), ("vidéo absente", "video"), ("audio omis", "audio"),
         ("sticker omis", "sticker"), ("GIF retiré", "video"),
         ("Fiche contact manquante", "file"), ("plainte.pdf • 3 pages document manquant", "")),
        "<Médias omis>", ("Appel vocal manqué", "Appel vidéo manqué"),
        "Les messages et les appels sont chiffrés de bout en bout. Aucun tiers, pas même "
        "WhatsApp, ne peut les lire ou les écouter.",
        "Karim a ajouté Lina", "pièce jointe", "fichier joint"),
    "de": Sample(
        ("Diese Nachricht wurde gelöscht.", "Du hast diese Nachricht gelöscht."),
        (("Bild weggelassen", "photo"), ("Video weggelassen", "video"),
         ("Audio weggelassen", "audio"), ("Sticker weggelassen", "sticker"),
         ("GIF weggelassen", "video"), ("Kontaktkarte ausgelassen", "file")),
        "<Medien ausgeschlossen>", ("Verpasster Sprachanruf", "Verpasster Videoanruf"),
        "Nachrichten und Anrufe sind Ende-zu-Ende-verschlüsselt. Niemand außerhalb dieses Chats "
        "kann sie lesen oder anhören, nicht einmal WhatsApp.",
        "Karim hat Lina hinzugefügt", "Anhang", "Datei angehängt"),
    "es": Sample(
        ("Se eliminó este mensaje.", "Eliminaste este mensaje."),
        (("imagen omitida", "photo"), ("video omitido", "video"), ("audio omitido", "audio"),
         ("sticker omitido", "sticker"), ("Tarjeta de contacto omitida", "file")),
        "<Multimedia omitido>", ("Llamada perdida", "Videollamada perdida"),
        "Los mensajes y las llamadas están cifrados de extremo a extremo. Nadie fuera de este "
        "chat, ni siquiera WhatsApp, puede leerlos ni escucharlos.",
        "Karim añadió a Lina", "adjunto", "archivo adjunto"),
    "pt": Sample(
        ("Esta mensagem foi apagada", "Você apagou esta mensagem"),
        (("imagem ocultada", "photo"), ("vídeo omitido", "video"), ("áudio ocultado", "audio"),
         ("figurinha omitida", "sticker"), ("Cartão do contato omitido", "file")),
        "<Mídia oculta>", ("Chamada de voz perdida", "Chamada de vídeo perdida"),
        "As mensagens e as chamadas são protegidas com a criptografia de ponta a ponta e ficam "
        "somente entre você e os participantes desta conversa.",
        "Karim adicionou Lina", "anexado", "arquivo anexado"),
    "it": Sample(
        ("Questo messaggio è stato eliminato.", "Hai eliminato questo messaggio."),
        (("immagine omessa", "photo"), ("video omesso", "video"), ("audio omesso", "audio"),
         ("sticker non incluso", "sticker"), ("GIF esclusa", "video"),
         ("Scheda contatto omessa", "file")),
        "<Media omessi>", ("Chiamata vocale persa", "Videochiamata persa"),
        "I messaggi e le chiamate sono crittografati end-to-end. Nessuno al di fuori di questa "
        "chat, nemmeno WhatsApp, può leggerne o ascoltarne il contenuto.",
        "Karim ha aggiunto Lina", "allegato", "file allegato"),
    "ru": Sample(
        ("Данное сообщение удалено.", "Вы удалили данное сообщение."),
        (("изображение отсутствует", "photo"), ("видео отсутствует", "video"),
         ("аудиофайл отсутствует", "audio"), ("стикер не добавлен", "sticker"),
         ("Карточка контакта отсутствует", "file")),
        "<Без медиафайлов>", ("Пропущенный аудиозвонок", "Пропущенный видеозвонок"),
        "Сообщения и звонки защищены сквозным шифрованием. Третьи лица, включая WhatsApp, не "
        "могут прочитать ваши сообщения или прослушать звонки.",
        "Karim добавил(-а) Lina", "прикреплено", "файл добавлен"),
    "uk": Sample(
        ("Це повідомлення було видалено.", "Ви видалили це повідомлення."),
        (("зображення відсутнє", "photo"), ("відео відсутнє", "video"),
         ("аудіо відсутнє", "audio"), ("Наклейку не додано", "sticker"),
         ("Картка контакту відсутня", "file")),
        "<Медіа пропущено>", ("Пропущений аудіодзвінок", "Пропущений відеодзвінок"),
        "Повідомлення й дзвінки захищено наскрізним шифруванням. Прочитати чи прослухати їх не "
        "зможе жодна стороння особа, навіть із WhatsApp.",
        "Karim додав(-ла) Lina", "додано", "файл додано"),
    "cs": Sample(
        ("Tato zpráva byla smazána.", "Tuto zprávu jste smazal/a."),
        (("obrázek vynechán", "photo"), ("video vynecháno", "video"),
         ("zvukový soubor vynechán", "audio"), ("nálepka vynechána", "sticker"),
         ("Vizitka vynechána", "file")),
        "<Média vynechána>", ("Zmeškaný hlasový hovor", "Zmeškaný videohovor"),
        "Zprávy a hovory jsou opatřeny koncovým šifrováním. Nikdo, kdo není přímým účastníkem "
        "této konverzace, ji nemůže sledovat ani poslouchat.",
        "Karim přidal(a) Lina", "příloha", "soubor byl přiložen"),
    "ar": Sample(
        (f"{RLM}تم حذف هذه الرسالة.", f"{RLM}أنت حذفت هذه الرسالة."),
        ((f"{RLM}لم يتم إدراج الصورة", "photo"), ("لم يتم إدراج الفيديوهات", "video"),
         ("لم يتم إدراج المقاطع الصوتية", "audio"), ("تم حذف الملصقات", "sticker"),
         ("لم يتم إدراج بطاقة جهة اتصال", "file")),
        "<تم استبعاد الوسائط>", ("مكالمة صوتية فائتة", "مكالمة فيديو فائتة"),
        "الرسائل والمكالمات مشفرة تمامًا بين الطرفين، بحيث لا يستطيع أحد خارج هذه الدردشة قراءتها.",
        "أضاف كريم لينا", "المُرفق", "ملف مرفق"),
    "hi": Sample(
        ("यह मैसेज डिलीट कर दिया गया है", "आपने यह मैसेज डिलीट किया"),
        (("फ़ोटो हटाई गई", "photo"), ("वीडियो छोड़ा गया", "video"),
         ("ऑडियो हटाई गयी", "audio"), ("स्टिकर छोड़ा गया", "sticker"),
         ("कॉन्टैक्ट कार्ड छोड़ा गया", "file")),
        "<मीडिया के बिना>", ("मिस्ड वॉइस कॉल", "मिस्ड वीडियो कॉल"),
        "मैसेजेस और कॉल्स एंड-टू-एंड एन्क्रिप्टेड हैं. इस चैट में शामिल लोगों के अलावा कोई भी इन्हें "
        "पढ़ या सुन नहीं सकता, WhatsApp भी नहीं.",
        "Karim ने Lina को जोड़ा", "अटैच किया गया", "फाइल अटैच कर दी गई है"),
    "id": Sample(
        ("Pesan ini dihapus", "Anda menghapus pesan ini"),
        (("gambar tidak disertakan", "photo"), ("video tidak disertakan", "video"),
         ("audio tidak disertakan", "audio"), ("stiker tidak disertakan", "sticker"),
         ("Kartu kontak tidak disertakan", "file")),
        "<Media tidak disertakan>", ("Panggilan suara tak terjawab", "Panggilan video tak terjawab"),
        "Pesan dan panggilan terenkripsi secara end-to-end. Tidak seorang pun di luar chat ini, "
        "termasuk WhatsApp, yang dapat membaca atau mendengarkannya.",
        "Karim menambahkan Lina", "terlampir", "file terlampir"),
    "ja": Sample(
        ("このメッセージは削除されました。", "このメッセージを削除しました。"),
        (("画像は含まれていません", "photo"), ("ビデオは含まれていません", "video"),
         ("音声は含まれていません", "audio"), ("スタンプは含まれていません", "sticker"),
         ("連絡先カードを省略", "file")),
        "<メディアなし>", ("音声通話不在着信", "ビデオ通話不在着信"),
        "メッセージと通話はエンドツーエンド暗号化されています。チャットの参加者以外は、"
        "たとえWhatsAppでも読んだり聞いたりすることはできません。",
        "KarimがLinaを追加しました", "添付ファイル", "添付ファイル有り"),
    "th": Sample(
        ("ข้อความนี้ถูกลบแล้ว", "คุณลบข้อความนี้"),
        (("ไม่มีรูปภาพ", "photo"), ("วิดีโอถูกลบ", "video"), ("ไม่มีไฟล์เสียง", "audio"),
         ("ไม่มีสติกเกอร์", "sticker"), ("บัตรรายชื่อที่ละเว้น", "file")),
        "<ไฟล์สื่อถูกลบ>", ("สายที่ไม่ได้รับ", "วิดีโอคอลที่ไม่ได้รับ"),
        "ข้อความและการโทรได้รับการเข้ารหัสจากต้นทางถึงปลายทาง ผู้ที่ไม่ได้อยู่ในแชทนี้จะไม่สามารถอ่าน"
        "หรือฟังได้แม้แต่ WhatsApp เอง",
        "Karim เพิ่ม Lina", "แนบ", "ไฟล์ที่แนบ"),
}


@pytest.mark.parametrize("lang", sorted(SAMPLES))
def test_markers_of_each_language(lang: str) -> None:
    s = SAMPLES[lang]
    bodies: list[tuple[str, MessageKind]] = [
        (f"{LRM}{s.notice}", MessageKind.SYSTEM),
        (f"{LRM}{s.added}", MessageKind.SYSTEM),
        *((text, MessageKind.DELETED) for text in s.deleted),
        *((f"{LRM}{text}", MessageKind.MEDIA_OMITTED) for text, _hint in s.omitted),
        *((f"{LRM}{text}", MessageKind.CALL) for text in s.calls),
        (f"{LRM}<{s.attached}: 00000012-PHOTO-2026-11-12-21-06-02.jpg>", MessageKind.MESSAGE),
        ("just words", MessageKind.MESSAGE),
    ]
    ios = "".join(f"[12/11/2026, 21:{i:02d}:00] Karim: {body}\n"
                  for i, (body, _kind) in enumerate(bodies))
    android = (f"13/11/2026, 09:00 - Karim: {s.android_media}\n"
               f"13/11/2026, 09:01 - Karim: IMG-20261113-WA0001.jpg ({s.file_attached})\n")
    report, msgs = parse(ios + android)
    assert [m.kind for m in msgs] == [kind for _body, kind in bodies] + [
        MessageKind.MEDIA_OMITTED, MessageKind.MESSAGE]
    # WhatsApp's notices are nobody's words: no sender, the name stays in the prefix.
    assert msgs[0].sender is None and msgs[1].sender is None
    assert msgs[0].extra["prefix"] == "[12/11/2026, 21:00:00] Karim: "
    assert all(m.sender == "Karim" for m in msgs[2:])
    photo = msgs[len(bodies) - 2]
    assert [(a.name, a.media_hint) for a in photo.attachments] == [
        ("00000012-PHOTO-2026-11-12-21-06-02.jpg", "photo")]
    assert [(a.name, a.media_hint) for a in msgs[-1].attachments] == [
        ("IMG-20261113-WA0001.jpg", "photo")]
    assert report.participants == ["Karim"]
    assert report.counts["calls"] == len(s.calls)


def test_old_ios_attachment_marker_is_linked() -> None:
    _report, msgs = parse(
        f"8/4/15, 10:12:01: Ana: 2015-08-04-PHOTO-00004762.jpg <{LRM}attached>\n"
        "8/4/15, 10:12:30: Ana: Vedi <questo> qui\n"
    )
    assert [(a.name, a.media_hint) for a in msgs[0].attachments] == [
        ("2015-08-04-PHOTO-00004762.jpg", "photo")]
    assert msgs[0].text == f"2015-08-04-PHOTO-00004762.jpg <{LRM}attached>"
    assert msgs[1].attachments == []


def test_a_person_quoting_a_marker_inside_a_sentence_is_still_a_message() -> None:
    _report, msgs = parse(
        "[12/11/2026, 21:00:00] Karim: he wrote image omitted on purpose\n"
        "[12/11/2026, 21:01:00] Karim: Сообщения и звонки — это не защищены\n"
        "[12/11/2026, 21:02:00] Karim: I added your sister\n"
    )
    assert [m.kind for m in msgs] == [MessageKind.MESSAGE] * 3
    assert all(m.sender == "Karim" for m in msgs)


def test_an_arabic_message_saying_not_true_is_not_a_system_line() -> None:
    # "غير" is also "not": an iOS body that starts with RLM and says "not true" is a message.
    _report, msgs = parse(f"[12/11/2026, 21:00:00] كريم: {RLM}غير صحيح، أنت تكذب\n"
                          f"[12/11/2026, 21:01:00] القسم: {RLM}كريم غير اسم المجموعة\n")
    assert msgs[0].kind is MessageKind.MESSAGE and msgs[0].sender == "كريم"
    assert msgs[1].kind is MessageKind.SYSTEM and msgs[1].sender is None
