#!/usr/bin/python3
"""Writes a channels-last Keras 2 model of benchmark size as one .h5 (random weights), in Keras's
layout, with the helpers of src/test/resources/keras/make_fixtures.py: 64x64x3 input, Conv2D 32,
BatchNormalization, Activation, Conv2D 32, MaxPooling2D, Conv2D 64, BatchNormalization,
Activation, Conv2D 64, MaxPooling2D, Conv2D 128, MaxPooling2D, Flatten, Dense 128, Dense 10.
ChannelsFirstBenchmark times the features of a transfer from it.

  /usr/bin/python3 bench/keras_nhwc_base.py /tmp/nhwc-base.h5
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "test",
                                "resources", "keras"))
from make_fixtures import (activation_config, bn_config, conv_config, dense_config,  # noqa: E402
                           flatten_config, glorot, input_config, pool_config, write)


def main():
    rng = np.random.default_rng(17)
    layers, weights, channels = [], {}, 3

    def conv(name, filters):
        nonlocal channels
        layers.append(conv_config(name, filters, 3, "same", "linear"))
        weights[name] = [("kernel", glorot(rng, (3, 3, channels, filters), 9 * channels,
                                           9 * filters)), ("bias", rng.normal(0, 0.1, filters))]
        channels = filters

    def bn(name):
        layers.append(bn_config(name))
        weights[name] = [("gamma", rng.uniform(0.5, 1.5, channels)),
                         ("beta", rng.normal(0, 0.2, channels)),
                         ("moving_mean", rng.normal(0, 0.3, channels)),
                         ("moving_variance", rng.uniform(0.5, 2, channels))]

    for i, filters in enumerate((32, 64)):
        conv("conv%d_a" % i, filters)
        bn("bn%d" % i)
        layers.append(activation_config("relu%d" % i, "relu"))
        conv("conv%d_b" % i, filters)
        layers.append(pool_config("pool%d" % i))
    conv("conv2", 128)
    layers.append(pool_config("pool2"))
    layers.append(flatten_config("flatten"))
    layers.append(dense_config("dense", 128, "relu"))
    weights["dense"] = [("kernel", glorot(rng, (8 * 8 * 128, 128), 8192, 128)),
                        ("bias", rng.normal(0, 0.1, 128))]
    layers.append(dense_config("dense_1", 10, "softmax"))
    weights["dense_1"] = [("kernel", glorot(rng, (128, 10), 128, 10)),
                          ("bias", rng.normal(0, 0.1, 10))]
    config = {"class_name": "Sequential", "config": {"name": "sequential", "layers":
              [input_config("conv0_a_input", (64, 64, 3))] + layers}}
    write(sys.argv[1], config, [l["config"]["name"] for l in layers], weights)


if __name__ == "__main__":
    main()
