"""All paths in one place (cookiecutter-data-science style).

The project root is found from the environment variable ``FRAMING_HOME``, else by walking up
from the current directory to a folder holding ``pyproject.toml`` and ``framing/``, else the
current directory. Package resources (lexicons, cue lists, outlet table) live inside the
package so that an installed ``framing`` works anywhere, including on Dask workers.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
RESOURCES_DIR = PACKAGE_DIR / "resources"
FA_RESOURCES_DIR = RESOURCES_DIR / "fa"


def _find_root() -> Path:
    env = os.environ.get("FRAMING_HOME")
    if env:
        return Path(env).resolve()
    here = Path.cwd().resolve()
    for candidate in (here, *here.parents):
        if (candidate / "pyproject.toml").is_file() and (candidate / "framing").is_dir():
            return candidate
    # An editable install run from elsewhere: the package's parent is the checkout.
    if (PACKAGE_DIR.parent / "pyproject.toml").is_file():
        return PACKAGE_DIR.parent
    return here


PROJECT_ROOT = _find_root()
DATA_DIR = PROJECT_ROOT / "data"
RAW_DIR = DATA_DIR / "raw"
PROCESSED_DIR = DATA_DIR / "processed"
# Third-party data fetched on request (`framing datasets fetch NAME`; cookiecutter-data-science's
# data/external): converted corpora in data/external/<name>/, the upstream files as downloaded in
# data/external/downloads/<name>/. Never committed. FRAMING_EXTERNAL puts it elsewhere (a bigger disk).
EXTERNAL_DIR = Path(os.environ.get("FRAMING_EXTERNAL", DATA_DIR / "external")).resolve()
ANNOTATIONS_DIR = DATA_DIR / "annotations"
REPORTS_DIR = PROJECT_ROOT / "reports"
FIGURES_DIR = REPORTS_DIR / "figures"
MODELS_DIR = PROJECT_ROOT / "models"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
PARAMS_FILE = PROJECT_ROOT / "params.yaml"
LOCK_FILE = PROJECT_ROOT / "requirements.lock"  # the exact versions `make` installs (make lock)

# Shared, read-only research data that sits beside the checkout (never copied into it).
SHARED_DIR = Path(os.environ.get("FRAMING_SHARED", PROJECT_ROOT.parent / "shared")).resolve()
CORPORA_DIR = SHARED_DIR / "corpora"
GOLD_DEV_DIR = SHARED_DIR / "annotation" / "dev"

# Output file names of the ingest step.
ARTICLES_FILE = "articles.parquet"
SENTENCES_FILE = "sentences.parquet"
INGEST_REPORT_FILE = "ingest_report.json"
QUARANTINE_FILE = "quarantine.jsonl"
