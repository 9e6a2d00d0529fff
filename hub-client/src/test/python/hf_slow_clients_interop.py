"""huggingface_hub downloads from `hubkit serve` while other connections stall (run by PythonSlowClientsInteropTest).

ENDPOINT CACHE: hf_hub_download of "./config.json" (huggingface_hub drops the '.' segment from the URL) and a
snapshot_download of acme/tiny, with the client's default timeouts; prints "FILE <path>" and "SNAPSHOT <path>".
"""
import os
import sys

os.environ["HF_ENDPOINT"] = sys.argv[1]
os.environ["HF_HUB_CACHE"] = sys.argv[2]
os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"
os.environ["HF_HUB_DISABLE_PROGRESS_BARS"] = "1"
os.environ.pop("HF_TOKEN", None)

import huggingface_hub as hh  # noqa: E402  (after the environment it reads at import)

print("FILE", hh.hf_hub_download("acme/tiny", "./config.json"))
print("SNAPSHOT", hh.snapshot_download("acme/tiny"))
