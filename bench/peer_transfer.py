#!/usr/bin/python3
"""The PyTorch reference for the README's "Transfer defaults, measured" table: Transfer Learn
CNN's protocol on one task pair of bench/transfer_pairs.py, with PyTorch on the CPU
(bench/transfer-pairs.sh runs it for its pytorch-* variants).

  /usr/bin/python3 bench/peer_transfer.py PAIR_DIR SEED [OPTIONS]

PAIR_DIR holds base/, few1..few3/ and test/. The lecture CNN of bench/peer_pytorch.py is trained
on base/ as Train CNN Classifier does with the script's options (2 epochs, batch 128, seed 1,
75 % of each class; cached in PAIR_DIR/base-pytorch.pt), then on fewSEED/ as Transfer Learn CNN
does, and the accuracy on test/ is printed in percent. OPTIONS are Transfer Learn CNN's, in its
macro syntax, with the same defaults:

  freeze=none                 every layer trains; freeze='' trains the new head only
  head_learn_rate_factor=3    the new head's learning rate, a multiple of initial_learn_rate
  min_iterations=300          more epochs than max_epochs where a tiny folder needs them
  scratch                     no base: Train CNN Classifier's run (the network from random
                              weights, the training images' normalisation, no min_iterations)
  frozen_bn=eval              batch norm of frozen layers: eval keeps the base's statistics
                              (as Deeplearning4j's frozen layers and our feature cache do);
                              train uses each mini-batch's and re-estimates the running ones
  base=ours                   start from the plugin's own base network instead, exported by
                              Export CNN Model to PAIR_DIR/base.onnx (transfer-pairs.sh does)

and max_epochs=30, mini_batch_size=32, training_fraction=0.8 as bench/transfer-pairs.sh passes
them; initial_learn_rate as each command's default: 0.001 for a transfer, 0.01 from scratch.
THREADS=N in the environment sets PyTorch's threads (default 1).

Mirrored from the plugin: the split (MATLAB's splitEachLabel with Java's Random, so the same
four images of each class train), SGD with
classical momentum 0.9, L2 1e-4 on the weights (not on biases or batch norm), Xavier-uniform
weights and zero biases for new layers, one z-score over all pixels and channels (the base
network's, unless the new images are far from it: another bit depth), batch norm eps 1e-5 and
decay 0.9 (PyTorch's momentum 0.1), a last mini-batch that cannot be filled sits the epoch out,
the last epoch's network is kept (validation only watches). Trained layers run batch norm in
training mode (each mini-batch's statistics; here the 20 training images are one mini-batch),
every layer in eval mode on test/.
"""
import math
import os
import sys

import numpy as np
import torch
import torch.nn as nn

sys.dont_write_bytecode = True  # NB: no __pycache__ in bench/ from importing the peer below
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from peer_pytorch import LECTURE, load, network  # noqa: E402

PROTOCOL = {"max_epochs": "30", "mini_batch_size": "32", "training_fraction": "0.8",
            "l2_regularization": "1e-4"}
DEFAULTS = {"freeze": "none", "head_learn_rate_factor": "3", "min_iterations": "300",
            "frozen_bn": "eval"}
BASE = {"max_epochs": 2, "mini_batch_size": 128, "training_fraction": 0.75, "seed": 1}


class JavaRandom:
    """java.util.Random, so that a split here is the plugin's split."""

    def __init__(self, seed):
        self.s = (seed ^ 0x5DEECE66D) & ((1 << 48) - 1)

    def next(self, bits):
        self.s = (self.s * 0x5DEECE66D + 0xB) & ((1 << 48) - 1)
        return self.s >> (48 - bits)

    def next_int(self, bound):
        if bound & -bound == bound:
            return (bound * self.next(31)) >> 31
        while True:
            bits = self.next(31)
            val = bits % bound
            if bits - val + bound - 1 < 1 << 31:
                return val


def split_each_label(y, fraction, seed):
    """DataSplit.splitEachLabel: round(fraction * n) images of each label train, in label order."""
    rnd = JavaRandom(seed)
    train, val = [], []
    for lab in sorted(set(y.tolist())):
        idx = [i for i, v in enumerate(y.tolist()) if v == lab]
        for i in range(len(idx) - 1, 0, -1):  # Collections.shuffle
            j = rnd.next_int(i + 1)
            idx[i], idx[j] = idx[j], idx[i]
        k = max(1, min(len(idx), int(math.floor(fraction * len(idx) + 0.5))))
        train += idx[:k]
        val += idx[k:]
    return np.array(train), np.array(val)


def zscore(x):
    return float(x.mean()), float(x.std())


def far(base, data):
    """InputNormalization.far: the new images sit > 3 stds off, or their spread is 10x off."""
    shift, scale = abs(data[0] - base[0]) / base[1], data[1] / base[1]
    return shift > 3 or scale > 10 or scale < 0.1


def fresh(module):
    """Xavier-uniform weights and zero biases, as the plugin's new layers."""
    for m in module.modules():
        if isinstance(m, (nn.Conv2d, nn.Linear)):
            nn.init.xavier_uniform_(m.weight)
            nn.init.zeros_(m.bias)


def optimiser(body, head, lr, head_factor, l2):
    """SGD, momentum 0.9; L2 on weights only (Deeplearning4j's l2 skips biases and batch norm)."""
    groups = []
    for mods, rate in ((body, lr), (head, lr * head_factor)):
        params = [(n, p) for m in mods for n, p in m.named_parameters() if p.requires_grad]
        decay = [p for n, p in params if n.endswith("weight") and p.dim() > 1]
        other = [p for n, p in params if not (n.endswith("weight") and p.dim() > 1)]
        groups += [{"params": decay, "lr": rate, "weight_decay": l2},
                   {"params": other, "lr": rate, "weight_decay": 0.0}]
    return torch.optim.SGD([g for g in groups if g["params"]], lr=lr, momentum=0.9)


def train(net, body, x, y, epochs, batch, opt, seed, frozen_bn):
    """epochs x floor(n / batch) mini-batches; frozen layers in eval mode unless frozen_bn=train."""
    gen = torch.Generator().manual_seed(seed)
    loss_fn = nn.CrossEntropyLoss()
    per_epoch = max(1, len(x) // batch)
    for _ in range(epochs):
        net.train()
        if body is not None and frozen_bn == "eval":
            body.eval()
        perm = torch.randperm(len(x), generator=gen)
        for b in range(per_epoch):
            i = perm[b * batch:(b + 1) * batch]
            opt.zero_grad()
            loss_fn(net(x[i]), y[i]).backward()
            opt.step()


def accuracy(net, x, y):
    net.eval()
    with torch.no_grad():
        hits = sum((net(x[i:i + 256]).argmax(1) == y[i:i + 256]).sum().item()
                   for i in range(0, len(x), 256))
    return 100.0 * hits / len(x)


def shape(folder):
    """Size and channels of the pair's images (all the same: square, grey or RGB)."""
    from PIL import Image
    lab = sorted(os.listdir(folder))[0]
    name = sorted(os.listdir(os.path.join(folder, lab)))[0]
    im = Image.open(os.path.join(folder, lab, name))
    return im.size[0], 3 if im.mode in ("RGB", "RGBA", "P") else 1


def varint(b, i):
    r = s = 0
    while True:
        c = b[i]
        r, s, i = r | (c & 0x7f) << s, s + 7, i + 1
        if c < 0x80:
            return r, i


def fields(b):
    """(number, wire type, value) of each field of a protocol buffer message."""
    i = 0
    while i < len(b):
        key, i = varint(b, i)
        t = key & 7
        if t == 0:
            v, i = varint(b, i)
        elif t in (1, 5):
            n = 8 if t == 1 else 4
            v, i = b[i:i + n], i + n
        else:
            n, i = varint(b, i)
            v, i = b[i:i + n], i + n
        yield key >> 3, t, v


def onnx_initializers(path):
    """The float initializers of an ONNX file by name (ModelProto.graph.initializer)."""
    graph = next(v for f, _, v in fields(open(path, "rb").read()) if f == 7)
    out = {}
    for f, _, tensor in fields(graph):
        if f != 5:
            continue
        dims, name, values = [], "", b""
        for g, t, v in fields(tensor):
            if g == 1 and t == 0:
                dims.append(v)
            elif g == 1:  # packed
                j = 0
                while j < len(v):
                    d, j = varint(v, j)
                    dims.append(d)
            elif g == 8:
                name = v.decode()
            elif g in (4, 9):  # float_data (packed) or raw_data
                values += v
        out[name] = np.frombuffer(values, "<f4").reshape(dims).copy()
    return out


def load_ours(net, path):
    """Our base network's weights (exported as ONNX) into the lecture CNN, layer by layer."""
    w = onnx_initializers(path)
    convs = sorted({k[:-2] for k in w if k.startswith("conv") and k.endswith("_W")})
    bns = sorted({k[:-6] for k in w if k.endswith("_scale")})
    mods = [m for m in net if isinstance(m, (nn.Conv2d, nn.BatchNorm2d))]
    pairs = zip([m for m in mods if isinstance(m, nn.Conv2d)], convs)
    with torch.no_grad():
        for m, k in pairs:
            m.weight.copy_(torch.from_numpy(w[k + "_W"]))
            m.bias.copy_(torch.from_numpy(w[k + "_b"]))
        for m, k in zip([m for m in mods if isinstance(m, nn.BatchNorm2d)], bns):
            m.weight.copy_(torch.from_numpy(w[k + "_scale"]))
            m.bias.copy_(torch.from_numpy(w[k + "_bias"]))
            m.running_mean.copy_(torch.from_numpy(w[k + "_mean"]))
            m.running_var.copy_(torch.from_numpy(w[k + "_var"]))
        fc = [k[:-2] for k in w if k.endswith("_W") and w[k].ndim == 2][-1]
        net[-1].weight.copy_(torch.from_numpy(w[fc + "_W"].T))  # NB: Gemm's is inputs x outputs
        net[-1].bias.copy_(torch.from_numpy(w[fc + "_b"]))


def validated(who, net, x, y, norm):
    """Says on stderr how well a base network does on its validation images."""
    acc = accuracy(net, torch.from_numpy((x - norm[0]) / norm[1]), torch.from_numpy(y))
    print("%s: %.2f %% on its %d validation images" % (who, acc, len(x)), file=sys.stderr)


def base_network(pair, size, channels, ours=False):
    """The lecture CNN trained on base/ (cached), and the normalisation it was trained with."""
    if ours:
        labels, x, y = load(os.path.join(pair, "base"), size, channels)
        tr, va = split_each_label(y, BASE["training_fraction"], BASE["seed"])
        norm = zscore(x[tr])  # NB: the same images as the plugin's, so its mean and std
        net = network(LECTURE, len(labels), size, channels)
        load_ours(net, os.path.join(pair, "base.onnx"))
        validated("our base network", net, x[va], y[va], norm)
        return net, norm
    cache = os.path.join(pair, "base-pytorch.pt")
    if os.path.exists(cache):
        saved = torch.load(cache)
        net = network(LECTURE, saved["classes"], size, channels)
        net.load_state_dict(saved["state"])
        return net, saved["norm"]
    labels, x, y = load(os.path.join(pair, "base"), size, channels)
    tr, va = split_each_label(y, BASE["training_fraction"], BASE["seed"])
    norm = zscore(x[tr])
    torch.manual_seed(BASE["seed"])
    net = network(LECTURE, len(labels), size, channels)
    fresh(net)
    xt = torch.from_numpy((x[tr] - norm[0]) / norm[1])
    opt = optimiser([net], [], 0.01, 1, 1e-4)
    train(net, None, xt, torch.from_numpy(y[tr]), BASE["max_epochs"], BASE["mini_batch_size"],
          opt, BASE["seed"], "eval")
    validated("PyTorch's base network", net, x[va], y[va], norm)
    tmp = cache + ".%d.tmp" % os.getpid()
    torch.save({"classes": len(labels), "state": net.state_dict(), "norm": norm}, tmp)
    os.replace(tmp, cache)
    return net, norm


def options(args):
    """key=value words, comma-separated (quotes as in a macro), over the defaults."""
    o = dict(PROTOCOL, **DEFAULTS)
    for word in ",".join(args).split(","):
        if not word.strip():
            continue
        k, _, v = word.partition("=")
        o[k.strip()] = v.strip().strip("'\"") if _ else "true"
    o.setdefault("initial_learn_rate", "0.01" if "scratch" in o else "0.001")
    return o


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: peer_transfer.py PAIR_DIR SEED [key=value,...] [scratch]")
    pair, seed, o = sys.argv[1], int(sys.argv[2]), options(sys.argv[3:])
    torch.set_num_threads(int(os.environ.get("THREADS", "1")))
    size, channels = shape(os.path.join(pair, "base"))
    labels, x, y = load(os.path.join(pair, "few%d" % seed), size, channels)
    tr, _ = split_each_label(y, float(o["training_fraction"]), seed)
    _, xs, ys = load(os.path.join(pair, "test"), size, channels)
    lr, l2 = float(o["initial_learn_rate"]), float(o["l2_regularization"])
    batch = min(int(o["mini_batch_size"]), len(tr))
    per_epoch = max(1, len(tr) // batch)
    epochs = int(o["max_epochs"])
    if "scratch" in o:
        norm = zscore(x[tr])
        torch.manual_seed(seed)
        net = network(LECTURE, len(labels), size, channels)
        fresh(net)
        body, frozen = None, False
        opt = optimiser([net], [], lr, 1, l2)
    else:
        base, norm = base_network(pair, size, channels, o.get("base") == "ours")
        data = zscore(x[tr])
        if far(norm, data):
            norm = data  # normalization=auto
        body = nn.Sequential(*list(base.children())[:-1])
        torch.manual_seed(seed)
        head = nn.Linear(base[-1].in_features, len(labels))
        fresh(head)
        net = nn.Sequential(body, head)
        frozen = o["freeze"] != "none"
        if o["freeze"] not in ("none", ""):
            sys.exit("peer_transfer.py: freeze must be none or '' (the head only)")
        for p in body.parameters():
            p.requires_grad = not frozen
        opt = optimiser([body], [head], lr, float(o["head_learn_rate_factor"]), l2)
        epochs = max(epochs, -(-int(o["min_iterations"]) // per_epoch))
    xt = torch.from_numpy((x[tr] - norm[0]) / norm[1])
    train(net, body if frozen else None, xt, torch.from_numpy(y[tr]), epochs, batch, opt, seed,
          o["frozen_bn"])
    print("%.2f" % accuracy(net, torch.from_numpy((xs - norm[0]) / norm[1]), torch.from_numpy(ys)))


if __name__ == "__main__":
    main()
