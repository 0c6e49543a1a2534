#!/usr/bin/python3
"""Writes small Keras 2 models as .h5 files, with the outputs they give, for the import tests.

No Keras is at hand on our build machines, so this writes Keras's HDF5 layout itself with h5py
(as tf.keras 2.x's save_model_to_hdf5 does: the model_config and training_config JSON as
attributes of the root, the weights under model_weights/<layer>/<layer>/<weight>:0) and computes
each model's forward pass in NumPy, exactly as Keras defines its layers (channels_last).

    apt-get install python3-h5py python3-numpy
    /usr/bin/python3 make_fixtures.py        # rewrites the files beside this script

Writes sequential.h5 (Conv2D, MaxPooling2D, Flatten, Dense), functional.h5 (Conv2D,
BatchNormalization, Activation, Add, GlobalAveragePooling2D, Dense) and, for each, a .json with
seeded inputs (NHWC) and the softmax outputs Keras computes for them; and two files that must be
refused: weights-only.h5 (what Keras's save_weights writes: no model configuration) and
lying.h5 (the sequential model whose dense kernel declares 40 billion values it never stores);
gap-end.h5 (Conv2D, a 1x1 Conv2D to the classes, GlobalAveragePooling2D, softmax) and
flat-input.h5 (TensorFlow's tutorial model: Flatten(input_shape=(28, 28)), Dense, Dense).
"""
import json
import os

import h5py
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
KERAS_VERSION = "2.4.0"
INIT = {"class_name": "GlorotUniform", "config": {"seed": None}}
ZEROS = {"class_name": "Zeros", "config": {}}


def common(name):
    return {"name": name, "trainable": True, "dtype": "float32"}


def conv_config(name, filters, k, padding, activation):
    c = common(name)
    c.update({"filters": filters, "kernel_size": [k, k], "strides": [1, 1], "padding": padding,
              "data_format": "channels_last", "dilation_rate": [1, 1], "groups": 1,
              "activation": activation, "use_bias": True, "kernel_initializer": INIT,
              "bias_initializer": ZEROS, "kernel_regularizer": None, "bias_regularizer": None,
              "activity_regularizer": None, "kernel_constraint": None, "bias_constraint": None})
    return {"class_name": "Conv2D", "config": c}


def dense_config(name, units, activation):
    c = common(name)
    c.update({"units": units, "activation": activation, "use_bias": True,
              "kernel_initializer": INIT, "bias_initializer": ZEROS, "kernel_regularizer": None,
              "bias_regularizer": None, "activity_regularizer": None, "kernel_constraint": None,
              "bias_constraint": None})
    return {"class_name": "Dense", "config": c}


def input_config(name, shape):
    return {"class_name": "InputLayer", "config": {"batch_input_shape": [None] + list(shape),
            "dtype": "float32", "sparse": False, "ragged": False, "name": name}}


def pool_config(name):
    c = common(name)
    c.update({"pool_size": [2, 2], "padding": "valid", "strides": [2, 2],
              "data_format": "channels_last"})
    return {"class_name": "MaxPooling2D", "config": c}


def flatten_config(name):
    c = common(name)
    c["data_format"] = "channels_last"
    return {"class_name": "Flatten", "config": c}


def bn_config(name):
    c = common(name)
    c.update({"axis": [3], "momentum": 0.99, "epsilon": 0.001, "center": True, "scale": True,
              "beta_initializer": ZEROS, "gamma_initializer": {"class_name": "Ones", "config": {}},
              "moving_mean_initializer": ZEROS,
              "moving_variance_initializer": {"class_name": "Ones", "config": {}},
              "beta_regularizer": None, "gamma_regularizer": None, "beta_constraint": None,
              "gamma_constraint": None})
    return {"class_name": "BatchNormalization", "config": c}


def activation_config(name, activation):
    c = common(name)
    c["activation"] = activation
    return {"class_name": "Activation", "config": c}


def add_config(name):
    return {"class_name": "Add", "config": common(name)}


def gap_config(name):
    c = common(name)
    c["data_format"] = "channels_last"
    return {"class_name": "GlobalAveragePooling2D", "config": c}


# NumPy versions of the layers (NHWC, Keras's definitions).
def conv(x, w, b, padding, activation):
    k = w.shape[0]
    if padding == "same":
        p = (k - 1) // 2
        x = np.pad(x, ((0, 0), (p, k - 1 - p), (p, k - 1 - p), (0, 0)))
    n, h, wd, _ = x.shape
    oh, ow = h - k + 1, wd - k + 1
    out = np.zeros((n, oh, ow, w.shape[3]), dtype=np.float64)
    for i in range(k):
        for j in range(k):
            out += np.tensordot(x[:, i:i + oh, j:j + ow, :], w[i, j], axes=([3], [0]))
    return act(out + b, activation)


def act(x, activation):
    if activation == "relu":
        return np.maximum(x, 0)
    if activation == "softmax":
        e = np.exp(x - x.max(axis=-1, keepdims=True))
        return e / e.sum(axis=-1, keepdims=True)
    return x


def maxpool(x):
    n, h, w, c = x.shape
    return x[:, :h // 2 * 2, :w // 2 * 2, :].reshape(n, h // 2, 2, w // 2, 2, c).max(axis=(2, 4))


def batchnorm(x, gamma, beta, mean, var, eps=0.001):
    return gamma * (x - mean) / np.sqrt(var + eps) + beta


def write(path, config, layers, weights):
    """Keras 2's HDF5 layout: layers in order; weights maps a layer name to [(name, array)]."""
    with h5py.File(path, "w") as f:
        f.attrs["keras_version"] = KERAS_VERSION.encode("utf8")
        f.attrs["backend"] = b"tensorflow"
        f.attrs["model_config"] = json.dumps(config).encode("utf8")
        f.attrs["training_config"] = json.dumps({
            "loss": "categorical_crossentropy", "metrics": ["accuracy"], "weighted_metrics": None,
            "loss_weights": None, "optimizer_config": {"class_name": "SGD", "config": {
                "name": "SGD", "learning_rate": 0.01, "decay": 0.0, "momentum": 0.0,
                "nesterov": False}}}).encode("utf8")
        g = f.create_group("model_weights")
        g.attrs["layer_names"] = [name.encode("utf8") for name in layers]
        g.attrs["backend"] = b"tensorflow"
        g.attrs["keras_version"] = KERAS_VERSION.encode("utf8")
        for name in layers:
            lg = g.create_group(name)
            ws = weights.get(name, [])
            names = [(name + "/" + w + ":0").encode("utf8") for w, _ in ws]
            lg.attrs["weight_names"] = np.array(names) if names else np.array([], dtype="S1")
            for (w, value), full in zip(ws, names):
                lg.create_dataset(full.decode("utf8"), data=value.astype(np.float32))


def glorot(rng, shape, fan_in, fan_out):
    limit = np.sqrt(6 / (fan_in + fan_out))
    return f32(rng.uniform(-limit, limit, shape))


def f32(a):
    """NB: the values as stored (float32), so that NumPy computes with what Java reads."""
    return np.asarray(a, dtype=np.float32).astype(np.float64)


def sequential(rng):
    w1, b1 = glorot(rng, (3, 3, 1, 4), 9, 36), f32(rng.normal(0, 0.1, 4))
    w2, b2 = glorot(rng, (3, 3, 4, 6), 36, 54), f32(rng.normal(0, 0.1, 6))
    w3, b3 = glorot(rng, (4 * 4 * 6, 8), 96, 8), f32(rng.normal(0, 0.1, 8))
    w4, b4 = glorot(rng, (8, 3), 8, 3), f32(rng.normal(0, 0.1, 3))
    layers = [conv_config("conv2d", 4, 3, "same", "relu"), pool_config("max_pooling2d"),
              conv_config("conv2d_1", 6, 3, "valid", "relu"), flatten_config("flatten"),
              dense_config("dense", 8, "relu"), dense_config("dense_1", 3, "softmax")]
    config = {"class_name": "Sequential", "config": {"name": "sequential", "layers":
              [input_config("conv2d_input", (12, 12, 1))] + layers}}
    weights = {"conv2d": [("kernel", w1), ("bias", b1)], "conv2d_1": [("kernel", w2), ("bias", b2)],
               "dense": [("kernel", w3), ("bias", b3)], "dense_1": [("kernel", w4), ("bias", b4)]}

    def forward(x):
        y = maxpool(conv(x, w1, b1, "same", "relu"))
        y = conv(y, w2, b2, "valid", "relu").reshape(len(x), -1)
        return act(act(y @ w3 + b3, "relu") @ w4 + b4, "softmax")

    return config, [l["config"]["name"] for l in layers], weights, (12, 12, 1), forward


def functional(rng):
    w1, b1 = glorot(rng, (3, 3, 3, 4), 27, 36), f32(rng.normal(0, 0.1, 4))
    gamma, beta = f32(rng.uniform(0.5, 1.5, 4)), f32(rng.normal(0, 0.2, 4))
    mean, var = f32(rng.normal(0, 0.3, 4)), f32(rng.uniform(0.5, 2, 4))
    w2, b2 = glorot(rng, (1, 1, 4, 4), 4, 4), f32(rng.normal(0, 0.1, 4))
    w3, b3 = glorot(rng, (4, 3), 4, 3), f32(rng.normal(0, 0.1, 3))

    def node(cfg, *inputs):
        cfg["name"] = cfg["config"]["name"]
        cfg["inbound_nodes"] = [[[i, 0, 0, {}] for i in inputs]] if inputs else []
        return cfg

    layers = [node(input_config("input_1", (10, 10, 3))),
              node(conv_config("conv2d", 4, 3, "same", "linear"), "input_1"),
              node(bn_config("batch_normalization"), "conv2d"),
              node(activation_config("activation", "relu"), "batch_normalization"),
              node(conv_config("conv2d_1", 4, 1, "same", "linear"), "activation"),
              node(add_config("add"), "activation", "conv2d_1"),
              node(gap_config("global_average_pooling2d"), "add"),
              node(dense_config("dense", 3, "softmax"), "global_average_pooling2d")]
    config = {"class_name": "Functional", "config": {"name": "model", "layers": layers,
              "input_layers": [["input_1", 0, 0]], "output_layers": [["dense", 0, 0]]}}
    weights = {"conv2d": [("kernel", w1), ("bias", b1)],
               "batch_normalization": [("gamma", gamma), ("beta", beta), ("moving_mean", mean),
                                       ("moving_variance", var)],
               "conv2d_1": [("kernel", w2), ("bias", b2)], "dense": [("kernel", w3), ("bias", b3)]}

    def forward(x):
        a = act(batchnorm(conv(x, w1, b1, "same", "linear"), gamma, beta, mean, var), "relu")
        y = a + conv(a, w2, b2, "same", "linear")
        return act(y.mean(axis=(1, 2)) @ w3 + b3, "softmax")

    return config, [l["name"] for l in layers], weights, (10, 10, 3), forward


def gap_end(rng):
    """A channels_last classifier that ends in a 1x1 convolution and global pooling (SqueezeNet's
    way); height 8 differs from the 5 channels, so pooling over the wrong axes cannot pass."""
    w1, b1 = glorot(rng, (3, 3, 3, 5), 27, 45), f32(rng.normal(0, 0.1, 5))
    w2, b2 = glorot(rng, (1, 1, 5, 3), 5, 3), f32(rng.normal(0, 0.1, 3))

    def node(cfg, *inputs):
        cfg["name"] = cfg["config"]["name"]
        cfg["inbound_nodes"] = [[[i, 0, 0, {}] for i in inputs]] if inputs else []
        return cfg

    layers = [node(input_config("input_1", (8, 8, 3))),
              node(conv_config("conv2d", 5, 3, "same", "relu"), "input_1"),
              node(conv_config("conv2d_1", 3, 1, "same", "linear"), "conv2d"),
              node(gap_config("global_average_pooling2d"), "conv2d_1"),
              node(activation_config("activation", "softmax"), "global_average_pooling2d")]
    config = {"class_name": "Functional", "config": {"name": "model", "layers": layers,
              "input_layers": [["input_1", 0, 0]], "output_layers": [["activation", 0, 0]]}}
    weights = {"conv2d": [("kernel", w1), ("bias", b1)], "conv2d_1": [("kernel", w2), ("bias", b2)]}

    def forward(x):
        y = conv(conv(x, w1, b1, "same", "relu"), w2, b2, "same", "linear")
        return act(y.mean(axis=(1, 2)), "softmax")

    return config, [l["name"] for l in layers], weights, (8, 8, 3), forward


def flat_input(rng):
    """TensorFlow's beginner tutorial: Flatten(input_shape=(28, 28)), Dense, Dense (tf.keras 2.4
    writes the Flatten's batch_input_shape, [None, 28, 28], on an InputLayer before it)."""
    w1, b1 = glorot(rng, (28 * 28, 8), 784, 8), f32(rng.normal(0, 0.1, 8))
    w2, b2 = glorot(rng, (8, 3), 8, 3), f32(rng.normal(0, 0.1, 3))
    flatten = flatten_config("flatten")
    flatten["config"]["batch_input_shape"] = [None, 28, 28]
    layers = [flatten, dense_config("dense", 8, "relu"), dense_config("dense_1", 3, "softmax")]
    config = {"class_name": "Sequential", "config": {"name": "sequential", "layers":
              [input_config("flatten_input", (28, 28))] + layers}}
    weights = {"dense": [("kernel", w1), ("bias", b1)], "dense_1": [("kernel", w2), ("bias", b2)]}

    def forward(x):
        return act(act(x.reshape(len(x), -1) @ w1 + b1, "relu") @ w2 + b2, "softmax")

    return config, [l["config"]["name"] for l in layers], weights, (28, 28, 1), forward


def main():
    for name, make, seed in (("sequential", sequential, 9001), ("functional", functional, 9002),
                             ("gap-end", gap_end, 9003), ("flat-input", flat_input, 9004)):
        rng = np.random.default_rng(seed)
        config, layers, weights, shape, forward = make(rng)
        write(os.path.join(HERE, name + ".h5"), config, layers, weights)
        x = rng.uniform(0, 1, (4,) + shape).astype(np.float32)
        with open(os.path.join(HERE, name + ".json"), "w") as f:
            json.dump({"input_nhwc": list(shape), "inputs": x.reshape(4, -1).tolist(),
                       "outputs": forward(x.astype(np.float64)).tolist()}, f, indent=1)
        if name == "sequential":
            refused(config, layers, weights)


def refused(config, layers, weights):
    with h5py.File(os.path.join(HERE, "weights-only.h5"), "w") as f:
        f.attrs["keras_version"] = KERAS_VERSION.encode("utf8")
        f.attrs["backend"] = b"tensorflow"
        f.attrs["layer_names"] = [name.encode("utf8") for name in layers]
        for name in layers:
            g = f.create_group(name)
            g.attrs["weight_names"] = np.array([], dtype="S1")
    path = os.path.join(HERE, "lying.h5")
    write(path, config, layers, {k: v for k, v in weights.items() if k != "dense"})
    with h5py.File(path, "a") as f:
        g = f["model_weights/dense"]
        g.attrs["weight_names"] = [b"dense/kernel:0", b"dense/bias:0"]
        # NB: declared but never written: HDF5 allocates the space only when data comes.
        g.create_dataset("dense/kernel:0", shape=(200000, 200000), dtype="f4")
        g.create_dataset("dense/bias:0", data=np.zeros(8, dtype=np.float32))


if __name__ == "__main__":
    main()
