# framing — the two commands in README.md need nothing else:
#   make report   run the pipeline on the embedded data (data/raw) -> data/processed, reports/
#   make test     run the whole test suite
# Both build .venv from a Python 3.12/3.13 interpreter found by scripts/find-python
# (PATH first, then pyenv) and install the project into it when it is missing or stale.

SHELL := /bin/sh
VENV  ?= .venv
BIN   := $(VENV)/bin
STAMP := $(VENV)/.framing-installed
DATA  ?=
OUT   ?= data/processed
REPORTS ?= reports
PYTEST_ARGS ?=
# the README gallery's data: FarExStance from ../shared when it is there, else the public copy
# (a registry name: fetched into data/external/ on first use)
GALLERY_DATA ?= $(if $(wildcard ../shared/corpora/farexstance/articles.jsonl),../shared/corpora/farexstance/articles.jsonl,farexstance)

.PHONY: help venv report ingest test bench gallery clean distclean

help:
	@echo "make report   ingest + analyze + compare + notebooks -> reports/ (DATA=path for another corpus,"
	@echo "              or DATA=name of a public one, fetched on first use: framing datasets list;"
	@echo "              default: \`data\` in params.yaml, the embedded data/raw)"
	@echo "make test     run the test suite"
	@echo "make bench    speed and memory ratios (benchmarks/README.md; needs ../shared/corpora)"
	@echo "make gallery  the README's three figures (docs/gallery/) from a FarExStance report"
	@echo "make venv     only build .venv"
	@echo "make clean    remove generated data/processed and reports"

$(STAMP): pyproject.toml
	@set -e; \
	if [ ! -x "$(BIN)/python" ]; then \
	  py=$$(scripts/find-python) || exit 1; \
	  echo "make: creating $(VENV) with $$py"; \
	  "$$py" -m venv "$(VENV)"; \
	fi; \
	"$(BIN)/python" -m pip install --quiet --upgrade pip; \
	"$(BIN)/python" -m pip install --quiet -e ".[test]"; \
	touch "$(STAMP)"

venv: $(STAMP)

report: $(STAMP)
	$(BIN)/framing report $(DATA) --out $(OUT) --reports $(REPORTS)

ingest: $(STAMP)
	$(BIN)/framing ingest $(or $(DATA),data/raw) --out $(OUT)

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

gallery: $(STAMP)
	$(BIN)/framing report $(GALLERY_DATA) --out build/gallery/processed --reports build/gallery/reports --no-notebooks
	$(BIN)/python scripts/gallery.py build/gallery/reports docs/gallery

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

clean:
	rm -rf $(OUT)/*.parquet $(OUT)/*.json $(OUT)/*.jsonl $(REPORTS)/*
	touch $(OUT)/.gitkeep $(REPORTS)/.gitkeep

distclean: clean
	rm -rf $(VENV)
