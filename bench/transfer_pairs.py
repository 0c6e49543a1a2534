#!/usr/bin/python3
"""Task pairs for the transfer-defaults table (bench/transfer-pairs.sh runs them).

Each pair is a folder DEST/<pair>/ with
  base/<class>/   the base network's five classes (up to 2,000 images each),
  few1..few3/     the new task's five other classes, five images each (one set per seed),
  test/<class>/   200 held-out images of each new class (1,000 in all).

Pairs:
  digits    MNIST 0-4 -> 5-9 (28x28 grey; from MNIST_FOLDERS, bench/mnist-folders.sh writes them)
  textures  28x28 grey patches of scikit-image's sample images: photographs and documents
            (camera, coins, moon, page, text) -> textures and microscopy (brick, grass, gravel,
            cell, immunohistochemistry in grey)
  photos    32x32 RGB patches: photographs (astronaut, chelsea, coffee, motorcycle, rocket) ->
            Hubble deep field, immunohistochemistry, retina, brick and grass (grey as RGB)

A patch is a random square of 1-2x the output size, resized; the images of base/ and few*/
come from the left 70 % of each picture, those of test/ from the right 30 %, so the test
images are never seen. Deterministic (fixed seeds).

Setup (Debian): apt-get install -y python3-skimage python3-pil python3-numpy
  /usr/bin/python3 bench/transfer_pairs.py DEST [MNIST_FOLDERS]
"""
import os
import sys

import numpy as np
from PIL import Image
from skimage import data as sk

BASE, FEW, TEST = 2000, 5, 200
GREY_BASE = ["camera", "coins", "moon", "page", "text"]
GREY_TARGET = ["brick", "grass", "gravel", "cell", "immunohistochemistry"]
RGB_BASE = ["astronaut", "chelsea", "coffee", "motorcycle", "rocket"]
RGB_TARGET = ["hubble", "immunohistochemistry", "retina", "brick", "grass"]


def picture(name, rgb):
    a = {"motorcycle": lambda: sk.stereo_motorcycle()[0], "hubble": sk.hubble_deep_field,
         "immunohistochemistry": sk.immunohistochemistry}.get(name, getattr(sk, name, None))()
    im = Image.fromarray(a)
    return np.asarray(im.convert("RGB" if rgb else "L"))


def patches(a, n, size, rng, left):
    """n patches of size x size from the left 70 % (left) or the right 30 % of picture a."""
    h, w = a.shape[:2]
    cut = int(w * 0.7)
    x0, x1 = (0, cut) if left else (cut, w)
    out = []
    for _ in range(n):
        s = int(rng.integers(size, min(2 * size, h, x1 - x0) + 1))
        y = int(rng.integers(0, h - s + 1))
        x = int(rng.integers(x0, x1 - s + 1))
        im = Image.fromarray(a[y:y + s, x:x + s]).resize((size, size), Image.BILINEAR)
        out.append(im)
    return out


def write(folder, ims):
    os.makedirs(folder, exist_ok=True)
    for i, im in enumerate(ims):
        im.save(os.path.join(folder, "%04d.png" % i))


def picture_pair(dest, base, target, size, rgb):
    if os.path.exists(os.path.join(dest, ".complete")):
        return
    for k, name in enumerate(base):
        write(os.path.join(dest, "base", name),
              patches(picture(name, rgb), BASE, size, np.random.default_rng(100 + k), True))
    for k, name in enumerate(target):
        a = picture(name, rgb)
        write(os.path.join(dest, "test", name), patches(a, TEST, size, np.random.default_rng(200 + k), False))
        for s in (1, 2, 3):
            write(os.path.join(dest, "few%d" % s, name),
                  patches(a, FEW, size, np.random.default_rng(1000 * s + k), True))
    open(os.path.join(dest, ".complete"), "w").close()


def digits(dest, mnist):
    """MNIST 0-4 -> 5-9: the base from the first images, few from the next 500, test the last 200."""
    if os.path.exists(os.path.join(dest, ".complete")):
        return
    for d in range(10):
        names = sorted(os.listdir(os.path.join(mnist, str(d))))
        def link(sub, chosen):
            os.makedirs(os.path.join(dest, sub, str(d)), exist_ok=True)
            for f in chosen:
                os.symlink(os.path.join(mnist, str(d), f), os.path.join(dest, sub, str(d), f))
        if d < 5:
            link("base", names[:-TEST][:BASE])
        else:
            link("test", names[-TEST:])
            for s in (1, 2, 3):
                pick = np.random.default_rng(s).choice(min(500, len(names) - TEST), FEW, replace=False)
                link("few%d" % s, [names[i] for i in sorted(pick)])
    open(os.path.join(dest, ".complete"), "w").close()


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: transfer_pairs.py DEST [MNIST_FOLDERS]")
    dest = sys.argv[1]
    if len(sys.argv) > 2:
        digits(os.path.join(dest, "digits"), sys.argv[2])
    picture_pair(os.path.join(dest, "textures"), GREY_BASE, GREY_TARGET, 28, False)
    picture_pair(os.path.join(dest, "photos"), RGB_BASE, RGB_TARGET, 32, True)


if __name__ == "__main__":
    main()
