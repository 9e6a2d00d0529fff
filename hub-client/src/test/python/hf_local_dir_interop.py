"""local_dir interop of huggingface_hub with hubkit (run by PythonLocalDirInteropTest).

fetch ENDPOINT LOCAL: snapshot_download(local_dir=LOCAL) from `hubkit serve`; prints "LOCAL <path>".
reuse ENDPOINT LOCAL: snapshot_download and hf_hub_download of each file into a LOCAL that hubkit filled,
with the server up: prints "LOCAL <path>" (the Java side checks that no file was fetched or rewritten).
offline LOCAL: the same with HF_HUB_OFFLINE=1. Every check raises on a mismatch.
"""
import os
import sys

mode = sys.argv[1]
if mode == "offline":
    local = sys.argv[2]
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["HF_ENDPOINT"] = "http://127.0.0.1:9"
else:
    endpoint, local = sys.argv[2:4]
    os.environ["HF_ENDPOINT"] = endpoint
os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"
os.environ["HF_HUB_DISABLE_PROGRESS_BARS"] = "1"
os.environ.pop("HF_TOKEN", None)

import huggingface_hub as hh  # noqa: E402  (after the environment it reads at import)

REPO = "acme/tiny"
FILES = ["config.json", "sub/notes.txt", "tokenizer.json", "big.bin"]

path = hh.snapshot_download(REPO, local_dir=local)
if os.path.realpath(path) != os.path.realpath(local):
    raise AssertionError(f"snapshot_download returned {path}, not {local}")
if mode != "fetch":
    for f in FILES:
        got = hh.hf_hub_download(REPO, f, local_dir=local)
        if os.path.realpath(got) != os.path.realpath(os.path.join(local, f)):
            raise AssertionError(f"hf_hub_download returned {got} for {f}")
        print("OK", f)
print("LOCAL " + os.path.realpath(path))
