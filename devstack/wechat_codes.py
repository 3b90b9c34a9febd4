"""What the WeChat stand-in answers for wxacode.getUnlimited: a small valid PNG standing in for a mini-program
code, carrying the scene and page in tEXt chunks, and the reader of those chunks (what a scan would give)."""
from __future__ import annotations

import re
import struct
import zlib

# wxacode.getUnlimited's scene: at most 32 visible characters of this set
SCENE = re.compile(r"[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]{1,32}")


def mp_code_png(scene: str, page: str) -> bytes:
    """A small valid PNG (8x8 grey) with `scene` and `page` in tEXt chunks, standing in for a mini-program code."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 8, 8, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"".join(b"\x00" + b"\x80" * 8 for _ in range(8)))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"tEXt", b"scene\x00" + scene.encode())
            + chunk(b"tEXt", b"page\x00" + page.encode()) + chunk(b"IDAT", pixels) + chunk(b"IEND", b""))


def png_text(png: bytes) -> dict[str, str]:
    """The tEXt chunks of a PNG: what a scan of the stand-in's code would read."""
    found, at = {}, 8
    while at < len(png):
        (length,) = struct.unpack(">I", png[at:at + 4])
        kind, data = png[at + 4:at + 8], png[at + 8:at + 8 + length]
        if kind == b"tEXt":
            key, _, value = data.partition(b"\x00")
            found[key.decode()] = value.decode()
        at += 12 + length
    return found
