"""A PNG read through without decoding it into memory: every chunk's CRC, and the exact
amount of image data its header promises.

The compressed image data (IDAT) is inflated in bounded steps and only counted:
a decompression bomb is refused as soon as it produces more than the header's
dimensions allow, a truncated or damaged file when the count, a CRC or the end
chunk does not come out right. Memory stays at a few hundred kilobytes whatever
the image's size.
"""
from __future__ import annotations

import struct
import zlib
from typing import BinaryIO

from documents.domain.exceptions import ImageCorrupt

SIGNATURE = b"\x89PNG\r\n\x1a\n"
STEP = 64 * 1024
CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
ADAM7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2),
         (0, 1, 1, 2)]  # (x start, y start, x step, y step) of the seven interlace passes


def check_png(stream: BinaryIO) -> tuple[int, int]:
    """(width, height) of a sound PNG; ``ImageCorrupt`` otherwise."""
    if stream.read(8) != SIGNATURE:
        raise ImageCorrupt("Not a PNG signature.")
    kind, header = _chunk(stream, None)
    if kind != b"IHDR" or len(header) != 13:
        raise ImageCorrupt("The PNG does not start with its header.")
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    if colour not in CHANNELS or not width or not height:
        raise ImageCorrupt("The PNG header is not valid.")
    expected = _raw_size(width, height, depth * CHANNELS[colour], interlace)
    inflater, produced = zlib.decompressobj(), [0]
    while kind != b"IEND":
        kind, _ = _chunk(stream, (inflater, produced, expected))
    if produced[0] != expected or not inflater.eof:
        raise ImageCorrupt("The PNG's image data is incomplete.")
    return width, height


def _chunk(stream: BinaryIO, inflate: tuple | None) -> tuple[bytes, bytes]:
    """Read one chunk, checking its CRC; IDAT data is inflated and counted, others kept."""
    head = stream.read(8)
    if len(head) < 8:
        raise ImageCorrupt("The PNG ends before its end chunk.")
    length, kind = struct.unpack(">I4s", head)
    crc, kept, remaining = zlib.crc32(kind), b"", length
    while remaining:
        block = stream.read(min(STEP, remaining))
        if not block:
            raise ImageCorrupt("The PNG ends inside a chunk.")
        crc, remaining = zlib.crc32(block, crc), remaining - len(block)
        if kind == b"IDAT" and inflate is not None:
            _inflate(block, *inflate)
        elif kind == b"IHDR":
            kept += block
    if stream.read(4) != struct.pack(">I", crc & 0xFFFFFFFF):
        raise ImageCorrupt("A PNG chunk is damaged (CRC mismatch).")
    return kind, kept


def _inflate(block: bytes, inflater: zlib._Decompress, produced: list[int],
             expected: int) -> None:
    data = block
    while data:
        out = inflater.decompress(data, STEP)
        produced[0] += len(out)
        if produced[0] > expected:
            raise ImageCorrupt("The PNG's image data is larger than its dimensions.")
        data = inflater.unconsumed_tail
        if inflater.eof:
            return


def _raw_size(width: int, height: int, bits_per_pixel: int, interlace: int) -> int:
    """Bytes of filtered scanlines the header promises (a filter byte per line)."""
    if not interlace:
        return height * (1 + (width * bits_per_pixel + 7) // 8)
    total = 0
    for x0, y0, dx, dy in ADAM7:
        columns, rows = (width - x0 + dx - 1) // dx, (height - y0 + dy - 1) // dy
        if columns > 0 and rows > 0:
            total += rows * (1 + (columns * bits_per_pixel + 7) // 8)
    return total
