#!/usr/bin/python3
"""Writes small Keras 3 models (TensorFlow >= 2.16) in Keras 3's own layouts, with their outputs.

No Keras is at hand on our build machines, so this writes what Keras 3 writes, with h5py and
zipfile, as read from files that Keras 3.8-3.13 saved:
- a .keras file is a zip of metadata.json ({"keras_version": "3.x", ...}), config.json (the
  model's serialized config: "module", "registered_name", "build_config" on every layer, dtype
  policies as objects, InputLayer's "batch_shape", functional inbound nodes as
  {"args": [{"class_name": "__keras_tensor__", ...}], "kwargs": {}}) and model.weights.h5, where
  each layer's variables are datasets layers/<group>/vars/0, 1, ... in creation order, the group
  named after the layer's class, not the layer (conv2d, conv2d_1, ... in the model's order);
- model.save("m.h5") writes the legacy layout with Keras 3's config: the model_config attribute
  (layers without "module", dtype policies as objects, "batch_shape"), the weights under
  model_weights/<layer>/<variable path> (e.g. sequential/dense/kernel, no ":0"), weight_names as
  variable-length strings, and a top_level_model_weights group.
Each model's forward pass is computed in NumPy (make_fixtures.py's layers, channels_last).

    apt-get install python3-h5py python3-numpy
    /usr/bin/python3 make_keras3_fixtures.py        # rewrites the files beside this script

Writes keras3-sequential.keras (Conv2D, MaxPooling2D, Conv2D, Flatten, Dropout, Dense, Dense),
keras3-functional.keras (Conv2D, BatchNormalization, Activation, Conv2D, Add,
GlobalAveragePooling2D, Dense), keras3-sequential.h5 (Conv2D, BatchNormalization, MaxPooling2D,
Flatten, Dense, Dense) and for each a .json with seeded inputs (NHWC) and the softmax outputs;
keras3-rescaling.keras, keras3-sequential.keras with RandomFlip and Rescaling(1/255) first (as
TensorFlow's image classification tutorial has them), and keras3-resizing.keras, the same with
Resizing first, a layer Deeplearning4j has none for (refused).
"""
import io
import json
import os
import re
import zipfile

import h5py
import numpy as np

from make_fixtures import act, batchnorm, conv, f32, glorot, maxpool

HERE = os.path.dirname(os.path.abspath(__file__))
KERAS_VERSION = "3.8.0"
DTYPE = {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"},
         "registered_name": None}
STR = h5py.string_dtype()


def obj(module, class_name, config):
    return {"module": module, "class_name": class_name, "config": config, "registered_name": None}


def init(name, **config):
    return obj("keras.initializers", name, config)


def layer(class_name, name, build_shape=None, **config):
    c = {"name": name, "trainable": True, "dtype": DTYPE}
    c.update(config)
    entry = obj("keras.layers", class_name, c)
    if build_shape is not None:
        entry["build_config"] = {"input_shape": [None] + list(build_shape)}
    return entry


def input_layer(name, shape):
    return obj("keras.layers", "InputLayer", {"batch_shape": [None] + list(shape),
                                              "dtype": "float32", "sparse": False,
                                              "ragged": False, "name": name})


def conv2d(name, filters, k, padding, activation, build_shape):
    return layer("Conv2D", name, build_shape, filters=filters, kernel_size=[k, k],
                 strides=[1, 1], padding=padding, data_format="channels_last",
                 dilation_rate=[1, 1], groups=1, activation=activation, use_bias=True,
                 kernel_initializer=init("GlorotUniform", seed=None),
                 bias_initializer=init("Zeros"), kernel_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, bias_constraint=None)


def dense(name, units, activation, build_shape):
    return layer("Dense", name, build_shape, units=units, activation=activation, use_bias=True,
                 kernel_initializer=init("GlorotUniform", seed=None),
                 bias_initializer=init("Zeros"), kernel_regularizer=None, bias_regularizer=None,
                 kernel_constraint=None, bias_constraint=None)


def batch_norm(name, build_shape):
    return layer("BatchNormalization", name, build_shape, axis=-1, momentum=0.99, epsilon=0.001,
                 center=True, scale=True, beta_initializer=init("Zeros"),
                 gamma_initializer=init("Ones"), moving_mean_initializer=init("Zeros"),
                 moving_variance_initializer=init("Ones"), beta_regularizer=None,
                 gamma_regularizer=None, beta_constraint=None, gamma_constraint=None,
                 synchronized=False)


def pool(name):
    return layer("MaxPooling2D", name, pool_size=[2, 2], padding="valid", strides=[2, 2],
                 data_format="channels_last")


def sequential_model(layers, shape):
    return {"module": "keras", "class_name": "Sequential", "config": {
        "name": "sequential", "trainable": True, "dtype": DTYPE,
        "layers": [input_layer("input_layer", shape)] + layers,
        "build_input_shape": [None] + list(shape)}, "registered_name": None,
        "build_config": {"input_shape": [None] + list(shape)}, "compile_config": {
            "optimizer": obj("keras.optimizers", "Adam", {"name": "adam", "learning_rate": 0.001}),
            "loss": "sparse_categorical_crossentropy", "metrics": ["accuracy"]}}


def snake(class_name):
    """Keras 3's naming.to_snake_case."""
    name = re.sub(r"\W+", "", class_name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()


def groups(config):
    """Each layer's group in model.weights.h5: NB: not its name but its class in snake case,
    numbered from the second of a class on in the model's order (Keras 3's saving_lib)."""
    used, out = {}, {}
    for entry in config["config"]["layers"]:
        base = snake(entry["class_name"])
        used[base] = used.get(base, -1) + 1
        out[entry["config"]["name"]] = base if used[base] == 0 else "%s_%d" % (base, used[base])
    return out


def write_keras(path, config, weights):
    """A .keras zip; weights maps a layer name to its variables in creation order."""
    buffer = io.BytesIO()
    group = groups(config)
    with h5py.File(buffer, "w") as f:
        for name, values in weights.items():
            g = f.create_group("layers/" + group[name] + "/vars")
            g.attrs["name"] = name
            for i, v in enumerate(values):
                g.create_dataset(str(i), data=v.astype(np.float32))
        f.create_group("vars").attrs["name"] = config["config"]["name"]
    with zipfile.ZipFile(path, "w") as z:
        for name, data in (("metadata.json", json.dumps({"keras_version": KERAS_VERSION,
                                                         "date_saved": "2026-12-06@21:00:00"})),
                           ("config.json", json.dumps(config)),
                           ("model.weights.h5", buffer.getvalue())):
            # NB: a fixed date, so that the files are the same each time they are written.
            z.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), data)


def write_h5(path, config, layer_names, weights):
    """Keras 3's model.save("m.h5"): weights maps a layer name to [(variable name, array)]."""
    with h5py.File(path, "w") as f:
        f.attrs["backend"] = "tensorflow"
        f.attrs["keras_version"] = KERAS_VERSION
        f.attrs["model_config"] = json.dumps(config)
        f.attrs["training_config"] = json.dumps({"loss": "sparse_categorical_crossentropy",
                                                 "metrics": ["accuracy"], "optimizer_config": {
                                                     "class_name": "Adam", "config": {
                                                         "name": "adam", "learning_rate": 0.001}}})
        g = f.create_group("model_weights")
        g.attrs["backend"] = "tensorflow"
        g.attrs["keras_version"] = KERAS_VERSION
        g.attrs["layer_names"] = np.array(layer_names, dtype=STR)
        model = config["config"]["name"]
        for name in sorted(layer_names) + ["top_level_model_weights"]:
            lg = g.create_group(name)
            ws = weights.get(name, [])
            paths = [model + "/" + name + "/" + w for w, _ in ws]
            lg.attrs["weight_names"] = np.array(paths, dtype=STR) if paths else np.array([])
            for p, (_, value) in zip(paths, ws):
                lg.create_dataset(p, data=value.astype(np.float32))


def sequential(rng):
    w1, b1 = glorot(rng, (3, 3, 1, 4), 9, 36), f32(rng.normal(0, 0.1, 4))
    w2, b2 = glorot(rng, (3, 3, 4, 6), 36, 54), f32(rng.normal(0, 0.1, 6))
    w3, b3 = glorot(rng, (4 * 4 * 6, 8), 96, 8), f32(rng.normal(0, 0.1, 8))
    w4, b4 = glorot(rng, (8, 3), 8, 3), f32(rng.normal(0, 0.1, 3))
    # NB: names of a model built after others in one session; its groups are conv2d, conv2d_1, ...
    layers = [conv2d("conv2d_8", 4, 3, "same", "relu", (12, 12, 1)), pool("max_pooling2d_8"),
              conv2d("conv2d_9", 6, 3, "valid", "relu", (6, 6, 4)),
              layer("Flatten", "flatten_4", (4, 4, 6), data_format="channels_last"),
              layer("Dropout", "dropout_4", rate=0.5, seed=None, noise_shape=None),
              dense("dense_8", 8, "relu", (96,)), dense("dense_9", 3, "softmax", (8,))]
    weights = {"conv2d_8": [w1, b1], "conv2d_9": [w2, b2], "dense_8": [w3, b3],
               "dense_9": [w4, b4]}

    def forward(x):
        y = maxpool(conv(x, w1, b1, "same", "relu"))
        y = conv(y, w2, b2, "valid", "relu").reshape(len(x), -1)
        return act(act(y @ w3 + b3, "relu") @ w4 + b4, "softmax")

    return sequential_model(layers, (12, 12, 1)), weights, (12, 12, 1), forward


def tensor(name, shape):
    return {"class_name": "__keras_tensor__", "config": {"shape": [None] + list(shape),
            "dtype": "float32", "keras_history": [name, 0, 0]}}


def functional(rng):
    w1, b1 = glorot(rng, (3, 3, 3, 4), 27, 36), f32(rng.normal(0, 0.1, 4))
    gamma, beta = f32(rng.uniform(0.5, 1.5, 4)), f32(rng.normal(0, 0.2, 4))
    mean, var = f32(rng.normal(0, 0.3, 4)), f32(rng.uniform(0.5, 2, 4))
    w2, b2 = glorot(rng, (1, 1, 4, 4), 4, 4), f32(rng.normal(0, 0.1, 4))
    w3, b3 = glorot(rng, (4, 3), 4, 3), f32(rng.normal(0, 0.1, 3))
    hw = (10, 10, 4)

    def node(entry, args, kwargs=None):
        entry["name"] = entry["config"]["name"]
        entry["inbound_nodes"] = [{"args": args, "kwargs": kwargs or {}}] if args else []
        return entry

    layers = [node(input_layer("input_layer", (10, 10, 3)), []),
              node(conv2d("conv2d", 4, 3, "same", "linear", (10, 10, 3)),
                   [tensor("input_layer", (10, 10, 3))]),
              node(batch_norm("batch_normalization", hw), [tensor("conv2d", hw)], {"mask": None}),
              node(layer("Activation", "activation", activation="relu"),
                   [tensor("batch_normalization", hw)]),
              node(conv2d("conv2d_1", 4, 1, "same", "linear", hw), [tensor("activation", hw)]),
              node(layer("Add", "add", [hw, hw]),
                   [[tensor("activation", hw), tensor("conv2d_1", hw)]]),
              node(layer("GlobalAveragePooling2D", "global_average_pooling2d", hw,
                         data_format="channels_last", keepdims=False), [tensor("add", hw)]),
              node(dense("dense", 3, "softmax", (4,)), [tensor("global_average_pooling2d", (4,))])]
    layers[5]["build_config"] = {"input_shape": [[None] + list(hw), [None] + list(hw)]}
    config = {"module": "keras", "class_name": "Functional", "config": {
        "name": "functional", "trainable": True, "layers": layers,
        "input_layers": [["input_layer", 0, 0]], "output_layers": [["dense", 0, 0]]},
        "registered_name": "Functional", "build_config": {"input_shape": None},
        "compile_config": None}
    weights = {"conv2d": [w1, b1], "batch_normalization": [gamma, beta, mean, var],
               "conv2d_1": [w2, b2], "dense": [w3, b3]}

    def forward(x):
        a = act(batchnorm(conv(x, w1, b1, "same", "linear"), gamma, beta, mean, var), "relu")
        y = a + conv(a, w2, b2, "same", "linear")
        return act(y.mean(axis=(1, 2)) @ w3 + b3, "softmax")

    return config, weights, (10, 10, 3), forward


def legacy_h5(rng):
    """Keras 3's model.save("m.h5") of a Sequential with batch norm (names, not indices)."""
    w1, b1 = glorot(rng, (3, 3, 1, 4), 9, 36), f32(rng.normal(0, 0.1, 4))
    gamma, beta = f32(rng.uniform(0.5, 1.5, 4)), f32(rng.normal(0, 0.2, 4))
    mean, var = f32(rng.normal(0, 0.3, 4)), f32(rng.uniform(0.5, 2, 4))
    w2, b2 = glorot(rng, (4 * 4 * 4, 6), 64, 6), f32(rng.normal(0, 0.1, 6))
    w3, b3 = glorot(rng, (6, 3), 6, 3), f32(rng.normal(0, 0.1, 3))
    layers = [conv2d("conv2d", 4, 3, "valid", "relu", (10, 10, 1)),
              batch_norm("batch_normalization", (8, 8, 4)), pool("max_pooling2d"),
              layer("Flatten", "flatten", (4, 4, 4), data_format="channels_last"),
              dense("dense", 6, "relu", (64,)), dense("dense_1", 3, "softmax", (6,))]
    config = sequential_model(layers, (10, 10, 1))
    # NB: the legacy writer keeps "module" only inside configs (dtype policies, initializers).
    model_config = {"class_name": "Sequential", "config": dict(config["config"], layers=[
        {"class_name": l["class_name"], "config": l["config"]} for l in config["config"]["layers"]])}
    weights = {"conv2d": [("kernel", w1), ("bias", b1)],
               "batch_normalization": [("gamma", gamma), ("beta", beta), ("moving_mean", mean),
                                       ("moving_variance", var)],
               "dense": [("kernel", w2), ("bias", b2)], "dense_1": [("kernel", w3), ("bias", b3)]}

    def forward(x):
        y = maxpool(batchnorm(conv(x, w1, b1, "valid", "relu"), gamma, beta, mean, var))
        y = y.reshape(len(x), -1)
        return act(act(y @ w2 + b2, "relu") @ w3 + b3, "softmax")

    names = [l["config"]["name"] for l in layers]
    return model_config, names, weights, (10, 10, 1), forward


def record(name, rng, shape, forward):
    x = rng.uniform(0, 1, (4,) + shape).astype(np.float32)
    with open(os.path.join(HERE, name + ".json"), "w") as f:
        json.dump({"input_nhwc": list(shape), "inputs": x.reshape(4, -1).tolist(),
                   "outputs": forward(x.astype(np.float64)).tolist()}, f, indent=1)


def main():
    for name, make, seed in (("keras3-sequential", sequential, 9101),
                             ("keras3-functional", functional, 9102)):
        rng = np.random.default_rng(seed)
        config, weights, shape, forward = make(rng)
        write_keras(os.path.join(HERE, name + ".keras"), config, weights)
        record(name, rng, shape, forward)
    rng = np.random.default_rng(9103)
    config, names, weights, shape, forward = legacy_h5(rng)
    write_h5(os.path.join(HERE, "keras3-sequential.h5"), config, names, weights)
    record("keras3-sequential-h5", rng, shape, forward)
    config, weights, shape, _ = sequential(np.random.default_rng(9101))
    layers = config["config"]["layers"]
    layers[1:1] = [layer("RandomFlip", "random_flip", mode="horizontal", seed=None),
                   layer("Rescaling", "rescaling", scale=1 / 255, offset=0.0)]
    write_keras(os.path.join(HERE, "keras3-rescaling.keras"), config, weights)
    config, weights, shape, _ = sequential(np.random.default_rng(9101))
    config["config"]["layers"].insert(1, layer("Resizing", "resizing", height=24, width=24,
                                               interpolation="bilinear", crop_to_aspect_ratio=False))
    write_keras(os.path.join(HERE, "keras3-resizing.keras"), config, weights)


if __name__ == "__main__":
    main()
