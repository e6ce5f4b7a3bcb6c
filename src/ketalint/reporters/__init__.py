"""Reporters: findings to text for people, JSON for tools."""
from .json import render_json
from .text import render_text

REPORTERS = {"text": render_text, "json": render_json}

__all__ = ["REPORTERS", "render_json", "render_text"]
