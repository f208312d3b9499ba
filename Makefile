# Two entry points for a fresh machine (Python 3.11+): `make serve` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve test screenshots build build-zensical validate clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

# `mkdocs serve` rebuilds the site into a fresh temporary folder after every edit. Where the system has a
# RAM disk, keep that folder there: rewriting thousands of small files is seconds on some disks.
SERVE_TMPDIR ?= $(shell [ -d /dev/shm ] && [ -w /dev/shm ] && echo /dev/shm)

PORT ?= 8000

# `exec`: mkdocs replaces the recipe's shell, so the SIGTERM that make passes on to its child on a SIGTERM
# reaches mkdocs itself, which stops serving and removes its temporary site (a shell would die and leave it).
serve: $(BIN)/.installed  ## build and serve the site at http://127.0.0.1:$(PORT) (make serve PORT=8123), rebuilding on every edit
	exec $(if $(SERVE_TMPDIR),env TMPDIR=$(SERVE_TMPDIR) )$(BIN)/mkdocs serve --dev-addr 127.0.0.1:$(PORT)

# One worker process per CPU (pytest-xdist): the session's builds are made once per worker, and still the suite
# takes about half the time of one process on 2 CPUs.
test: $(BIN)/.installed  ## run the whole test suite (browser tests need Debian's chromium)
	$(BIN)/python -m pytest -n auto

# The tests take the same pictures into a temporary folder; only this writes the tracked ones.
screenshots: $(BIN)/.installed  ## refresh README's screenshots in docs/images/ (needs Debian's chromium)
	FAULTLINES_SCREENSHOTS=$(CURDIR)/docs/images $(BIN)/python -m pytest -q -k screenshot \
		tests/test_browser_reading.py tests/test_browser_scenarios.py

build: $(BIN)/.installed  ## build the site into site/, failing on any warning
	$(BIN)/mkdocs build --strict

# Zensical runs no MkDocs plugin: `faultlines render` writes the whole site (pages, data files, a config without
# our plugin) into build/render/, and Zensical builds that into build/render/site/ (docs/ecosystem.md).
build-zensical: $(BIN)/.installed  ## build the site with Zensical instead, into build/render/site/
	$(BIN)/faultlines render build/render
	cd build/render && $(abspath $(BIN))/zensical build -f mkdocs.yml

validate: $(BIN)/.installed  ## check the knowledge base
	$(BIN)/faultlines validate

clean:
	rm -rf site build/render $(VENV)
