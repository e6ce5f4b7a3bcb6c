"""``python -m ketalint`` runs the command-line interface."""
from .cli import run

run()
