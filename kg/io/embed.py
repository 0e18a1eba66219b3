"""Data embedded in an HTML page we write (the views, the query page of `kg serve`)."""

from __future__ import annotations

import json
from typing import Any


def script_json(value: Any) -> str:
    """JSON safe inside a <script> element: no '<' can close the element (so no text from a
    document can end it and start markup), and U+2028/U+2029, which older JavaScript reads as line
    breaks inside a string, are escaped. Keys sorted: the same data gives the same page."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
