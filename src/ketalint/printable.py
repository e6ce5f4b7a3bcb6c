"""Text from copy and file names, made safe to show to a person.

Copy and file names come from whoever can commit to a repository. Printed raw,
an escape sequence in them can clear a reviewer's terminal or retitle it, a
carriage return can hide the rest of a line, bidirectional controls can show
text in another order than it is read, and a character XML forbids makes a
JUnit report ill-formed. Each such character is shown as an escape instead:
``\\x1b``, ``\\r``, ``\\u202e``; a byte of a file name that is not UTF-8 (kept by
Python as a lone surrogate) is shown as ``\\xNN``.
"""
from __future__ import annotations

import re

#: C0 and C1 control characters, DEL, the bidirectional embedding, override
#: and isolate controls, lone surrogates, and the two noncharacters XML forbids.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(char: str) -> str:
    code = ord(char)
    if char in _NAMED:
        return _NAMED[char]
    if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte of a file name (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str, keep: str = "\t") -> str:
    """``text`` with every unsafe character but those in ``keep`` escaped."""
    return _UNSAFE.sub(lambda m: m.group() if m.group() in keep else _escape(m.group()), text)


_UNDECODABLE = re.compile("[\udc80-\udcff]")


def shown_name(path: str) -> str:
    """A file name as reports give it: any byte that is not UTF-8 as ``\\xNN``
    (every output format can then be written as UTF-8), the rest unchanged."""
    return _UNDECODABLE.sub(lambda m: _escape(m.group()), path)
