#!/usr/bin/python3
"""Writes the colour benchmark set: the first PER digits of each class of an MNIST folder tree
(bench/mnist-folders.sh), scaled to 64x64 (bilinear) and tinted with a random colour per image
(seeded), as PNG: DEST/<digit>/<name>.png. The networks benchmark trains on it.

  /usr/bin/python3 bench/rgb64.py /tmp/mnist-10k /tmp/rgb64-4k 400
"""
import os
import random
import sys

from PIL import Image


def main():
    src, dest, per = sys.argv[1], sys.argv[2], int(sys.argv[3])
    rng = random.Random(7)
    for digit in sorted(os.listdir(src)):
        folder = os.path.join(src, digit)
        if not os.path.isdir(folder):
            continue
        os.makedirs(os.path.join(dest, digit), exist_ok=True)
        for name in sorted(os.listdir(folder))[:per]:
            grey = Image.open(os.path.join(folder, name)).convert("L").resize((64, 64), Image.BILINEAR)
            tint = [rng.randint(96, 255) for _ in range(3)]
            rgb = Image.merge("RGB", [grey.point(lambda v, t=t: v * t // 255) for t in tint])
            rgb.save(os.path.join(dest, digit, os.path.splitext(name)[0] + ".png"))
    open(os.path.join(dest, ".complete"), "w").close()


if __name__ == "__main__":
    sys.exit(main())
