"""Read the text of a PDF's bookmarks (headings) and metadata: inflate its streams, keep strings."""

from __future__ import annotations

import re
import zlib


def pdf_text(pdf: bytes) -> str:
    """The literal strings of `pdf` (outline titles come from the headings), inflated."""
    chunks = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            chunks.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    strings = re.findall(rb"\((.*?)(?<!\\)\)", b"\n".join(chunks), re.S)
    return "\n".join(_decode(s) for s in strings)


def _decode(raw: bytes) -> str:
    """A PDF literal string: escapes undone; UTF-16BE when it starts with a byte-order mark."""
    unescaped = re.sub(rb"\\([()\\])", rb"\1", raw)
    if unescaped.startswith(b"\xfe\xff"):
        return unescaped[2:].decode("utf-16-be", errors="replace")
    return unescaped.decode("latin-1")
