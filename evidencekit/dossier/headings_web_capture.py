"""Dossier texts for web captures (key -> (en, fr, ar))."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str, str]] = {
    "wc_heading": ("Web capture (page recorded by a browser)",
                   "Capture web (page enregistrée par un navigateur)",
                   "التقاط ويب (صفحة سجّلها متصفح)"),
    "wc_why": (
        "Why this is stronger than a screenshot: the page was loaded by a real browser in a "
        "fresh profile, and everything the server sent was recorded as it arrived (WARC file), "
        "with the server's address and its TLS certificate, which names the site. A screenshot "
        "alone can be edited or made in a browser's developer tools; here the picture can be "
        "compared with the server's own answers, and every part is fingerprinted (SHA-256) in "
        "a manifest that was timestamped when one is listed below. As NF Z67-147 asks of a "
        "bailiff's report, the log lists the times, the browser and each step; this is not a "
        "report by a commissaire de justice. It shows what the server sent to this browser at "
        "that time, not who wrote the page.",
        "Pourquoi c'est plus solide qu'une capture d'écran : la page a été chargée par un vrai "
        "navigateur dans un profil vierge, et tout ce que le serveur a envoyé a été enregistré "
        "à l'arrivée (fichier WARC), avec l'adresse du serveur et son certificat TLS, qui nomme "
        "le site. Une capture d'écran seule peut être retouchée ou fabriquée avec les outils de "
        "développement d'un navigateur ; ici l'image peut être confrontée aux réponses du "
        "serveur lui-même, et chaque élément a son empreinte (SHA-256) dans un manifeste, "
        "horodaté quand un jeton figure ci-dessous. Comme la norme NF Z67-147 le demande à un "
        "constat, le journal indique les heures, le navigateur et chaque étape ; ce n'est pas "
        "un constat de commissaire de justice. La capture montre ce que le serveur a envoyé à "
        "ce navigateur à ce moment, pas qui a écrit la page.",
        "لماذا هذا أقوى من لقطة شاشة: حُمّلت الصفحة بمتصفح حقيقي في ملف تعريف جديد، وسُجّل كل ما "
        "أرسله الخادم فور وصوله (ملف WARC)، مع عنوان الخادم وشهادة TLS الخاصة به التي تسمّي "
        "الموقع. يمكن تعديل لقطة الشاشة وحدها أو صنعها بأدوات المطوّر في المتصفح؛ أما هنا فيمكن "
        "مقارنة الصورة بأجوبة الخادم نفسه، ولكل جزء بصمة (SHA-256) في بيان خُتم زمنيًا إن ورد "
        "رمز أدناه. وكما يطلب معيار NF Z67-147 من محضر المعاينة، يذكر السجل الأوقات والمتصفح "
        "وكل خطوة؛ وليس هذا محضرًا من مفوض قضائي. ويُظهر الالتقاط ما أرسله الخادم إلى هذا "
        "المتصفح في ذلك الوقت، لا من كتب الصفحة."),
    "m_web_capture": (
        "web capture with evidencekit: a browser (QtWebEngine) in a fresh profile, every "
        "exchange recorded by a proxy (see the web capture below)",
        "capture web avec evidencekit : un navigateur (QtWebEngine) dans un profil vierge, "
        "chaque échange enregistré par un proxy (voir la capture web ci-dessous)",
        "التقاط ويب بواسطة evidencekit: متصفح (QtWebEngine) في ملف تعريف جديد، وكل تبادل "
        "يسجّله وسيط (انظر التقاط الويب أدناه)"),
    "wc_url": ("Address requested", "Adresse demandée", "العنوان المطلوب"),
    "wc_final": ("Address shown", "Adresse affichée", "العنوان المعروض"),
    "wc_ip": ("Server IP address", "Adresse IP du serveur", "عنوان IP للخادم"),
    "wc_cert": ("Server certificate", "Certificat du serveur", "شهادة الخادم"),
    "wc_cert_ok": ("verified against the trust store named in the capture log",
                   "vérifié avec le magasin de confiance indiqué au journal de capture",
                   "تم التحقق منها مقابل مخزن الثقة المذكور في سجل الالتقاط"),
    "wc_cert_bad": ("DID NOT VERIFY ({error}) — recorded as presented",
                    "NON VÉRIFIÉ ({error}) — enregistré tel que présenté",
                    "لم يتم التحقق منها ({error}) — سُجّلت كما قُدّمت"),
    "wc_no_tls": ("none (plain HTTP, no encryption)", "aucun (HTTP sans chiffrement)",
                  "لا يوجد (HTTP دون تشفير)"),
    "wc_times": ("Capture start and end", "Début et fin de la capture", "بداية الالتقاط ونهايته"),
    "wc_browser": ("Browser", "Navigateur", "المتصفح"),
    "wc_login": ("Login", "Connexion", "تسجيل الدخول"),
    "wc_login_yes": ("the user logged in inside the capture window before capturing",
                     "l'utilisateur s'est connecté dans la fenêtre de capture avant de capturer",
                     "سجّل المستخدم دخوله داخل نافذة الالتقاط قبل الالتقاط"),
    "wc_login_no": ("no (public page, fresh profile)", "non (page publique, profil vierge)",
                    "لا (صفحة عامة، ملف تعريف جديد)"),
    "wc_warc": ("WARC (every request and answer)", "WARC (chaque requête et réponse)",
                "WARC (كل طلب وجواب)"),
    "wc_manifest": ("Capture manifest (SHA-256)", "Manifeste de la capture (SHA-256)",
                    "بيان الالتقاط (SHA-256)"),
    "wc_token": ("RFC 3161 timestamp of the manifest", "Horodatage RFC 3161 du manifeste",
                 "الختم الزمني RFC 3161 للبيان"),
    "wc_token_at": ("{time} by {tsa}", "{time} par {tsa}", "{time} من {tsa}"),
    "wc_token_none": ("none (timestamping was off)", "aucun (horodatage désactivé)",
                      "لا يوجد (الختم الزمني غير مفعّل)"),
    "wc_published": ("Publication date declared by the page",
                     "Date de publication déclarée par la page", "تاريخ النشر الذي تعلنه الصفحة"),
    "wc_unknown": ("unknown (the page does not declare one)",
                   "inconnue (la page n'en déclare pas)", "غير معروف (لا تعلنه الصفحة)"),
    "wc_withheld": ("Kept out of the record", "Écarté de l'enregistrement",
                    "ما حُجب من التسجيل"),
    "wc_withheld_what": (
        "Replaced by a marker (what it was, its size, a fingerprint under a key not kept) — "
        "cookie or authorization values: {headers}; login forms and their answers: {bodies}. "
        "Why: they would let anyone holding this file sign in to the account used. The pages "
        "seen after signing in are kept as the server sent them.",
        "Remplacés par une marque (nature, taille, empreinte sous une clé non conservée) — "
        "valeurs de cookies ou d'autorisation : {headers} ; formulaires de connexion et leurs "
        "réponses : {bodies}. Pourquoi : ils permettraient à quiconque détient ce fichier de se "
        "connecter au compte utilisé. Les pages vues après la connexion sont conservées telles "
        "que le serveur les a envoyées.",
        "استُبدلت بعلامة (نوعها وحجمها وبصمة بمفتاح لم يُحفظ) — قيم ملفات تعريف الارتباط أو "
        "التفويض: {headers}؛ نماذج تسجيل الدخول وأجوبتها: {bodies}. السبب: أنها تتيح لكل من "
        "يحوز هذا الملف الدخول إلى الحساب المستعمل. أما الصفحات المعروضة بعد تسجيل الدخول "
        "فمحفوظة كما أرسلها الخادم."),
    "wc_withheld_none": ("nothing (no cookie, password or token was sent)",
                         "rien (aucun cookie, mot de passe ou jeton n'a été envoyé)",
                         "لا شيء (لم يُرسل أي ملف تعريف ارتباط أو كلمة مرور أو رمز)"),
    # A page seen after signing in is not public, whatever its address.
    "private_login": ("private (seen after signing in)", "privé (vu après connexion)",
                      "خاص (شوهد بعد تسجيل الدخول)"),
    "n_web_capture": ("web capture", "capture web", "التقاط ويب"),
    "bytes": ("bytes", "octets", "بايت"),
}
