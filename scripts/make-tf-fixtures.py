#!/usr/bin/env python3
"""Makes the PyTorch fixtures of converters' TensorFlow/Keras tests with real torch (Debian python3-torch).

Run from the repository root:  /usr/bin/python3 scripts/make-tf-fixtures.py
Writes converters/src/test/resources/mapping/{tiny_bert,tiny_gpt2}.bin: state dicts named and shaped
like transformers' BertForPreTraining (without the tied decoder weight) and GPT2Model, with tiny sizes.
With h5py (Debian python3-h5py) also converters/src/test/resources/keras/h5py_weights.h5: Keras H5 weights in
transformers' layout written by h5py (values are arange-based so tests recompute them): float32, float16,
gzip-chunked float64 and int64 datasets, a weightless layer with an empty weight_names, and a layer whose
weight_names is split into weight_names0/weight_names1 like Keras does for large attributes; and
converters/src/test/resources/keras/sharded/: a tf_model.h5 sharded as transformers' TF save_pretrained shards it.
"""
import os

import torch

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "converters", "src", "test", "resources",
                   "mapping")
H, I, V, P, T, L = 8, 16, 30, 12, 2, 2


def bert():
    g = torch.Generator().manual_seed(1)
    sd = {}

    def t(name, *shape, dtype=torch.float32):
        sd[name] = torch.randn(*shape, generator=g).to(dtype)

    t("bert.embeddings.word_embeddings.weight", V, H)
    t("bert.embeddings.position_embeddings.weight", P, H)
    t("bert.embeddings.token_type_embeddings.weight", T, H)
    t("bert.embeddings.LayerNorm.weight", H)
    t("bert.embeddings.LayerNorm.bias", H)
    for i in range(L):
        p = f"bert.encoder.layer.{i}."
        for m in ("query", "key", "value"):
            t(p + f"attention.self.{m}.weight", H, H)
            t(p + f"attention.self.{m}.bias", H)
        t(p + "attention.output.dense.weight", H, H)
        t(p + "attention.output.dense.bias", H)
        t(p + "attention.output.LayerNorm.weight", H)
        t(p + "attention.output.LayerNorm.bias", H)
        t(p + "intermediate.dense.weight", I, H)
        t(p + "intermediate.dense.bias", I)
        t(p + "output.dense.weight", H, I)
        t(p + "output.dense.bias", H)
        t(p + "output.LayerNorm.weight", H)
        t(p + "output.LayerNorm.bias", H)
    t("bert.pooler.dense.weight", H, H)
    t("bert.pooler.dense.bias", H)
    t("cls.predictions.bias", V)
    t("cls.predictions.transform.dense.weight", H, H)
    t("cls.predictions.transform.dense.bias", H)
    t("cls.predictions.transform.LayerNorm.weight", H)
    t("cls.predictions.transform.LayerNorm.bias", H)
    t("cls.seq_relationship.weight", 2, H)
    t("cls.seq_relationship.bias", 2)
    return sd


def gpt2():
    g = torch.Generator().manual_seed(2)
    sd = {}

    def t(name, *shape, dtype=torch.float32):
        sd[name] = torch.randn(*shape, generator=g).to(dtype)

    t("wte.weight", V, H)
    t("wpe.weight", P, H)
    for i in range(L):
        p = f"h.{i}."
        t(p + "ln_1.weight", H)
        t(p + "ln_1.bias", H)
        t(p + "attn.c_attn.weight", H, 3 * H)
        t(p + "attn.c_attn.bias", 3 * H)
        t(p + "attn.c_proj.weight", H, H)
        t(p + "attn.c_proj.bias", H)
        t(p + "ln_2.weight", H)
        t(p + "ln_2.bias", H)
        t(p + "mlp.c_fc.weight", H, 4 * H)
        t(p + "mlp.c_fc.bias", 4 * H)
        t(p + "mlp.c_proj.weight", 4 * H, H)
        t(p + "mlp.c_proj.bias", H)
    t("ln_f.weight", H)
    t("ln_f.bias", H)
    sd["h.0.attn.c_attn.weight"] = sd["h.0.attn.c_attn.weight"].half().float()
    return sd


def keras_h5(path):
    import h5py
    import numpy as np

    with h5py.File(path, "w") as f:
        f.attrs["layer_names"] = np.array([b"bert", b"dropout_1", b"mlm___cls"])
        f.attrs["backend"] = b"tensorflow"
        f.attrs["keras_version"] = b"2.15.0"
        s = "tf_bert_for_masked_lm/bert/"
        bert = f.create_group("bert")
        names = [s + "embeddings/word_embeddings/weight:0", s + "embeddings/LayerNorm/gamma:0",
                 s + "encoder/layer_._0/attention/self/query/kernel:0", s + "embeddings/position_ids:0"]
        bert.create_dataset(names[0], data=(np.arange(30 * 8, dtype=np.float32) * 0.5).reshape(30, 8))
        bert.create_dataset(names[1], data=np.arange(8, dtype=np.float16) / 4)
        bert.create_dataset(names[2], data=(np.arange(64, dtype=np.float64) - 7).reshape(8, 8),
                            compression="gzip", chunks=(4, 4))
        bert.create_dataset(names[3], data=np.arange(12, dtype=np.int64).reshape(1, 12))
        bert.attrs["weight_names0"] = np.array([n.encode() for n in names[:2]])
        bert.attrs["weight_names1"] = np.array([n.encode() for n in names[2:]])
        drop = f.create_group("dropout_1")
        drop.attrs["weight_names"] = np.array([], dtype="S1")
        cls = f.create_group("mlm___cls")
        bias = "tf_bert_for_masked_lm/mlm___cls/predictions/bias:0"
        cls.create_dataset(bias, data=np.arange(30, dtype=np.float32) * -1)
        cls.attrs["weight_names"] = np.array([bias.encode()])


def keras_sharded(folder):
    """A sharded tf_model.h5 exactly as transformers' TF save_pretrained(max_shard_size=...) writes it: in each
    shard one dataset per weight at the weight's name without the model scope, the root layer_names listing those
    paths (no weight_names), and tf_model.h5.index.json mapping full weight names to shards."""
    import json
    import h5py
    import numpy as np

    scope = "tf_bert_model/"
    weights = [("bert/embeddings/word_embeddings/weight:0", (np.arange(30 * 8, dtype=np.float32) * 0.25).reshape(30, 8)),
               ("bert/embeddings/LayerNorm/gamma:0", np.arange(8, dtype=np.float32) + 1),
               ("bert/encoder/layer_._0/attention/self/query/kernel:0", (np.arange(64, dtype=np.float32) - 3).reshape(8, 8)),
               ("bert/pooler/dense/bias:0", np.arange(8, dtype=np.float32) * -2)]
    shards = {"tf_model-00001-of-00002.h5": weights[:2], "tf_model-00002-of-00002.h5": weights[2:]}
    os.makedirs(folder, exist_ok=True)
    weight_map, total = {}, 0
    for shard_file, shard in shards.items():
        with h5py.File(os.path.join(folder, shard_file), mode="w") as f:
            layers = []
            for name, value in sorted(shard):
                f.create_dataset(name, value.shape, dtype=value.dtype)[:] = value
                layers.append(name.encode("utf8"))
                weight_map[scope + name] = shard_file
                total += value.nbytes
            f.attrs["layer_names"] = np.asarray(layers)
    with open(os.path.join(folder, "tf_model.h5.index.json"), "w") as f:
        f.write(json.dumps({"metadata": {"total_size": total}, "weight_map": weight_map}, indent=2, sort_keys=True) + "\n")


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.save(bert(), os.path.join(OUT, "tiny_bert.bin"))
    torch.save(gpt2(), os.path.join(OUT, "tiny_gpt2.bin"))
    keras = os.path.join(OUT, "..", "keras")
    os.makedirs(keras, exist_ok=True)
    keras_h5(os.path.join(keras, "h5py_weights.h5"))
    keras_sharded(os.path.join(keras, "sharded"))


if __name__ == "__main__":
    main()
