"""Loads checkpoints with real torch and prints what it sees, for TorchInteropTest.

usage: torch_load.py MODE:PATH[:CAST] ...   (one JSON object per argument, as a list)
  MODE=pt  : torch.load(PATH, weights_only=True) (and, where torch has it, with mmap=True too, which must
             read the same bytes); CAST (float16|bfloat16) casts floating tensors first
  MODE=st  : reads a safetensors file by hand (json header + torch.frombuffer), optional CAST
Prints a JSON list of {name: {"dtype", "shape", "sha256", "storage", "offset", "stride"}} where storage
identifies the underlying storage (equal for tensors sharing it), offset and stride are the view's.
"""
import hashlib
import inspect
import json
import struct
import sys
import zipfile

import torch

NAMES = {torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16", torch.int64: "I64",
         torch.int32: "I32", torch.int8: "I8", torch.uint8: "U8", torch.bool: "BOOL", torch.float64: "F64",
         torch.complex64: "C64"}
DT = {v: k for k, v in NAMES.items()}


def raw(t):
    t = t.detach().contiguous()
    if t.dtype == torch.bfloat16:
        return t.view(torch.int16).numpy().tobytes()
    return t.numpy().tobytes()


def load_st(path):
    with open(path, "rb") as f:
        data = f.read()
    n = struct.unpack("<Q", data[:8])[0]
    header = json.loads(data[8:8 + n])
    header.pop("__metadata__", None)
    out = {}
    for name, e in header.items():
        b, end = e["data_offsets"]
        buf = bytearray(data[8 + n + b:8 + n + end])
        dtype = DT[e["dtype"]]
        t = torch.frombuffer(buf, dtype=dtype) if buf else torch.empty(0, dtype=dtype)
        out[name] = t.reshape(e["shape"])
    return out


def one(spec):
    parts = spec.split(":")
    mode, path = parts[0], parts[1]
    cast = getattr(torch, parts[2]) if len(parts) > 2 else None
    if mode == "pt":
        bad = zipfile.ZipFile(path).testzip()  # checks every entry's CRC-32
        if bad is not None:
            raise SystemExit(f"{path}: zip entry {bad} has a wrong CRC-32")
    sd = torch.load(path, weights_only=True) if mode == "pt" else load_st(path)
    if mode == "pt" and "mmap" in inspect.signature(torch.load).parameters:
        # torch >= 2.1 can also map the file: each storage then starts at its entry's data offset
        mapped = torch.load(path, weights_only=True, mmap=True)
        for name, t in sd.items():
            if raw(mapped[name]) != raw(t):
                raise SystemExit(f"{path}: tensor {name} reads differently with mmap=True")
    res = {}
    for name, t in sd.items():
        ptr = t.storage().data_ptr() if t.numel() else -1
        offset, stride = t.storage_offset(), list(t.stride())
        if cast is not None and t.is_floating_point():
            t = t.to(cast)
        res[name] = {"dtype": NAMES[t.dtype], "shape": list(t.shape), "sha256": hashlib.sha256(raw(t)).hexdigest(),
                     "storage": ptr, "offset": offset, "stride": stride}
    return res


print(json.dumps([one(spec) for spec in sys.argv[1:]]))
