#!/usr/bin/env python3
"""Trains the lecture CNN in PyTorch on test-images/digits and exports it as ONNX (opset 13,
dynamic batch, softmax inside), with PyTorch's probabilities for every plane of
test-images/digits-stack.tif: the fixture ONNX import is tested against (so the tests need no Python).

Debian: apt-get install python3-torch python3-pil; run from the repository root:
  /usr/bin/python3 bench/export_pytorch_onnx.py [OUT_DIR]
Inputs are pixels / 255 (import with normalization=0/255).
"""
import os
import sys

import numpy as np
import torch
from PIL import Image
from torch import nn

ROOT = "test-images/digits"
STACK = "test-images/digits-stack.tif"


def load():
    labels = sorted(d for d in os.listdir(ROOT) if os.path.isdir(os.path.join(ROOT, d)))
    xs, ys = [], []
    for li, lab in enumerate(labels):
        for name in sorted(os.listdir(os.path.join(ROOT, lab))):
            xs.append(np.asarray(Image.open(os.path.join(ROOT, lab, name)).convert("L"), np.float32) / 255)
            ys.append(li)
    return labels, torch.tensor(np.stack(xs)[:, None]), torch.tensor(ys)


def lecture_cnn(classes):
    """conv3x3x8 bn relu maxpool2 conv3x3x16 bn relu maxpool2 conv3x3x32 bn relu, then the head."""
    def block(cin, cout):
        return [nn.Conv2d(cin, cout, 3, padding=1), nn.BatchNorm2d(cout), nn.ReLU()]
    return nn.Sequential(*block(1, 8), nn.MaxPool2d(2, 2), *block(8, 16), nn.MaxPool2d(2, 2),
                         *block(16, 32), nn.Flatten(), nn.Linear(32 * 7 * 7, classes))


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "src/test/resources/fixtures"
    torch.manual_seed(42)
    labels, x, y = load()
    net = lecture_cnn(len(labels))
    opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9)
    for epoch in range(4):
        perm = torch.randperm(len(x))
        for i in range(0, len(x), 32):
            idx = perm[i:i + 32]
            opt.zero_grad()
            loss = nn.functional.cross_entropy(net(x[idx]), y[idx])
            loss.backward()
            opt.step()
        print("epoch", epoch + 1, "loss", float(loss))
    model = nn.Sequential(net, nn.Softmax(dim=1)).eval()
    onnx_file = os.path.join(out, "pytorch-lecture-cnn.onnx")
    torch.onnx.export(model, x[:1], onnx_file, opset_version=13, input_names=["input"],
                      output_names=["probabilities"],
                      dynamic_axes={"input": {0: "batch"}, "probabilities": {0: "batch"}})
    stack = Image.open(STACK)
    planes = []
    for i in range(stack.n_frames):
        stack.seek(i)
        planes.append(np.asarray(stack.convert("L"), np.float32) / 255)
    with torch.no_grad():
        p = model(torch.tensor(np.stack(planes)[:, None])).numpy()
    with open(os.path.join(out, "pytorch-lecture-cnn-digits-stack.csv"), "w") as f:
        f.write("plane,label," + ",".join("P_" + l for l in labels) + "\n")
        for i, row in enumerate(p):
            f.write("%d,%s,%s\n" % (i + 1, labels[int(row.argmax())], ",".join("%.8g" % v for v in row)))
    print("wrote", onnx_file, os.path.getsize(onnx_file), "bytes")


if __name__ == "__main__":
    main()
