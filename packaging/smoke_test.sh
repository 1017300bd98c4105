#!/usr/bin/env bash
# Checks a built .deb as a user's machine would see it, without installing it system-wide:
# unpacks it into a scratch root, validates the menu entry and the AppStream data it carries,
# then runs the frozen program from there: --version, the demo (every dossier and a bundle,
# verified), OCR with the machine's Tesseract, and the desktop app under Xvfb (a screenshot is
# kept in build/smoke/gui.png when xwd and ImageMagick are there).
# Usage: packaging/smoke_test.sh dist/evidencekit_X_arch.deb
set -euo pipefail
deb=$(realpath "$1")
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

# The desktop app under a virtual X server (the xcb platform, as on a user's desktop): it must
# start and stay up; then it is closed with SIGTERM.
if command -v xvfb-run >/dev/null; then
  xvfb-run -a -s "-screen 0 1280x800x24" bash -c '
    "$0" --vault "$1/gui-vault" & pid=$!
    sleep 10
    if ! kill -0 $pid 2>/dev/null; then echo "the desktop app did not stay up"; exit 1; fi
    if command -v xwd >/dev/null && command -v convert >/dev/null; then
      xwd -root -silent | convert xwd:- "$1/gui.png" || true
    fi
    kill $pid; wait $pid || true' "$app" "$work"
  echo "gui: started under Xvfb${work:+; screenshot $work/gui.png if taken}"
fi
echo "smoke test passed: $deb"
