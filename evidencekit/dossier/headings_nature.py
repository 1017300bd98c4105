"""What an exhibit is, in a word ("Nature"): dossier/sections.nature and
capture_method.image_nature choose the key."""

from __future__ import annotations

# key -> (en, fr, ar), merged into dossier.headings.TEXTS.
TEXTS: dict[str, tuple[str, str, str]] = {
    "n_screenshot": ("screenshot", "capture d'écran", "لقطة شاشة"),
    "n_photo": ("photo", "photo", "صورة"),
    "n_image": ("image", "image", "ملف صورة"),
    "n_video": ("video", "vidéo", "فيديو"),
    "n_audio": ("audio", "audio", "تسجيل صوتي"),
    "n_email": ("e-mail", "e-mail", "بريد إلكتروني"),
    "n_message": ("message", "message", "رسالة"),
    "n_chat": ("conversation export", "export de conversation", "تصدير محادثة"),
    "n_journal": ("victim's account (journal)", "récit de la victime (journal)", "رواية الضحية "
                                                                                 "(اليوميات)"),
    "n_paste": ("text typed or pasted by the user", "texte saisi ou collé par l'utilisateur",
                "نص كتبه المستخدم أو ألصقه"),
    "n_url": ("address only (no file kept)", "adresse seule (aucun fichier conservé)",
              "رابط فقط (دون حفظ أي ملف)"),
    "n_file": ("file", "fichier", "ملف"),
}
