"""Dossier texts about timestamps and private facts in a bundle (key -> (en, fr, ar))."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str, str]] = {
    "ts_fiche_attached": (
        "the custody log, with this exhibit's import entry, timestamped by {tsa} at {time} "
        "(token {file} in the bundle); manifest.json is timestamped after this PDF "
        "(timestamps/manifest.N.tsr)",
        "journal de traçabilité, dont l'entrée d'import de cette pièce, horodaté par {tsa} le "
        "{time} (jeton {file} dans l'archive) ; manifest.json est horodaté après ce PDF "
        "(timestamps/manifest.N.tsr)",
        "سجل الحيازة، ومنه قيد استيراد هذه القطعة، مختوم زمنيًا من {tsa} في {time} (الرمز "
        "{file} في الحزمة)؛ ويُختم manifest.json بعد ملف PDF هذا (timestamps/manifest.N.tsr)"),
    "ts_fiche_queued": (
        "requested while offline: it will be obtained at the next export made with the network "
        "back, and recorded in the custody log",
        "demandé hors ligne : il sera obtenu au prochain export fait avec le réseau, et inscrit "
        "au journal de traçabilité",
        "طُلب دون اتصال: سيُحصل عليه عند التصدير التالي بعد عودة الشبكة، ويُقيَّد في سجل الحيازة"),
    "ts_fiche_off": (
        "none (timestamping was not turned on for this export)",
        "aucun (l'horodatage n'a pas été activé pour cet export)",
        "لا يوجد (لم يُفعَّل الختم الزمني لهذا التصدير)"),
    "ts_annex_attached": (
        "RFC 3161 timestamps: the custody log's Merkle root was timestamped by {names}; "
        "manifest.json is timestamped in the bundle (folder timestamps/). Check: openssl ts "
        "-verify -in timestamps/custody-root.1.tsr -data timestamps/custody-root.txt -CAfile "
        "the authority's CA certificate.",
        "Horodatage RFC 3161 : la racine de Merkle du journal a été horodatée par {names} ; "
        "manifest.json est horodaté dans l'archive (dossier timestamps/). Vérifier : openssl ts "
        "-verify -in timestamps/custody-root.1.tsr -data timestamps/custody-root.txt -CAfile "
        "certificat de l'autorité.",
        "الختم الزمني RFC 3161: خُتم جذر ميركل لسجل الحيازة من {names}؛ ويُختم manifest.json "
        "داخل الحزمة (المجلد timestamps/). للتحقق: openssl ts -verify -in "
        "timestamps/custody-root.1.tsr -data timestamps/custody-root.txt -CAfile شهادة الجهة."),
    "ts_annex_queued": (
        "RFC 3161 timestamps: this export was made offline; the timestamp requests are queued "
        "and will be made at the next export with the network back, their tokens recorded in "
        "the custody log.",
        "Horodatage RFC 3161 : cet export a été fait hors ligne ; les demandes d'horodatage sont "
        "en attente et seront faites au prochain export avec le réseau, leurs jetons inscrits "
        "au journal de traçabilité.",
        "الختم الزمني RFC 3161: أُنجز هذا التصدير دون اتصال؛ طلبات الختم في الانتظار وستُرسل "
        "عند التصدير التالي بعد عودة الشبكة، وتُقيَّد رموزها في سجل الحيازة."),
}
