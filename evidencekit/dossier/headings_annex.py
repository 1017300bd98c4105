"""The dossier's technical annex: how the files were kept and how to check the bundle."""

from __future__ import annotations

# key -> (en, fr, ar), merged into dossier.headings.TEXTS.
TEXTS: dict[str, tuple[str, str, str]] = {
    "annex_text": (
        "Each file was imported into an encrypted vault on the victim's computer and kept byte "
        "for byte. Its SHA-256 fingerprint was computed when it was read; the same file always "
        "gives the same fingerprint, and any change gives another. Every action (import, "
        "annotation, export) is written to a log where each entry is chained to the previous "
        "one by its hash. This proves that a file is unchanged since it was imported at the "
        "time shown; it does not prove that a screenshot is genuine.",
        "Chaque fichier a été importé dans un coffre chiffré sur l'ordinateur de la victime et "
        "conservé à l'identique, octet pour octet. Son empreinte SHA-256 a été calculée à la "
        "lecture ; le même fichier donne toujours la même empreinte, et toute modification en "
        "donne une autre. Chaque action (import, annotation, export) est inscrite dans un journal "
        "dont chaque entrée est chaînée à la précédente par son empreinte. Cela prouve qu'un "
        "fichier n'a pas changé depuis son import à la date indiquée ; cela ne prouve pas qu'une "
        "capture d'écran est authentique.",
        "استُورد كل ملف إلى خزنة مشفّرة على حاسوب الضحية وحُفظ كما هو، بايتًا ببايت. حُسبت "
        "بصمته SHA-256 عند قراءته؛ الملف نفسه يعطي دائمًا البصمة نفسها، وأي تغيير فيه يعطي بصمة "
        "أخرى. كل إجراء (استيراد، وصف، تصدير) يُسجَّل في سجل يرتبط فيه كل قيد بالقيد السابق عبر "
        "بصمته. وهذا يثبت أن الملف لم يتغير منذ استيراده في التاريخ المبيَّن، لكنه لا يثبت أن "
        "لقطة الشاشة أصلية."),
    "annex_hashes": ("Fingerprints of the exhibits", "Empreintes des pièces", "بصمات الوثائق"),
    "annex_custody": ("Custody log: {n} entries; Merkle root {root}; last entry {head}.",
                      "Journal de traçabilité : {n} entrées ; racine de Merkle {root} ; dernière "
                      "entrée {head}.",
                      "سجل الحيازة: عدد القيود {n}؛ جذر Merkle هو {root}؛ آخر قيد {head}."),
    "annex_manifest": ("Manifest of the bundle (SHA-256): {h}",
                       "Manifeste de l'archive (SHA-256) : {h}",
                       "بيان الحزمة (SHA-256): {h}"),
    "annex_no_bundle": ("This PDF was written outside a bundle: the originals are not attached.",
                        "Ce PDF a été produit hors archive : les originaux ne sont pas joints.",
                        "أُنشئ ملف PDF هذا خارج أي حزمة: الأصول غير مرفقة به."),
    "annex_check": ("How to check the bundle with ordinary tools, in the unzipped folder:",
                    "Vérifier l'archive avec des outils courants, dans le dossier décompressé :",
                    "للتحقق من الحزمة بأدوات عادية، داخل المجلد بعد فك الضغط:"),
    "annex_standards": ("Practice followed: ISO/IEC 27037, Berkeley Protocol (evidentiary copy "
                        "and working copy, chain of custody), RFC 3161 for timestamps.",
                        "Pratiques suivies : ISO/IEC 27037, Protocole de Berkeley (copie "
                        "originale et copie de travail, chaîne de traçabilité), RFC 3161 pour "
                        "l'horodatage.", "الممارسات المتبعة: ISO/IEC 27037، وبروتوكول بيركلي "
                                         "(نسخة الإثبات ونسخة العمل، سلسلة الحيازة)، وRFC 3161 "
                                         "للختم الزمني."),
}
