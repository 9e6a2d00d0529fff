"""Tree listings (trees/<commit>.json) shared by huggingface_hub 2.0 and hubkit (run by PythonTreeCacheInteropTest).

partial ENDPOINT CACHE: snapshot_download of acme/tiny with allow_patterns=["*.json"] (writes the listing).
offline CACHE: with HF_HUB_OFFLINE=1, a whole snapshot_download must raise IncompleteSnapshotError (prints
"INCOMPLETE <snapshot path>") and the "*.json" one must return the folder (prints "COMPLETE <path>").
Every check raises on a mismatch, so the exit status says whether all held.
"""
import os
import sys

mode, endpoint_or_cache = sys.argv[1], sys.argv[2]
if mode == "partial":
    os.environ["HF_ENDPOINT"] = endpoint_or_cache
    os.environ["HF_HUB_CACHE"] = sys.argv[3]
else:
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["HF_HUB_CACHE"] = endpoint_or_cache
os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"
os.environ["HF_HUB_DISABLE_PROGRESS_BARS"] = "1"
os.environ.pop("HF_TOKEN", None)

import huggingface_hub as hh  # noqa: E402  (after the environment it reads at import)
from huggingface_hub import errors  # noqa: E402

if mode == "partial":
    print("SNAPSHOT", hh.snapshot_download("acme/tiny", allow_patterns=["*.json"]))
else:
    try:
        hh.snapshot_download("acme/tiny")
        raise AssertionError("an incomplete snapshot was returned offline")
    except errors.IncompleteSnapshotError as e:
        print("INCOMPLETE", e.snapshot_path)
    print("COMPLETE", hh.snapshot_download("acme/tiny", allow_patterns=["*.json"]))
