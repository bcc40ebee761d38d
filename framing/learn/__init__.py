"""Learning and measuring: scores against gold (evaluate), training registered models with
grouped cross-validation and model cards (training), and the annotation round-trip (annotate)."""

from framing.learn.evaluate import evaluate_gold, read_gold
from framing.learn.training import cross_validate, load_gold_units, train

__all__ = ["cross_validate", "evaluate_gold", "load_gold_units", "read_gold", "train"]
