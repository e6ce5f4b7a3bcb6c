"""ketalint: a compliance linter for copy about ketamine and esketamine.

Pipeline: readers -> nlp -> claims -> rules -> findings -> reporters.
"""
__version__ = "0.1.0"


def lint_text(text, fmt=None, path="<text>"):
    """Lint ``text`` with the built-in rule pack; see :func:`ketalint.api.lint_text`."""
    from .api import lint_text as _lint_text  # spaCy loads only when linting
    return _lint_text(text, fmt, path)
