"""Text for people's eyes: control characters made visible.

Document text, file names and remote error bodies are data. Printed raw, an escape sequence in
them can retitle the terminal window, write the clipboard (OSC 52) or hide what follows, and a
right-to-left override (U+202E) makes "cod\u202etxt.exe" read as "codexe.txt". Everything printed
for people goes through ``visible``; files written for programs (CSV, JSON, Turtle) keep the
exact characters.
"""

from __future__ import annotations

# C0, DEL and C1 controls; the bidirectional embedding, override and isolate controls and marks;
# the Unicode line and paragraph separators (a line break inside a "one-line" field).
_UNSAFE = [*range(0x00, 0x20), *range(0x7F, 0xA0), 0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F),
           *range(0x2066, 0x206A), 0x2028, 0x2029]


def _escape(code: int) -> str:
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


_TABLE = {code: _escape(code) for code in _UNSAFE}
_TABLE_KEEP_NEWLINES = {code: text for code, text in _TABLE.items() if code != 0x0A}


def visible(text: str, keep_newlines: bool = False) -> str:
    """``text`` with each unsafe character written as an escape (ESC → \\x1b, U+202E → \\u202e)."""
    return text.translate(_TABLE_KEEP_NEWLINES if keep_newlines else _TABLE)
