#!/usr/bin/env python3
"""Writes a stack as other software does (PIL, tifffile, microscopes): one IFD per plane.

    python3 bench/multi_ifd_tiff.py OUT.tif [PLANES] [SIZE]     defaults: 10000 planes, 28x28

8-bit grey, uncompressed, little-endian, each plane's IFD right before its pixels (as
tifffile writes them); no ImageJ "images=" description. Python's standard library only.
"""
import struct
import sys


def plane(k, size):
    # NB: a bright bar that moves with k, so that planes differ.
    return bytes(255 if (x + k) % size < size // 4 else (x * y + k) % 64
                 for y in range(size) for x in range(size))


def write(path, planes, size):
    entries = 10
    ifd_bytes = 2 + entries * 12 + 4
    with open(path, "wb") as f:
        f.write(b"II" + struct.pack("<HI", 42, 8))
        for k in range(planes):
            at = f.tell()
            pixels = at + ifd_bytes
            following = pixels + size * size if k < planes - 1 else 0
            tags = [(256, 4, size), (257, 4, size), (258, 3, 8), (259, 3, 1), (262, 3, 1),
                    (273, 4, pixels), (277, 3, 1), (278, 4, size), (279, 4, size * size),
                    (284, 3, 1)]
            f.write(struct.pack("<H", entries))
            for tag, kind, value in tags:
                f.write(struct.pack("<HHI", tag, kind, 1))
                f.write(struct.pack("<HH", value, 0) if kind == 3 else struct.pack("<I", value))
            f.write(struct.pack("<I", following))
            f.write(plane(k, size))


if __name__ == "__main__":
    write(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 10000,
          int(sys.argv[3]) if len(sys.argv) > 3 else 28)
