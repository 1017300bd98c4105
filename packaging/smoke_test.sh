#!/usr/bin/env bash
# Checks a built .deb as a user's machine would see it, without installing it system-wide:
# unpacks it into a scratch root, validates the menu entry and the AppStream data it carries,
# then runs the frozen program from there: --version, the demo (every dossier and a bundle,
# verified), OCR with the machine's Tesseract, the export preview (QtPdf), a web capture of a
# local HTTPS site (QtWebEngine), and the desktop app under Xvfb (a screenshot is
# kept in build/smoke/gui.png when xwd and ImageMagick are there).
# Usage: packaging/smoke_test.sh dist/evidencekit_X_arch.deb
set -euo pipefail
deb=$(realpath "$1")
here=$(dirname "$(realpath "$0")")
work=build/smoke
rm -rf "$work" && mkdir -p "$work"
work=$(realpath "$work")
root="$work/root"

dpkg-deb --info "$deb" | grep -E '^ (Package|Version|Architecture|Depends):'
dpkg-deb -x "$deb" "$root"

id=org.evidencekit.EvidenceKit
desktop-file-validate "$root/usr/share/applications/$id.desktop"
appstreamcli validate --no-net --pedantic "$root/usr/share/metainfo/$id.metainfo.xml"
test -f "$root/usr/share/icons/hicolor/256x256/apps/$id.png"
test -f "$root/usr/share/icons/hicolor/scalable/apps/$id.svg"
test "$(readlink "$root/usr/bin/evidencekit")" = ../../opt/evidencekit/evidencekit
grep -q "^Exec=evidencekit" "$root/usr/share/applications/$id.desktop"

app="$root/opt/evidencekit/evidencekit"
export HOME="$work/home" XDG_DATA_HOME="$work/home/data" XDG_CONFIG_HOME="$work/home/config"
mkdir -p "$HOME"
"$app" --version

# The demo vault's key derivation made cheap: for this smoke test only, never for real use.
EVIDENCEKIT_INSECURE_TEST_KDF=1 QT_QPA_PLATFORM=offscreen "$app" demo "$work/demo" >/dev/null
ls "$work/demo"/*.pdf >/dev/null
bundle=$(ls "$work"/demo/*.zip | head -1)
"$app" verify-bundle "$bundle" >/dev/null
echo "demo: $(ls "$work"/demo/*.pdf | wc -l) dossiers, bundle verified"

# OCR from the frozen app: the lookup must find the machine's Tesseract (or say how to get it).
printf '%s\n' 'demo evidencekit 2026 - synthetic data only' > "$work/pass"
chmod 600 "$work/pass"
if ocr_out=$(EVIDENCEKIT_INSECURE_TEST_KDF=1 "$app" --vault "$work/demo/vault" \
      --passphrase-file "$work/pass" ocr 2>&1); then
  echo "ocr: $ocr_out"
else
  echo "ocr refused: $ocr_out"
  echo "$ocr_out" | grep -q "Tesseract" || exit 1
fi

# The export wizard's preview (QtPdf): a demo dossier is loaded into the wizard's real
# PreviewStep in the frozen app, which must read its pages and draw them (hidden entry,
# evidencekit/gui/export/selftest.py); the picture is kept in build/smoke/preview.png.
QT_QPA_PLATFORM=offscreen "$app" _selftest-preview "$(ls "$work"/demo/*.pdf | head -1)" \
  "$work/preview.png"

# Web capture (QtWebEngine in the `_capture-browser` child process): a local HTTPS site with
# its own CA (openssl), served by the system python3, is captured into the demo vault; the item
# must have its screenshot, WARC, WACZ and DOM, and the certificate must verify against --site-ca.
site="$work/site"
mkdir -p "$site"
ec=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes)
openssl req -x509 "${ec[@]}" -days 2 -subj "/CN=Smoke Test CA" -keyout "$site/ca.key" \
  -out "$site/ca.pem" -addext "basicConstraints=critical,CA:TRUE" \
  -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
openssl req "${ec[@]}" -subj "/CN=localhost" -keyout "$site/key.pem" -out "$site/site.csr" \
  2>/dev/null
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n' > "$site/ext"
openssl x509 -req -in "$site/site.csr" -CA "$site/ca.pem" -CAkey "$site/ca.key" \
  -CAcreateserial -days 2 -extfile "$site/ext" -out "$site/cert.pem" 2>/dev/null
cat "$site/cert.pem" "$site/ca.pem" > "$site/chain.pem"
python3 "$here/smoke_site.py" "$site/chain.pem" "$site/key.pem" "$site/port" & site_pid=$!
trap 'kill $site_pid 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do [ -s "$site/port" ] && break; sleep 0.1; done
capture_json=$(EVIDENCEKIT_INSECURE_TEST_KDF=1 "$app" --vault "$work/demo/vault" \
  --passphrase-file "$work/pass" capture "https://localhost:$(cat "$site/port")/" --case Web \
  --site-ca "$site/ca.pem" --no-tsa --timeout 60 --json)
kill $site_pid 2>/dev/null || true
printf '%s' "$capture_json" | python3 -c '
import json, sys
d = json.load(sys.stdin)
roles = {p["role"] for p in d["parts"]}
missing = {"screenshot", "warc", "wacz", "dom"} - roles
assert not missing, f"capture: parts missing: {missing}"
assert d["certificate_verified"] is True, f"capture: certificate not verified: {d}"
title, item, count = d["title"], d["item_id"], len(d["parts"])
assert title == "Smoke capture", f"capture: wrong title {title!r}"
print(f"capture: item #{item}, {count} parts ({sorted(roles)})")'
EVIDENCEKIT_INSECURE_TEST_KDF=1 "$app" --vault "$work/demo/vault" --passphrase-file "$work/pass" \
  verify >/dev/null
echo "capture: the vault verifies after the capture"

# The desktop app under a virtual X server (the xcb platform, as on a user's desktop), in
# French: it must paint its window within a minute and stay up; a screenshot is kept; then it
# is closed with SIGTERM.
if command -v xvfb-run >/dev/null && command -v xwd >/dev/null && command -v convert >/dev/null; then
  LANGUAGE=fr xvfb-run -a -s "-screen 0 1366x768x24" bash -c '
    "$0" --vault "$1/gui-vault" & pid=$!
    for i in $(seq 1 30); do
      sleep 2
      kill -0 $pid 2>/dev/null || { echo "the desktop app stopped"; exit 1; }
      mean=$(xwd -root -silent | convert xwd:- -format "%[fx:mean]" info:)
      [ "$mean" != 0 ] && break
    done
    [ "$mean" != 0 ] || { echo "the desktop app drew nothing in 60 s"; kill $pid; exit 1; }
    sleep 2
    xwd -root -silent | convert xwd:- "$1/gui.png"
    kill $pid; wait $pid || true' "$app" "$work"
  echo "gui: painted under Xvfb, screenshot in $work/gui.png"
else
  echo "gui: not checked (needs xvfb-run, xwd from x11-apps and ImageMagick's convert)"
  exit 1
fi
echo "smoke test passed: $deb"
