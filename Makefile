# Two commands do all the set-up on a fresh Debian 12 machine (as root): `make run` and `make test`.
# Each installs what is missing: system packages (apt-get), the virtual environment at .venv, the project.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# libzbar0: pyzbar's decoder. Fonts: hanzi on screen (WenQuanYi Micro Hei) and on paper (Noto CJK).
# xvfb/xauth: headless UI tests. libgl1, mesa, libegl1, libmtdev1: what Kivy's SDL2 window needs.
# espeak-ng + alsa-utils: speech (cmn voice, aplay/amixer). libzinnia0 + its model: handwriting.
# postgresql: the tests run the hall server on a private PostgreSQL cluster too (a district's database).
# chromium + chromium-driver: the hall console's journeys in a real headless browser (selenium, no download);
# poppler-utils: pdftoppm/pdfinfo turn the printed notices (Chromium's PDF) into pictures to check.
SYSTEM_PACKAGES := libzbar0 fonts-wqy-microhei fonts-noto-cjk xvfb xauth libgl1 libgl1-mesa-dri \
                   libegl1 libmtdev1 libxrender1 espeak-ng alsa-utils libzinnia0 \
                   tegaki-zinnia-simplified-chinese libusb-1.0-0 postgresql \
                   chromium chromium-driver poppler-utils
SYS_STAMP := $(VENV)/.system-packages
PY_STAMP  := $(VENV)/.installed

.PHONY: run test bench check setup system clean

run: setup
	@if [ -z "$$DISPLAY" ] && [ -z "$$WAYLAND_DISPLAY" ]; then \
	  echo "make run: no display (DISPLAY is not set); run it on the kiosk's screen, or use 'make test' headless." >&2; \
	  exit 1; fi
	$(BIN)/kiosk run --simulate

test: setup
	$(BIN)/kiosk content check
	$(BIN)/python -m pytest -q

bench: setup
	$(BIN)/python -m bench

check: setup
	$(BIN)/kiosk content check

setup: $(PY_STAMP)

$(SYS_STAMP): Makefile
	@missing=""; for p in $(SYSTEM_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing system packages:$$missing"; \
	  if [ "$$(id -u)" != 0 ]; then echo "make: need root to apt-get install:$$missing" >&2; exit 1; fi; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi
	@mkdir -p $(VENV) && touch $@

$(PY_STAMP): $(SYS_STAMP) setup.cfg pyproject.toml
	@[ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	@touch $@

clean:
	rm -rf $(VENV) build *.egg-info
