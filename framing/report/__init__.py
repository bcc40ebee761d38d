"""Step 4 — everything above → ``reports/``: the incremental ``make report`` pipeline (build),
figures (charts) and annotated article pages (htmlview)."""

from framing.report.build import build_report

__all__ = ["build_report"]
