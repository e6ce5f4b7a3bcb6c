"""The rules stage: YAML rule packs, regulatory facts, and their evaluation."""
from .pack import RuleSet, load_ruleset
from .yamlfile import PackError

__all__ = ["PackError", "RuleSet", "load_ruleset"]
