"""Dossier texts for the signing key, its QR code and the victim's attestation: (en, fr, ar)."""

from __future__ import annotations

TRUST_VERIFY_TEXTS: dict[str, tuple[str, str, str]] = {
    "key_title": ("Signing key of this vault (SHA-256 fingerprint)",
                  "Clé de signature de ce coffre (empreinte SHA-256)",
                  "مفتاح التوقيع لهذه الخزنة (بصمة SHA-256)"),
    "key_manifest": ("SHA-256 of manifest.json", "SHA-256 de manifest.json",
                     "بصمة SHA-256 للملف manifest.json"),
    "key_hint": (
        "Every bundle exported from this vault is signed with this key, and only with it. Ask "
        "the sender for this fingerprint in person or by phone, then check the bundle with: "
        "evidencekit verify-bundle FILE.zip --expect-key FINGERPRINT. The QR code holds the same "
        "fingerprint and the manifest's SHA-256.",
        "Toutes les archives exportées de ce coffre sont signées avec cette clé, et seulement "
        "avec elle. Demandez cette empreinte à l'expéditeur en personne ou par téléphone, puis "
        "vérifiez l'archive avec : evidencekit verify-bundle FICHIER.zip --expect-key EMPREINTE. "
        "Le code QR contient la même empreinte et l'empreinte SHA-256 du manifeste.",
        "كل حزمة مُصدَّرة من هذه الخزنة موقَّعة بهذا المفتاح وحده. اطلب هذه البصمة من المُرسِل "
        "حضوريًا أو بالهاتف، ثم تحقّق من الحزمة بالأمر: evidencekit verify-bundle FILE.zip "
        "--expect-key FINGERPRINT. يحتوي رمز QR على البصمة نفسها وعلى بصمة SHA-256 للبيان."),
    "signature_block": ("Signature of the bundle", "Signature de l'archive", "توقيع الحزمة"),
    "signature_text": (
        "manifest.json and SHA256SUMS are signed (Ed25519) with this vault's key, whose public "
        "half is signing-key.pem. The key was made inside the encrypted vault and never leaves "
        "it. A signature shows which vault exported the bundle, not who the person is: the "
        "fingerprint below must be the one the sender gave you in person, by phone, or on the "
        "signed attestation.",
        "manifest.json et SHA256SUMS sont signés (Ed25519) avec la clé de ce coffre, dont la "
        "partie publique est signing-key.pem. La clé a été créée dans le coffre chiffré et n'en "
        "sort jamais. Une signature montre de quel coffre vient l'archive, pas qui est la "
        "personne : l'empreinte ci-dessous doit être celle que l'expéditeur vous a donnée en "
        "personne, par téléphone ou sur l'attestation signée.",
        "الملفان manifest.json وSHA256SUMS موقَّعان (Ed25519) بمفتاح هذه الخزنة، وجزؤه العام هو "
        "signing-key.pem. أُنشئ المفتاح داخل الخزنة المشفّرة ولا يغادرها أبدًا. يبيّن التوقيع "
        "الخزنة التي صدرت منها الحزمة، لا هوية الشخص: يجب أن تكون البصمة أدناه هي التي أعطاك "
        "إياها المُرسِل حضوريًا أو بالهاتف أو في الإقرار الموقَّع."),
    "attestation": ("Attestation of the person who collected the evidence",
                    "Attestation de la personne qui a recueilli les preuves",
                    "إقرار الشخص الذي جمع الأدلة"),
    "att_intro": (
        "To print, fill in by hand, sign and hand over in person with the bundle. It ties the "
        "bundle's key and content to the person who collected the evidence.",
        "À imprimer, remplir à la main, signer et remettre en personne avec l'archive. Elle "
        "relie la clé et le contenu de l'archive à la personne qui a recueilli les preuves.",
        "يُطبع ويُملأ باليد ويُوقَّع ويُسلَّم حضوريًا مع الحزمة. وهو يربط مفتاح الحزمة ومحتواها "
        "بالشخص الذي جمع الأدلة."),
    "att_declare": (
        "I declare that these are the files I collected, kept as I received or captured them; "
        "that the bundle whose manifest.json has the SHA-256 below was exported from my evidence "
        "vault; and that its signing key is the one whose fingerprint is given below.",
        "Je déclare que ces fichiers sont ceux que j'ai recueillis, conservés tels que je les ai "
        "reçus ou capturés ; que l'archive dont le fichier manifest.json a l'empreinte SHA-256 "
        "ci-dessous a été exportée de mon coffre de preuves ; et que sa clé de signature est "
        "celle dont l'empreinte figure ci-dessous.",
        "أُقرّ بأن هذه الملفات هي التي جمعتُها، محفوظةً كما تلقّيتُها أو التقطتُها؛ وبأن الحزمة "
        "التي يحمل ملفها manifest.json بصمة SHA-256 المبيّنة أدناه صُدّرت من خزنة أدلّتي؛ وبأن "
        "مفتاح توقيعها هو المفتاح الذي تظهر بصمته أدناه."),
    "att_name": ("Full name", "Nom et prénom", "الاسم الكامل"),
    "att_date": ("Date", "Date", "التاريخ"),
    "att_place": ("Place", "Lieu", "المكان"),
    "att_signature": ("Signature", "Signature", "التوقيع"),
    "att_check": (
        "The recipient checks the bundle against this page with: evidencekit verify-bundle "
        "FILE.zip --expect-key FINGERPRINT, or by hand with the steps in README.txt.",
        "Le destinataire vérifie l'archive au regard de cette page avec : evidencekit "
        "verify-bundle FICHIER.zip --expect-key EMPREINTE, ou à la main en suivant LISEZMOI.txt.",
        "يتحقق المرسَل إليه من الحزمة بمقارنتها بهذه الصفحة بالأمر: evidencekit verify-bundle "
        "FILE.zip --expect-key FINGERPRINT، أو يدويًا باتباع الخطوات في README.txt."),
}
