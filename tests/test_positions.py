"""LSP positions: columns in UTF-16 (or negotiated) code units, lines as the protocol ends them."""
from ketalint.positions import PositionMap

TEXT = "é😀 x\r\nline\u2028same line\rz"


def test_columns_count_utf16_code_units_and_lines_end_at_lf_crlf_cr():
    positions = PositionMap(TEXT)
    assert positions.position(TEXT.index("x")) == (0, 4)  # é is 1 unit, 😀 is 2
    assert positions.position(TEXT.index("same")) == (1, 5)  # U+2028 ends no line
    assert positions.position(TEXT.index("z")) == (2, 0)
    for offset in range(len(TEXT) + 1):
        if not (TEXT[offset - 1:offset] == "\r" and TEXT[offset:offset + 1] == "\n"):
            assert positions.offset(*positions.position(offset)) == offset


def test_negotiated_encodings_and_positions_past_the_end():
    assert PositionMap(TEXT, "utf-8").position(TEXT.index("x")) == (0, 7)
    assert PositionMap(TEXT, "utf-32").position(TEXT.index("x")) == (0, 3)
    positions = PositionMap(TEXT)
    assert positions.offset(0, 99) == TEXT.index("\r")
    assert positions.offset(9, 0) == len(TEXT)
    assert positions.offset(0, 2) == 2  # inside the emoji: the next boundary
