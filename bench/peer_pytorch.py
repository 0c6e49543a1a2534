#!/usr/bin/python3
"""CNN Classifier's PyTorch peer: the same network, data, split and solver as the plugin's
"Benchmark CNN" command, trained and applied with PyTorch on the CPU, for the README's
side-by-side performance table (bench/compare.sh runs both).

Reads a labelled folder (ROOT/<label>/<image>), the layout the plugin trains from, converts
every image to 8-bit grey (--channels 1) or RGB (--channels 3) of --size x --size pixels,
splits it 75/25 per label with a fixed seed, trains --epochs epochs with SGD + momentum 0.9
(no L2), and prints one closing line in the format of Benchmark CNN's:

  peer=pytorch-<version> threads=N images=N train_img_per_s=X infer_img_per_s=Y val_acc=Z

Both sides time the same regions: training over all mini-batches (data already in memory),
and inference on the validation images in batches of 256 after one untimed batch.
--arch takes a network in CNN Classifier's layer-spec grammar (default: the lecture CNN),
e.g. --arch "conv3x3x16 bn relu maxpool2 conv3x3x32 bn relu gap" --size 64 --channels 3.

Setup (Debian packages): apt-get install -y python3-torch python3-pil python3-numpy
Run with Debian's interpreter: /usr/bin/python3 bench/peer_pytorch.py --data DIR [--batch 64]
"""
import argparse
import os
import random
import sys
import time

import numpy as np
import torch
import torch.nn as nn
from PIL import Image

EXTS = {".png", ".pgm", ".tif", ".tiff", ".jpg", ".jpeg", ".bmp", ".gif"}


def load(root, size, channels):
    labels = sorted(d for d in os.listdir(root) if os.path.isdir(os.path.join(root, d)))
    xs, ys = [], []
    for li, lab in enumerate(labels):
        folder = os.path.join(root, lab)
        for name in sorted(os.listdir(folder)):
            if os.path.splitext(name)[1].lower() not in EXTS:
                continue
            im = Image.open(os.path.join(folder, name)).convert("L" if channels == 1 else "RGB")
            if im.size != (size, size):
                im = im.resize((size, size), Image.BILINEAR)
            xs.append(np.asarray(im, dtype=np.float32) / 255.0)
            ys.append(li)
    # NB: grey as a (N, 1, H, W) view, as earlier runs of this script had it: PyTorch picks its
    # convolution kernel by strides, and the last digits of training follow that choice.
    x = np.stack(xs)[:, None, :, :] if channels == 1 else np.stack(xs).transpose(0, 3, 1, 2).copy()
    return labels, x, np.array(ys, dtype=np.int64)


def split_each_label(y, fraction, seed):
    rng = random.Random(seed)
    train, val = [], []
    for lab in sorted(set(y.tolist())):
        idx = [i for i, v in enumerate(y.tolist()) if v == lab]
        rng.shuffle(idx)
        k = int(round(len(idx) * fraction))
        train += idx[:k]
        val += idx[k:]
    rng.shuffle(train)
    return np.array(train), np.array(val)


LECTURE = "conv3x3x8 bn relu maxpool2 conv3x3x16 bn relu maxpool2 conv3x3x32 bn relu"


class Residual(nn.Module):
    """res[...]: body(x) + x, through a 1x1 convolution where the channel counts differ."""

    def __init__(self, body, cin, cout):
        super().__init__()
        self.body = body
        self.shortcut = nn.Identity() if cin == cout else nn.Conv2d(cin, cout, 1)

    def forward(self, x):
        return self.body(x) + self.shortcut(x)


def tokens(spec):
    """Splits a layer spec at spaces, keeping each res[...] group (nested ones too) whole."""
    out, depth, cur = [], 0, ""
    for ch in spec + " ":
        if ch.isspace() and depth == 0:
            if cur:
                out.append(cur)
            cur = ""
            continue
        depth += (ch == "[") - (ch == "]")
        cur += ch
    if depth:
        raise SystemExit("unbalanced [ ] in layer spec: " + spec)
    return out


def layers(spec, cin, side):
    """Builds the layers of a spec such as LECTURE; returns (modules, channels, side, flat)."""
    mods, flat = [], False
    for t in tokens(spec):
        if t.startswith("res["):
            body, c, s2, _ = layers(t[t.index("[") + 1:t.rindex("]")], cin, side)
            mods.append(Residual(nn.Sequential(*body), cin, c))
            cin, side = c, s2
        elif t.startswith("conv"):
            k, _, f = (int(v) for v in t[4:].split("x"))
            mods.append(nn.Conv2d(cin, f, k, padding=k // 2))
            cin = f
        elif t == "bn":
            mods.append(nn.BatchNorm1d(cin) if flat else nn.BatchNorm2d(cin))
        elif t == "relu":
            mods.append(nn.ReLU())
        elif t.startswith("maxpool"):
            p = int(t[7:]); mods.append(nn.MaxPool2d(p, p)); side //= p
        elif t.startswith("avgpool"):
            p = int(t[7:]); mods.append(nn.AvgPool2d(p, p)); side //= p
        elif t == "gap":
            mods += [nn.AdaptiveAvgPool2d(1), nn.Flatten()]; side, flat = 1, True
        elif t.startswith("dropout"):
            mods.append(nn.Dropout(float(t[7:])))
        elif t.startswith("fc"):
            if not flat:
                mods.append(nn.Flatten()); cin, side, flat = cin * side * side, 1, True
            mods.append(nn.Linear(cin, int(t[2:]))); cin = int(t[2:])
        else:
            raise SystemExit("unknown layer token: " + t)
    return mods, cin, side, flat


def network(spec, n_classes, size, channels):
    """The spec's layers, then a fully connected layer with one output per class (softmax in the loss)."""
    mods, cin, side, flat = layers(spec, channels, size)
    if not flat:
        mods.append(nn.Flatten()); cin = cin * side * side
    return nn.Sequential(*mods, nn.Linear(cin, n_classes))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data", required=True)
    p.add_argument("--size", type=int, default=28)
    p.add_argument("--channels", type=int, choices=(1, 3), default=1)
    p.add_argument("--arch", default=LECTURE, help="layer spec, e.g. the default: " + LECTURE)
    p.add_argument("--epochs", type=int, default=4)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--lr", type=float, default=0.01)
    p.add_argument("--threads", type=int, default=os.cpu_count())
    p.add_argument("--seed", type=int, default=42)
    a = p.parse_args()

    torch.manual_seed(a.seed)
    torch.set_num_threads(a.threads)
    labels, x, y = load(a.data, a.size, a.channels)
    tr, va = split_each_label(y, 0.75, a.seed)
    xt, yt = torch.from_numpy(x[tr]), torch.from_numpy(y[tr])
    xv, yv = torch.from_numpy(x[va]), torch.from_numpy(y[va])

    net = network(a.arch, len(labels), a.size, a.channels)
    opt = torch.optim.SGD(net.parameters(), lr=a.lr, momentum=0.9)
    loss_fn = nn.CrossEntropyLoss()

    seen, train_s = 0, 0.0
    for epoch in range(a.epochs):
        net.train()
        perm = torch.randperm(len(xt))
        t0 = time.perf_counter()
        for i in range(0, len(xt), a.batch):
            b = perm[i:i + a.batch]
            opt.zero_grad()
            loss = loss_fn(net(xt[b]), yt[b])
            loss.backward()
            opt.step()
            seen += len(b)
        train_s += time.perf_counter() - t0

    net.eval()
    correct = 0
    with torch.no_grad():  # one untimed batch: the first call builds the kernels
        net(xv[:256])
    t0 = time.perf_counter()
    with torch.no_grad():
        for i in range(0, len(xv), 256):
            correct += (net(xv[i:i + 256]).argmax(1) == yv[i:i + 256]).sum().item()
    infer_s = time.perf_counter() - t0

    print(f"peer=pytorch-{torch.__version__} threads={a.threads} images={len(y)} "
          f"train_img_per_s={seen / train_s:.1f} infer_img_per_s={len(xv) / infer_s:.1f} "
          f"val_acc={correct / max(1, len(xv)):.4f}")


if __name__ == "__main__":
    sys.exit(main())
