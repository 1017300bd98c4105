"""Dossier texts about pieces withheld because they are intimate images of a minor."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str, str]] = {
    "withheld_title": ("Exhibits withheld", "Pièces retenues", "الوثائق المحجوبة"),
    "withheld_text": (
        "The victim was a minor when the images below were made, sent or stored; the date used "
        "is given for each. Intimate images of a minor "
        "are never put in a document, not even blurred: showing them or passing them on is "
        "itself an offence. They remain in the victim's encrypted vault; their SHA-256 "
        "fingerprints below let an investigator check that a copy seized later is the same "
        "file. A chat export that holds one of them is described and its messages are quoted, "
        "but its file is not joined either.",
        "La victime était mineure quand les images ci-dessous ont été prises, envoyées ou "
        "conservées ; la date retenue est indiquée pour chacune. Les images "
        "intimes d'une personne mineure ne sont jamais mises dans un document, même floutées : "
        "les montrer ou les transmettre est en soi une infraction. Elles restent dans le coffre "
        "chiffré de la victime ; leurs empreintes SHA-256 ci-dessous permettent à un enquêteur "
        "de vérifier qu'une copie saisie plus tard est bien le même fichier. Un export de "
        "conversation qui en contient une est décrit et ses messages sont cités, mais son "
        "fichier n'est pas joint non plus.",
        "كانت الضحية قاصرًا عندما التُقطت الصور أدناه أو أُرسلت أو حُفظت؛ والتاريخ المعتمد "
        "مذكور لكل صورة. لا توضع الصور الحميمة لشخص قاصر في أي "
        "وثيقة أبدًا، ولو كانت مموّهة: فعرضها أو نقلها جريمة في حد ذاته. تبقى هذه الصور في خزنة "
        "الضحية المشفّرة؛ وتسمح بصماتها SHA-256 أدناه للمحقق بالتأكد من أن نسخة تُحجز لاحقًا "
        "هي الملف نفسه. أما تصدير المحادثة الذي يحتوي على إحداها فيُوصف وتُقتبس رسائله، لكن "
        "ملفه لا يُرفق كذلك."),
    "withheld_help": (
        "To have such images taken down and to be helped: 3018 (free and anonymous, run by the "
        "e-Enfance association; 3018.fr) and Pharos, the French police's reporting site "
        "(internet-signalement.gouv.fr).",
        "Pour faire retirer ces images et être aidé·e : le 3018 (gratuit et anonyme, association "
        "e-Enfance ; 3018.fr) et Pharos, la plateforme de signalement de la police "
        "(internet-signalement.gouv.fr).",
        "لسحب هذه الصور والحصول على المساعدة: الرقم 3018 (مجاني ومجهول الهوية، تديره جمعية "
        "e-Enfance؛ 3018.fr) ومنصة Pharos للتبليغ لدى الشرطة الفرنسية "
        "(internet-signalement.gouv.fr)."),
    # For the Moroccan recipients: the services in Morocco (EMC-Helpline's details are those of
    # resources/help/directory.json), not the French ones a Moroccan victim cannot call.
    "withheld_help_ma": (
        "To have such images taken down and to be helped: EMC-Helpline, Espace Maroc "
        "Cyberconfiance (cyberconfiance.ma/helpline; WhatsApp +212 6 24 40 58 89; free and "
        "confidential for children and young people), and the police (19) or the gendarmerie "
        "(177), where the complaint is filed.",
        "Pour faire retirer ces images et être aidé·e : EMC-Helpline, Espace Maroc "
        "Cyberconfiance (cyberconfiance.ma/helpline ; WhatsApp +212 6 24 40 58 89 ; gratuit et "
        "confidentiel pour les enfants et les jeunes), et la police (19) ou la gendarmerie "
        "(177), où la plainte est déposée.",
        "لسحب هذه الصور والحصول على المساعدة: EMC-Helpline، فضاء المغرب للثقة السيبرانية "
        "(cyberconfiance.ma/helpline؛ واتساب ‎+212 6 24 40 58 89؛ مجاني وسري للأطفال والشباب)، "
        "والشرطة (19) أو الدرك (177) حيث تُقدَّم الشكاية."),
    "withheld_line": ("Exhibit {n}: {name} — SHA-256 {sha}",
                      "Pièce {n} : {name} — SHA-256 {sha}",
                      "الوثيقة {n}: {name} — SHA-256 {sha}"),
    # Which date decided it (dossier/withheld.py): {kind} is an ev_* label of
    # headings_dossier_dates.py, {day} YYYY-MM-DD.
    "withheld_date": (
        "Date used: {kind}, {day}; the victim was then a minor.",
        "Date retenue : {kind}, le {day} ; la victime était alors mineure.",
        "التاريخ المعتمد: {kind}، {day}؛ وكانت الضحية قاصرًا حينها."),
    "withheld_disagree": (
        "Its other dates ({dates}) fall after the victim's eighteenth birthday; the image is "
        "withheld all the same, to protect the victim.",
        "Ses autres dates ({dates}) sont postérieures aux dix-huit ans de la victime ; l'image "
        "est retenue malgré tout, pour la protéger.",
        "تقع تواريخها الأخرى ({dates}) بعد بلوغ الضحية الثامنة عشرة؛ وتُحجب الصورة مع ذلك "
        "حمايةً لها."),
    "withheld_no_date": (
        "No date of this image shows that the victim was an adult.",
        "Aucune date de cette image ne montre que la victime était majeure.",
        "لا يُظهر أي تاريخ لهذه الصورة أن الضحية كانت راشدة."),
    "withheld_image": (
        "Image withheld: an intimate image of a minor (see “Exhibits withheld”). SHA-256 {sha}",
        "Image retenue : image intime d'une personne mineure (voir « Pièces retenues »). "
        "SHA-256 {sha}",
        "صورة محجوبة: صورة حميمة لشخص قاصر (انظر «الوثائق المحجوبة»). SHA-256 {sha}"),
    # French law, for the French recipients only: the Moroccan ones get no French article.
    "withheld_law": (
        "Under French law (article 227-23 of the Criminal Code), recording, passing on, "
        "offering or holding a pornographic image of a minor is an offence; this document "
        "therefore does not reproduce them.",
        "En droit français, fixer, transmettre, offrir ou détenir l'image à caractère "
        "pornographique d'un mineur est une infraction (article 227-23 du code pénal) ; ce "
        "document ne les reproduit donc pas.",
        "في القانون الفرنسي، يُعدّ تسجيل صورة ذات طابع إباحي لقاصر أو نقلها أو عرضها أو حيازتها "
        "جريمة (المادة 227-23 من القانون الجنائي الفرنسي)؛ لذلك لا تعيد هذه الوثيقة إنتاجها."),
}
