#!/usr/bin/env python3
"""Makes the PyTorch/safetensors fixtures of converters' tests with real torch (Debian python3-torch).

Run from the repository root:  /usr/bin/python3 scripts/make-torch-fixtures.py
Writes converters/src/test/resources/torch/*, including manifest.json: for every fixture file, each
tensor's name, dtype (safetensors spelling), shape and the SHA-256 of its little-endian C-contiguous
bytes as torch sees them. Hostile files (evil_*) are built with plain pickle; nothing in them is run.
"""
import collections
import hashlib
import io
import json
import os
import pickle
import struct
import sys
import tarfile
import zipfile

import torch

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "converters", "src", "test", "resources", "torch")
ST_NAMES = {torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16", torch.int64: "I64",
            torch.int32: "I32", torch.int8: "I8", torch.uint8: "U8", torch.bool: "BOOL", torch.float64: "F64",
            torch.complex64: "C64"}


def raw_bytes(t):
    t = t.detach().contiguous()
    if t.dtype == torch.bfloat16:
        return t.view(torch.int16).numpy().tobytes()
    return t.numpy().tobytes()


def describe(flat):
    return [{"name": k, "dtype": ST_NAMES[v.dtype], "shape": list(v.shape),
             "sha256": hashlib.sha256(raw_bytes(v)).hexdigest()} for k, v in sorted(flat.items())]


def flatten(obj, prefix=""):
    out = {}
    if isinstance(obj, torch.Tensor):
        out[prefix or "tensor"] = obj
    elif isinstance(obj, dict):
        for k, v in obj.items():
            out.update(flatten(v, f"{prefix}.{k}" if prefix else str(k)))
    elif isinstance(obj, (list, tuple)):
        for i, v in enumerate(obj):
            out.update(flatten(v, f"{prefix}.{i}" if prefix else str(i)))
    return out


def mixed_state():
    g = torch.Generator().manual_seed(1234)
    emb = torch.randn(6, 4, generator=g)
    base = torch.randn(3, 5, generator=g)
    sd = {
        "embed.weight": emb,
        "lm_head.weight": emb,                      # tied: same storage, same view
        "f16": torch.randn(2, 3, generator=g).half(),
        "bf16": torch.randn(3, 2, generator=g).to(torch.bfloat16),
        "i64": torch.arange(-3, 5, dtype=torch.int64).reshape(2, 4),
        "i8": torch.tensor([-128, -1, 0, 1, 127], dtype=torch.int8),
        "bool": torch.tensor([[True, False, True], [False, False, True]]),
        "u8": torch.tensor([0, 7, 255], dtype=torch.uint8),
        "i32": torch.tensor([1 << 30, -5], dtype=torch.int32),
        "base": base,
        "transposed": base.t(),                     # non-contiguous view of base's storage
        "row_slice": base[1:],                      # storage offset 5
        "col_slice": base[:, 1:4],                  # offset and stride
        "scalar": torch.tensor(2.5),                # 0-d
        "empty": torch.zeros(0, 3),
        "special": torch.tensor([float("nan"), float("inf"), -float("inf"), -0.0, 1e-40, 65504.0, 1e6]),
    }
    return sd


def write_safetensors(path, flat, metadata):
    header = {"__metadata__": metadata} if metadata else {}
    blobs = []
    offset = 0
    for name, t in sorted(flat.items(), key=lambda kv: (-kv[1].element_size(), kv[0])):
        b = raw_bytes(t)
        header[name] = {"dtype": ST_NAMES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(b)]}
        offset += len(b)
        blobs.append(b)
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


class Evil:
    def __reduce__(self):
        return (os.system, ("echo pwned > /tmp/hubkit-pwned",))


def write_evil_zip(path):
    payload = pickle.dumps({"weight": Evil()}, protocol=2)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as z:
        z.writestr("evil/data.pkl", payload)
        z.writestr("evil/version", "3\n")


def write_evil_legacy(path):
    with open(path, "wb") as f:
        for head in (0x1950a86a20f9469cfc6c, 1001, {"protocol_version": 1001, "little_endian": True}):
            pickle.dump(head, f, protocol=2)
        pickle.dump({"weight": Evil()}, f, protocol=2)
        pickle.dump([], f, protocol=2)


def write_big_endian(src, dst):
    """Rewrites a little-endian zip checkpoint as a big-endian one (byteorder record 'big', data swapped)."""
    sd = torch.load(src)
    elem = {}
    for t in sd.values():
        key = None
        elem[t.storage().data_ptr()] = t.element_size()
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", compression=zipfile.ZIP_STORED) as zout:
        prefix = zin.namelist()[0].split("/")[0] + "/"
        pkl = zin.read(prefix + "data.pkl")
        sizes = {}

        class Finder(pickle.Unpickler):
            def find_class(self, module, name):
                if module == "torch" and name.endswith("Storage"):
                    return name
                if module == "collections" and name == "OrderedDict":
                    import collections
                    return collections.OrderedDict
                return lambda *a: None

            def persistent_load(self, pid):
                size = getattr(torch, pid[1])().element_size()
                # a complex number is two floats: torch swaps each part
                sizes[pid[2]] = size // 2 if pid[1].startswith("Complex") else size
                return None

        Finder(io.BytesIO(pkl)).load()
        for info in zin.infolist():
            data = zin.read(info.filename)
            rel = info.filename[len(prefix):]
            if rel.startswith("data/"):
                size = sizes[rel[5:]]
                if size > 1:
                    fmt = {2: "H", 4: "I", 8: "Q"}[size]
                    n = len(data) // size
                    data = struct.pack(">%d%s" % (n, fmt), *struct.unpack("<%d%s" % (n, fmt), data))
            if rel == "byteorder":
                continue
            zout.writestr(info.filename, data)
        zout.writestr(prefix + "byteorder", "big")


def main():
    os.makedirs(OUT, exist_ok=True)
    manifest = {}
    sd = mixed_state()

    torch.save(sd, os.path.join(OUT, "zip_mixed.pt"))
    manifest["zip_mixed.pt"] = {"format": "pytorch", "tensors": describe(sd)}

    torch.save(sd, os.path.join(OUT, "legacy_mixed.pt"), _use_new_zipfile_serialization=False)
    manifest["legacy_mixed.pt"] = {"format": "pytorch-legacy", "tensors": describe(sd)}

    write_big_endian(os.path.join(OUT, "zip_mixed.pt"), os.path.join(OUT, "big_endian.pt"))
    manifest["big_endian.pt"] = {"format": "pytorch", "tensors": describe(sd)}

    flat_st = {k: v for k, v in sd.items() if k != "lm_head.weight"}
    write_safetensors(os.path.join(OUT, "mixed.safetensors"), flat_st, {"format": "pt", "source": "fixture"})
    manifest["mixed.safetensors"] = {"format": "safetensors", "tensors": describe(flat_st),
                                     "metadata": {"format": "pt", "source": "fixture"}}

    g = torch.Generator().manual_seed(7)
    model = {"bert.embeddings.word_embeddings.weight": torch.randn(5, 3, generator=g),
             "bert.pooler.dense.bias": torch.randn(3, generator=g)}
    ckpt = {"epoch": 3, "model_state_dict": model,
            "optimizer": {"state": {0: {"step": 2, "exp_avg": torch.randn(5, 3, generator=g)}},
                          "param_groups": [{"lr": 0.001, "betas": (0.9, 0.999), "params": [0, 1]}]},
            "name": "run-1", "best_loss": None, "use_amp": False}
    torch.save(ckpt, os.path.join(OUT, "training.pt"))
    manifest["training.pt"] = {"format": "pytorch", "tensors": describe(flatten(ckpt)),
                               "metadata": {"epoch": 3, "optimizer.state.0.step": 2,
                                            "optimizer.param_groups.0.lr": 0.001,
                                            "optimizer.param_groups.0.betas.0": 0.9,
                                            "optimizer.param_groups.0.betas.1": 0.999,
                                            "optimizer.param_groups.0.params.0": 0,
                                            "optimizer.param_groups.0.params.1": 1,
                                            "name": "run-1", "best_loss": None, "use_amp": False}}

    # complex64 (ComplexFloatStorage), contiguous and as a transposed view, zip and legacy
    g = torch.Generator().manual_seed(11)
    cplx = {"c": torch.complex(torch.randn(2, 3, generator=g), torch.randn(2, 3, generator=g))}
    cplx["c_t"] = cplx["c"].t()
    torch.save(cplx, os.path.join(OUT, "complex.pt"))
    torch.save(cplx, os.path.join(OUT, "complex_legacy.pt"), _use_new_zipfile_serialization=False)
    manifest["complex.pt"] = {"format": "pytorch", "tensors": describe(cplx)}
    manifest["complex_legacy.pt"] = {"format": "pytorch-legacy", "tensors": describe(cplx)}
    write_big_endian(os.path.join(OUT, "complex.pt"), os.path.join(OUT, "complex_big_endian.pt"))
    if hasattr(torch.serialization, "get_default_load_endianness"):  # torch >= 2.1 reads the byteorder record
        back = torch.load(os.path.join(OUT, "complex_big_endian.pt"))
        assert all(torch.equal(back[k], cplx[k]) for k in cplx), "torch reads the big-endian complex file differently"
    manifest["complex_big_endian.pt"] = {"format": "pytorch", "tensors": describe(cplx)}

    # values torch's weights_only loader accepts besides tensors: Counter, complex, set, Size, device, dtype, bytes
    extras = {"weights": {"w": torch.arange(6, dtype=torch.float32).reshape(2, 3)},
              "counts": collections.Counter("aab"), "z": complex(1.5, -2), "tags": {"only"},
              "shape": torch.Size([2, 3]), "device": torch.device("cpu"), "dtype": torch.float16, "raw": b"\x00\x01"}
    torch.save(extras, os.path.join(OUT, "training_extras.pt"))
    manifest["training_extras.pt"] = {"format": "pytorch", "tensors": describe(flatten(extras)),
                                      "metadata": {"counts.a": 2, "counts.b": 1, "z": "(1.5-2.0j)", "tags.0": "only",
                                                   "shape.0": 2, "shape.1": 3, "device": "cpu",
                                                   "dtype": "torch.float16", "raw": "<2 bytes>"}}

    shard_dir = os.path.join(OUT, "sharded")
    os.makedirs(shard_dir, exist_ok=True)
    g = torch.Generator().manual_seed(99)
    full = {f"layer.{i}.weight": torch.randn(4, 4, generator=g) for i in range(4)}
    names = sorted(full)
    shards = [names[:2], names[2:]]
    weight_map = {}
    for i, part in enumerate(shards):
        fname = f"pytorch_model-{i + 1:05d}-of-{len(shards):05d}.bin"
        torch.save({k: full[k] for k in part}, os.path.join(shard_dir, fname))
        for k in part:
            weight_map[k] = fname
    total = sum(t.numel() * t.element_size() for t in full.values())
    with open(os.path.join(shard_dir, "pytorch_model.bin.index.json"), "w") as f:
        json.dump({"metadata": {"total_size": total}, "weight_map": weight_map}, f, indent=2)
    manifest["sharded/pytorch_model.bin.index.json"] = {"format": "pytorch", "tensors": describe(full),
                                                        "metadata": {"total_size": total}}

    write_evil_zip(os.path.join(OUT, "evil_zip.pt"))
    write_evil_legacy(os.path.join(OUT, "evil_legacy.pt"))
    with tarfile.open(os.path.join(OUT, "old_tar_format.pt"), "w", format=tarfile.USTAR_FORMAT) as tf:
        for name in ("sys_info", "pickle", "tensors", "storages"):
            data = pickle.dumps({}, protocol=2)
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))

    with open(os.path.join(OUT, "manifest.json"), "w") as f:
        json.dump({"torch_version": torch.__version__, "files": manifest}, f, indent=1, sort_keys=True)
    print("wrote fixtures to", os.path.normpath(OUT))


if __name__ == "__main__":
    sys.exit(main())
