#!/usr/bin/env python3
"""Makes the converters fixtures that need a modern torch (>= 2.3): checkpoints with the dtypes that have
no typed storage class (uint16/32/64, float8_e4m3fn, float8_e5m2, float8_e8m0fnu), which torch.save writes as untyped
storages rebuilt by torch._utils._rebuild_tensor_v3. Debian's python3-torch (1.13) predates them, so run
this in a virtual environment with a recent torch:

    python3 -m venv /tmp/torch2 && /tmp/torch2/bin/pip install torch
    /tmp/torch2/bin/python scripts/make-torch2-fixtures.py

Writes converters/src/test/resources/torch2/: v3_dtypes.pt (zip), v3_dtypes_legacy.pt
(_use_new_zipfile_serialization=False), v3_dtypes.safetensors (when the safetensors package is installed:
the same tensors, written by it) and manifest.json in the layout of torch/manifest.json (each
tensor's name, safetensors dtype, shape and SHA-256 of its little-endian C-contiguous bytes as torch sees them).
"""
import hashlib
import json
import os

import torch

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "converters", "src", "test", "resources", "torch2")
ST_NAMES = {torch.float32: "F32", torch.uint16: "U16", torch.uint32: "U32", torch.uint64: "U64",
            torch.float8_e4m3fn: "F8_E4M3", torch.float8_e5m2: "F8_E5M2", torch.float8_e8m0fnu: "F8_E8M0",
            torch.bfloat16: "BF16"}


def raw_bytes(t):
    t = t.detach().contiguous()
    return t.view(-1).view(torch.uint8).numpy().tobytes() if t.numel() else b""


def state():
    g = torch.Generator().manual_seed(2023)
    u16 = torch.tensor([[0, 1, 65535], [300, 4096, 7]], dtype=torch.uint16)
    return {
        "u16": u16,
        "u16.t": u16.t(),                                          # a view of the same untyped storage
        "u32": torch.tensor([0, 1, 4294967295], dtype=torch.uint32),
        "u64": torch.tensor([1, 2 ** 63, 2 ** 64 - 1], dtype=torch.uint64),
        "f8_e4m3": (torch.randn(2, 4, generator=g) * 8).to(torch.float8_e4m3fn),
        "f8_e5m2": torch.tensor([0.0, -1.5, 57344.0, 2.0 ** -16]).to(torch.float8_e5m2),
        "f8_e8m0": torch.tensor([1.0, 2.0, 0.5, 2.0 ** -10, 2.0 ** 20]).to(torch.float8_e8m0fnu),  # MX scales
        "scale": torch.randn(2, generator=g),                      # typed storage, _rebuild_tensor_v2
        "scalar_u32": torch.tensor(7, dtype=torch.uint32),         # 0-d
        "empty_f8": torch.zeros(0, 2).to(torch.float8_e4m3fn),
    }


def describe(sd, fmt):
    return {"format": fmt, "tensors": [{"name": k, "dtype": ST_NAMES[v.dtype], "shape": list(v.shape),
                                        "sha256": hashlib.sha256(raw_bytes(v)).hexdigest()}
                                       for k, v in sorted(sd.items())]}


def main():
    os.makedirs(OUT, exist_ok=True)
    sd = state()
    torch.save(sd, os.path.join(OUT, "v3_dtypes.pt"))
    torch.save(sd, os.path.join(OUT, "v3_dtypes_legacy.pt"), _use_new_zipfile_serialization=False)
    # what torch reads back is what the manifest records; the legacy file is not read back: torch.load fails on
    # the untyped storages of its own legacy format ('UntypedStorage' has no attribute 'dtype'), hubkit reads them
    for name in ("v3_dtypes.pt",):
        back = torch.load(os.path.join(OUT, name), weights_only=True)
        assert all(raw_bytes(back[k]) == raw_bytes(sd[k]) for k in sd), name
    files = {"v3_dtypes.pt": describe(sd, "pytorch"), "v3_dtypes_legacy.pt": describe(sd, "pytorch-legacy")}
    try:  # the same tensors as the safetensors library writes them (its F8_E8M0, U16-64 spellings)
        from safetensors.torch import save_file
        flat = {k: v.clone().contiguous() for k, v in sd.items() if k != "u16.t"}
        save_file(flat, os.path.join(OUT, "v3_dtypes.safetensors"), metadata={"format": "pt"})
        files["v3_dtypes.safetensors"] = describe(flat, "safetensors")
    except ImportError:
        print("safetensors not installed: v3_dtypes.safetensors not written")
    manifest = {"torch_version": torch.__version__, "files": files}
    with open(os.path.join(OUT, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1, sort_keys=True)
        f.write("\n")
    print("wrote", OUT)


if __name__ == "__main__":
    main()
