"""What a run reports about files it could not check, apart from findings."""
from __future__ import annotations

from typing import NamedTuple


class FileError(NamedTuple):
    """A path that could not be read or checked fully, and why (``no such file
    or directory``, ``cannot read: ...``, ``not checked: ...``). Any of them
    makes the run exit 2; reporters list them with the findings."""

    path: str
    reason: str
