# Two commands do all the set-up on a fresh Debian/Ubuntu machine:
#   make run    start the desktop app on the default vault location
#   make test   run the whole test suite
# Each creates .venv, installs the Python packages, and apt-get installs missing system packages.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

# Tesseract (OCR in French, Arabic, English), poppler (pdftotext/pdftoppm in tests), openssl
# (bundle verification by hand), Xvfb and the X/GL libraries Qt needs, even offscreen.
APT_PACKAGES := tesseract-ocr tesseract-ocr-fra tesseract-ocr-ara tesseract-ocr-eng \
	poppler-utils openssl zbar-tools desktop-file-utils appstream xvfb xauth libegl1 libgl1 libglib2.0-0 libfontconfig1 libdbus-1-3 dbus-daemon \
	libxkbcommon0 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 \
	libxcb-shape0 libxcb-randr0 libxcb-render-util0 libxcb-image0 libxcb-xinerama0

.PHONY: run test lint bench package system-deps clean

system-deps:
	@missing=""; \
	for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if command -v apt-get >/dev/null 2>&1; then \
	    if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	    echo "Installing system packages:$$missing"; \
	    $$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q $$missing; \
	  else echo "Please install with your package manager:$$missing"; fi; \
	fi

$(STAMP): pyproject.toml setup.py
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $(STAMP)

run: system-deps $(STAMP)
	$(VENV)/bin/evidencekit

test: system-deps $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

lint: $(STAMP)
	$(VENV)/bin/ruff check evidencekit tests bench
	$(VENV)/bin/mypy

bench: system-deps $(STAMP)
	$(PY) bench/run_all.py

# The Linux one-folder app (dist/evidencekit/), wrapped in a .deb (dist/evidencekit_*.deb; why a
# .deb and not an AppImage: packaging/build_deb.py), then checked as installed: packaging/smoke_test.sh.
package: system-deps $(STAMP)
	$(MAKE) -s system-deps APT_PACKAGES="x11-apps imagemagick"
	$(PY) -m pip install -q pyinstaller
	$(VENV)/bin/pyinstaller --noconfirm --distpath dist --workpath build packaging/evidencekit.spec
	$(PY) packaging/build_deb.py --dist dist/evidencekit --out dist
	packaging/smoke_test.sh dist/evidencekit_*.deb

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
