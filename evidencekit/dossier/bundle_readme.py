"""README.txt and LISEZMOI.txt: how a recipient checks the bundle by hand, on any computer.

The reader is a lawyer or an officer, often on Windows or a Mac, with no evidencekit installed.
So every check is given for Windows (PowerShell and certutil, both built in), macOS (shasum,
built in) and Linux, with what a good result looks like and what to do when one fails. The key
comes first: a bundle whose files all match can still have been re-signed by someone else, and
only the fingerprint the sender gives by another channel tells them apart. The Linux commands
are run as written by tests/dossier/test_bundle_readme.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from evidencekit import __version__

_PKEYUTL = "openssl pkeyutl -verify -pubin -inkey signing-key.pem -rawin"
# Categories whose images are intimate: the recipient is warned before opening the folder.
INTIMATE_CATEGORIES = frozenset({"intimate_images", "webcam_blackmail"})

# PowerShell (5.1, built into Windows 10 and 11): every line of SHA256SUMS checked, "OK" or
# "FAILED" as sha256sum prints. Get-FileHash gives capitals; PowerShell's -eq ignores case.
_PS_SUMS = ("Get-Content SHA256SUMS | ForEach-Object { $h, $f = $_ -split '  ', 2; "
            "if ((Get-FileHash -Algorithm SHA256 -LiteralPath $f).Hash -eq $h) "
            "{ \"OK  $f\" } else { \"FAILED  $f\" } }")
# The key's fingerprint with nothing but PowerShell: the last 32 bytes of the PEM's DER are
# the raw Ed25519 key, hashed as evidencekit does.
_PS_KEY = ("$b = [Convert]::FromBase64String(((Get-Content signing-key.pem) -notmatch '-----') "
           "-join ''); $k = [byte[]]$b[($b.Length - 32)..($b.Length - 1)]; -join "
           "([Security.Cryptography.SHA256]::Create().ComputeHash($k) | "
           "ForEach-Object { $_.ToString('x2') })")


def intimate_exhibits(exhibits: Iterable[dict[str, Any]]) -> list[int]:
    """Numbers of the exhibits marked sensitive or filed under an intimate category."""
    found = []
    for exhibit in exhibits:
        notes = exhibit.get("annotations") or {}
        parts = [exhibit, *(exhibit.get("attachments") or [])]
        marked = any((p.get("annotations") or {}).get("sensitive") for p in parts) or \
            bool(exhibit.get("holds_sensitive_media"))
        if marked or notes.get("category") in INTIMATE_CATEGORIES:
            found.append(int(exhibit["number"]))
    return found


def readme(lang: str, fingerprint: str, intimate: list[int], withheld: str = "") -> bytes:
    """README.txt ("en") or LISEZMOI.txt ("fr"); PowerShell's own braces are left as they are."""
    template = LISEZMOI_TEXT if lang == "fr" else README_TEXT
    warning = ""
    if intimate:
        numbers = ", ".join(str(n) for n in intimate)
        warning = (INTIMATE_WARNING_FR if lang == "fr" else INTIMATE_WARNING) \
            .replace("{numbers}", numbers)
    values = {"fingerprint": fingerprint, "version": __version__,
              "intimate": withheld + warning,
              "verify_manifest": f"{_PKEYUTL} -in manifest.json -sigfile manifest.sig",
              "verify_sums": f"{_PKEYUTL} -in SHA256SUMS -sigfile SHA256SUMS.sig",
              "ps_sums": _PS_SUMS, "ps_key": _PS_KEY}
    for key, value in values.items():
        template = template.replace("{" + key + "}", value)
    return template.encode("utf-8")


INTIMATE_WARNING = """\
WARNING - INTIMATE IMAGES. This bundle contains intimate images (exhibits {numbers}), kept
because they are evidence. Open the folder originals/ only where nobody else can see the screen,
do not copy these files anywhere else, and delete any copy you make once the case is closed.
The checks below never need to open them.

"""

INTIMATE_WARNING_FR = """\
ATTENTION - IMAGES INTIMES. Cette archive contient des images intimes (pièces {numbers}),
conservées parce qu'elles sont des preuves. N'ouvrez le dossier originals/ que là où personne
d'autre ne voit l'écran, ne copiez pas ces fichiers ailleurs et supprimez toute copie une fois
l'affaire close. Les vérifications ci-dessous n'ont jamais besoin de les ouvrir.

"""

README_TEXT = """\
EVIDENCE BUNDLE - how to check it
=================================

{intimate}This archive was written by evidencekit {version}. It holds a dossier (dossier.pdf),
the original files of each exhibit exactly as they were kept (folder originals/), the custody
log of the evidence (custody.jsonl), and a manifest (manifest.json) listing every exhibit with
its SHA-256 fingerprint, its times and the notes written about it.

What it proves: each file's SHA-256 shows that it is byte for byte the file imported into the
vault at the time given in the manifest, and the signature shows that the manifest was made with
the key of one vault. It does not prove that what a screenshot shows is genuine, nor who the
person is: anyone can make a key, so the key must be the one the sender gives you (step 1).

Unzip the archive into a new, empty folder and open a terminal in it (Windows: right-click the
folder, "Open in Terminal", which is PowerShell; macOS: Terminal.app, then type cd and a space,
drag the folder onto the window and press Enter).

1. THE KEY. This bundle is signed with the key whose SHA-256 fingerprint is:

       {fingerprint}

   The dossier prints the same fingerprint on its cover, in its technical annex and on the
   attestation the sender signs. Ask the sender for it in person or by phone (not by the
   e-mail or message that brought this bundle) and compare all 64 characters. Then check that
   signing-key.pem really is that key (OpenSSL 3 on macOS, see step 3):

   Linux:    openssl pkey -pubin -in signing-key.pem -outform DER | tail -c 32 | sha256sum
   macOS:    openssl pkey -pubin -in signing-key.pem -outform DER | tail -c 32 | shasum -a 256
   Windows (PowerShell, one line):
             {ps_key}

2. EVERY FILE. Each file must match its line in SHA256SUMS:

   Linux:    sha256sum -c SHA256SUMS
   macOS:    shasum -a 256 -c SHA256SUMS
   Windows (PowerShell, one line):
             {ps_sums}

   Every line must end with (or begin with) "OK". For a single file, in the Windows command
   prompt: certutil -hashfile dossier.pdf SHA256 (or in PowerShell: Get-FileHash -Algorithm
   SHA256 dossier.pdf), then compare with that file's line in SHA256SUMS (capitals or not).

3. THE SIGNATURES of the manifest and of SHA256SUMS, with OpenSSL 3 (Linux; macOS: the built-in
   LibreSSL cannot check Ed25519 keys, install OpenSSL 3, for example with "brew install
   openssl@3"; Windows: openssl.exe comes with Git for Windows):

       {verify_manifest}
       {verify_sums}

   Each must print "Signature Verified Successfully".

4. THE DOSSIER. dossier.pdf prints the SHA-256 of manifest.json on its cover, in its technical
   annex and on the attestation. It must be the one you get here:

   Linux:    sha256sum manifest.json
   macOS:    shasum -a 256 manifest.json
   Windows:  certutil -hashfile manifest.json SHA256

5. If the folder timestamps/ is present, it holds RFC 3161 timestamps from outside authorities:
   custody-root.N.tsr over custody-root.txt (the custody log's Merkle root, also in the
   manifest) and manifest.N.tsr over manifest.json. With the authority's CA certificate (for
   DigiCert and Sectigo, the roots your system already trusts):

       openssl ts -verify -in timestamps/manifest.1.tsr -data manifest.json -CAfile CA.pem
       openssl ts -verify -in timestamps/custody-root.1.tsr \\
           -data timestamps/custody-root.txt -CAfile CA.pem

   Each must print "Verification: OK". A token whose certificate no trusted authority issued
   proves nothing about the time.

6. The custody log: custody.jsonl holds only the recorded actions about this bundle's exhibits.
   Each line carries an RFC 9162 inclusion proof against the Merkle root of the whole log, which
   the manifest and the dossier give with the number of entries; lines marked "withheld" show
   only their hash (private notes). The manifest also carries a consistency proof from each
   earlier export's log to this one: with an earlier bundle of the same vault,

       evidencekit verify-bundle THIS-FILE.zip --against EARLIER.zip

   checks that this log extends the earlier one (it was not rewritten in between).

WHEN A CHECK FAILS. Do not repair, rename or re-save anything, and do not rely on the file that
fails. Keep the archive exactly as you received it, write down which check failed, on which
file, and when. Then ask the sender, by phone or in person, for a new copy sent another way.
If the key differs from the one the sender gives you (step 1), the bundle was not signed by
their vault: treat it as forged until explained. A file that fails step 2 was changed, damaged
or replaced after the export.

With evidencekit installed (Windows, macOS or Linux), all of this is checked at once, with no
vault and no passphrase; it also compares the key with the one you expect and with the keys it
has seen before, and checks the PDF and the custody log against the files:

       evidencekit verify-bundle THIS-FILE.zip --expect-key {fingerprint}

If this archive reached you as THIS-FILE.zip.age, it was encrypted for the journey with age
(https://age-encryption.org; scrypt and ChaCha20-Poly1305), chosen over a 7-Zip AES archive for
its stronger passphrase protection and because it opens to exactly these bytes or not at all.
The passphrase is given by phone, never with the file: age -d THIS-FILE.zip.age > THIS-FILE.zip
(or evidencekit verify-bundle THIS-FILE.zip.age, which asks for it).
"""

LISEZMOI_TEXT = """\
DOSSIER DE PREUVES - comment le vérifier
========================================

{intimate}Cette archive a été écrite par evidencekit {version}. Elle contient un dossier
(dossier.pdf), les fichiers originaux de chaque pièce tels qu'ils ont été conservés (dossier
originals/), le journal de traçabilité des preuves (custody.jsonl) et un manifeste
(manifest.json) qui donne pour chaque pièce son empreinte numérique SHA-256, ses dates et les
notes écrites à son sujet.

Ce que cela prouve : l'empreinte SHA-256 de chaque fichier montre qu'il est identique, octet pour
octet, au fichier importé dans le coffre à la date indiquée dans le manifeste, et la signature
montre que le manifeste a été produit avec la clé d'un coffre. Cela ne prouve pas que le contenu
d'une capture d'écran est authentique, ni qui est la personne : n'importe qui peut créer une clé,
la clé doit donc être celle que l'expéditeur vous donne (étape 1).

Décompressez l'archive dans un dossier neuf et vide, puis ouvrez un terminal dans ce dossier
(Windows : clic droit sur le dossier, « Ouvrir dans le Terminal », c'est PowerShell ; macOS :
Terminal.app, tapez cd et une espace, glissez le dossier sur la fenêtre et appuyez sur Entrée).

1. LA CLÉ. Cette archive est signée avec la clé dont l'empreinte SHA-256 est :

       {fingerprint}

   Le dossier imprime la même empreinte sur sa couverture, dans son annexe technique et sur
   l'attestation que signe l'expéditeur. Demandez-la à l'expéditeur en personne ou par
   téléphone (pas par le courriel ou le message qui a apporté cette archive) et comparez les
   64 caractères. Vérifiez ensuite que signing-key.pem est bien cette clé (OpenSSL 3 sur
   macOS, voir l'étape 3) :

   Linux :   openssl pkey -pubin -in signing-key.pem -outform DER | tail -c 32 | sha256sum
   macOS :   openssl pkey -pubin -in signing-key.pem -outform DER | tail -c 32 | shasum -a 256
   Windows (PowerShell, une seule ligne) :
             {ps_key}

2. CHAQUE FICHIER. Chaque fichier doit correspondre à sa ligne de SHA256SUMS :

   Linux :   sha256sum -c SHA256SUMS
   macOS :   shasum -a 256 -c SHA256SUMS
   Windows (PowerShell, une seule ligne) :
             {ps_sums}

   Chaque ligne doit se terminer (ou commencer) par « OK » (ou « Réussi »). Pour un seul
   fichier, dans l'invite de commandes Windows : certutil -hashfile dossier.pdf SHA256 (ou dans
   PowerShell : Get-FileHash -Algorithm SHA256 dossier.pdf), puis comparez avec la ligne de ce
   fichier dans SHA256SUMS (majuscules ou non).

3. LES SIGNATURES du manifeste et de SHA256SUMS, avec OpenSSL 3 (Linux ; macOS : le LibreSSL
   fourni ne sait pas vérifier les clés Ed25519, installez OpenSSL 3, par exemple avec « brew
   install openssl@3 » ; Windows : openssl.exe est fourni avec Git for Windows) :

       {verify_manifest}
       {verify_sums}

   Chacune doit afficher « Signature Verified Successfully ».

4. LE DOSSIER. dossier.pdf imprime l'empreinte SHA-256 de manifest.json sur sa couverture, dans
   son annexe technique et sur l'attestation. Ce doit être celle obtenue ici :

   Linux :   sha256sum manifest.json
   macOS :   shasum -a 256 manifest.json
   Windows : certutil -hashfile manifest.json SHA256

5. Si le dossier timestamps/ est présent, il contient des horodatages RFC 3161 d'autorités
   extérieures : custody-root.N.tsr sur custody-root.txt (la racine de Merkle du journal,
   aussi dans le manifeste) et manifest.N.tsr sur manifest.json. Avec le certificat d'autorité
   (CA) de l'autorité (pour DigiCert et Sectigo, les racines déjà reconnues par votre système) :

       openssl ts -verify -in timestamps/manifest.1.tsr -data manifest.json -CAfile CA.pem
       openssl ts -verify -in timestamps/custody-root.1.tsr \\
           -data timestamps/custody-root.txt -CAfile CA.pem

   Chacune doit afficher « Verification: OK ». Un jeton dont le certificat n'a été émis par
   aucune autorité de confiance ne prouve rien sur la date.

6. Le journal de traçabilité : custody.jsonl ne contient que les actions enregistrées sur les
   pièces de cette archive. Chaque ligne porte une preuve d'inclusion RFC 9162 dans la racine de
   Merkle du journal entier, que le manifeste et le dossier donnent avec le nombre d'entrées ;
   les lignes « withheld » ne montrent que leur empreinte (notes privées). Le manifeste porte
   aussi une preuve de cohérence depuis le journal de chaque export précédent : avec une archive
   plus ancienne du même coffre,

       evidencekit verify-bundle CE-FICHIER.zip --against ARCHIVE-PRECEDENTE.zip

   vérifie que ce journal prolonge l'ancien (il n'a pas été réécrit entre-temps).

SI UNE VÉRIFICATION ÉCHOUE. Ne réparez, ne renommez et ne réenregistrez rien, et ne vous fiez
pas au fichier en cause. Gardez l'archive exactement telle que vous l'avez reçue, notez quelle
vérification a échoué, sur quel fichier et quand. Demandez ensuite à l'expéditeur, par
téléphone ou en personne, une nouvelle copie envoyée par un autre moyen. Si la clé diffère de
celle que l'expéditeur vous donne (étape 1), l'archive n'a pas été signée par son coffre :
tenez-la pour falsifiée jusqu'à explication. Un fichier qui échoue à l'étape 2 a été modifié,
abîmé ou remplacé après l'export.

Avec evidencekit (Windows, macOS ou Linux), tout cela se vérifie d'un coup, sans coffre ni phrase
de passe ; il compare aussi la clé à celle que vous attendez et aux clés déjà vues, et vérifie le
PDF et le journal au regard des fichiers :

       evidencekit verify-bundle CE-FICHIER.zip --expect-key {fingerprint}

Si cette archive vous est parvenue sous le nom CE-FICHIER.zip.age, elle a été chiffrée pour le
transport avec age (https://age-encryption.org ; scrypt et ChaCha20-Poly1305), préférée à une
archive 7-Zip AES pour la meilleure protection de sa phrase secrète et parce qu'elle restitue
exactement ces octets ou rien. La phrase secrète est donnée par téléphone, jamais avec le
fichier : age -d CE-FICHIER.zip.age > CE-FICHIER.zip (ou evidencekit verify-bundle
CE-FICHIER.zip.age, qui la demande).
"""
