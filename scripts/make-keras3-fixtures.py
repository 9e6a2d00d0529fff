#!/usr/bin/env python3
"""Makes the Keras 3 fixtures of converters' tests with real Keras (>= 3; not in Debian, so run it in a
virtual environment with any Keras backend, e.g. torch):

    python3 -m venv /tmp/keras3 && /tmp/keras3/bin/pip install keras h5py torch
    KERAS_BACKEND=torch /tmp/keras3/bin/python scripts/make-keras3-fixtures.py

Writes converters/src/test/resources/keras/: keras3.weights.h5 (Model.save_weights, Keras 3's own layout:
layers/<auto name>/vars/<i>, no variable names), keras3_legacy.h5 (Model.save to .h5: the Keras 2 layout
with layer_names) and keras3_manifest.json: every dataset of both files as h5py reads it (path, dtype in
safetensors spelling, shape, SHA-256 of its little-endian C-contiguous bytes) and each layer's name.
"""
import hashlib
import json
import os

import h5py  # noqa: E402
import keras  # noqa: E402
import numpy as np  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "converters", "src", "test", "resources", "keras")
NAMES = {np.dtype("float32"): "F32", np.dtype("float64"): "F64", np.dtype("int64"): "I64", np.dtype("int32"): "I32"}


def describe(path):
    out = []
    with h5py.File(path, "r") as f:
        def visit(name, obj):
            if isinstance(obj, h5py.Dataset):
                a = np.ascontiguousarray(obj[()]).astype(obj.dtype.newbyteorder("<"))
                out.append({"name": name, "dtype": NAMES[obj.dtype], "shape": list(obj.shape),
                            "sha256": hashlib.sha256(a.tobytes()).hexdigest()})
        f.visititems(visit)
    return sorted(out, key=lambda t: t["name"])


def main():
    keras.utils.set_random_seed(7)
    model = keras.Sequential([
        keras.Input((4,)),
        keras.layers.Dense(3, name="hidden"),
        keras.layers.LayerNormalization(name="ln"),
        keras.layers.Dense(2, name="out"),
    ])
    os.makedirs(OUT, exist_ok=True)
    weights = os.path.join(OUT, "keras3.weights.h5")
    legacy = os.path.join(OUT, "keras3_legacy.h5")
    model.save_weights(weights)
    model.save(legacy)
    with h5py.File(weights, "r") as f:
        layers = {g: f[g + "/vars"].attrs["name"] for g in ("layers/" + k for k in f["layers"])}
    manifest = {"keras_version": keras.__version__, "layers": layers,
                "files": {"keras3.weights.h5": describe(weights),
                          "keras3_legacy.h5": [t for t in describe(legacy) if t["name"].startswith("model_weights/")]}}
    with open(os.path.join(OUT, "keras3_manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1, sort_keys=True)
        f.write("\n")
    print("wrote", OUT)


if __name__ == "__main__":
    main()
