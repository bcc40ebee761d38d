# framing — the two commands in README.md need nothing else:
#   make report   run the pipeline on the embedded data (data/raw) -> data/processed, reports/
#   make test     run the whole test suite
# Both build .venv from a Python 3.12/3.13 interpreter found by scripts/find-python
# (PATH first, then pyenv) and install the project into it when it is missing or stale.
# What is installed is requirements.lock: exact versions with their SHA-256 hashes, resolved for
# CPython 3.12 on Linux x86_64 (the CI machine). `make lock` regenerates it from pyproject.toml
# (keeping the pins it can; `make lock UPGRADE=1` moves every package to its newest release) and
# rewrites environment.yml's pins to match.

SHELL := /bin/sh
VENV  ?= .venv
BIN   := $(VENV)/bin
STAMP := $(VENV)/.framing-installed
DATA  ?=
OUT   ?= data/processed
REPORTS ?= reports
PYTEST_ARGS ?=
LOCK  := requirements.lock
# the tools themselves are pinned too: the installer, and the resolver `make lock` runs
PIP_VERSION := 26.3
UV_VERSION  := 0.13.9
LOCK_TOOL   := .cache/lock-tool
LOCK_TARGET := --python-version 3.12 --python-platform x86_64-unknown-linux-gnu
UPGRADE ?=
# true when the venv's interpreter is the one the lock was resolved for
export LOCK_PLATFORM := import platform, sys; sys.exit(0 if sys.version_info[:2] == (3, 12) and sys.platform == "linux" and platform.machine() == "x86_64" else 1)
# the README gallery's data: FarExStance from ../shared when it is there, else the public copy
# (a registry name: fetched into data/external/ on first use)
GALLERY_DATA ?= $(if $(wildcard ../shared/corpora/farexstance/articles.jsonl),../shared/corpora/farexstance/articles.jsonl,farexstance)

.PHONY: help venv lock report ingest test bench gallery model clean distclean

help:
	@echo "make report   ingest + analyze + compare + notebooks -> reports/ (DATA=path for another corpus,"
	@echo "              or DATA=name of a public one, fetched on first use: framing datasets list;"
	@echo "              default: \`data\` in params.yaml, the embedded data/raw)"
	@echo "make test     run the test suite"
	@echo "make bench    speed and memory ratios (benchmarks/README.md; needs ../shared/corpora)"
	@echo "make gallery  the README's three figures (docs/gallery/) from a FarExStance report"
	@echo "make model    retrain the shipped voice decider (voice.evidence.v1) on ../shared/annotation"
	@echo "make venv     only build .venv (installs requirements.lock, then the project)"
	@echo "make lock     regenerate requirements.lock and environment.yml's pins (UPGRADE=1: newest releases)"
	@echo "make clean    remove generated data/processed and reports"

# Re-installs whenever the lock or pyproject.toml changes (the stamp is older than either).
$(STAMP): $(LOCK) pyproject.toml
	@set -e; \
	if [ ! -x "$(BIN)/python" ]; then \
	  py=$$(scripts/find-python) || exit 1; \
	  echo "make: creating $(VENV) with $$py"; \
	  "$$py" -m venv "$(VENV)"; \
	fi; \
	"$(BIN)/python" -m pip install --quiet "pip==$(PIP_VERSION)"; \
	if "$(BIN)/python" -c "$$LOCK_PLATFORM"; then \
	  echo "make: installing $(LOCK) into $(VENV)"; \
	  "$(BIN)/python" -m pip install --quiet --require-hashes -r "$(LOCK)"; \
	  "$(BIN)/python" -m pip install --quiet --no-deps -e .; \
	else \
	  echo "make: WARNING: $(LOCK) pins CPython 3.12 on Linux x86_64, and this is not that:" \
	       "installing the newest versions pyproject.toml allows instead (reports will say so)"; \
	  "$(BIN)/python" -m pip install --quiet -e ".[test]"; \
	fi; \
	touch "$(STAMP)"

venv: $(STAMP)

# The resolver lives in its own small venv so that .venv holds exactly what the lock says.
lock:
	@set -e; \
	if [ ! -x "$(LOCK_TOOL)/bin/uv" ] || [ "$$($(LOCK_TOOL)/bin/uv --version | cut -d' ' -f2)" != "$(UV_VERSION)" ]; then \
	  py=$$(scripts/find-python) || exit 1; \
	  rm -rf "$(LOCK_TOOL)"; "$$py" -m venv "$(LOCK_TOOL)"; \
	  "$(LOCK_TOOL)/bin/python" -m pip install --quiet "uv==$(UV_VERSION)"; \
	fi; \
	"$(LOCK_TOOL)/bin/uv" pip compile pyproject.toml --extra test --generate-hashes $(LOCK_TARGET) \
	  $(if $(UPGRADE),--upgrade) --custom-compile-command "make lock" --quiet -o "$(LOCK)"; \
	"$(LOCK_TOOL)/bin/python" scripts/pin-environment "$(LOCK)" environment.yml; \
	echo "make: wrote $(LOCK) and environment.yml's pins"

report: $(STAMP)
	$(BIN)/framing report $(DATA) --out $(OUT) --reports $(REPORTS)

ingest: $(STAMP)
	$(BIN)/framing ingest $(or $(DATA),data/raw) --out $(OUT)

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

gallery: $(STAMP)
	$(BIN)/framing report $(GALLERY_DATA) --out build/gallery/processed --reports build/gallery/reports --no-notebooks
	$(BIN)/python scripts/gallery.py build/gallery/reports docs/gallery

# the voice decider shipped in the package: trained on the shared gold (train + dev), cross-validated
# through the whole analysis (grouped by document), its card beside it (about half an hour on 2 cores)
GOLD ?= ../shared/annotation
MODEL_DIR := framing/resources/models/voice.evidence.v1
model: $(STAMP)
	$(BIN)/framing train --model voice.evidence.v1 --gold $(GOLD)/train --gold $(GOLD)/dev --gold data/annotations/framing-2026-12 --out $(MODEL_DIR)

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

clean:
	rm -rf $(OUT)/*.parquet $(OUT)/*.json $(OUT)/*.jsonl $(REPORTS)/*
	touch $(OUT)/.gitkeep $(REPORTS)/.gitkeep

distclean: clean
	rm -rf $(VENV)
