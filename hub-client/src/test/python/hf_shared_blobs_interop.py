"""huggingface_hub 2.0's cache-wide store of Xet files (run by PythonSharedBlobsInteropTest).

publish CACHE: moves every large-file blob (64-hex name) of CACHE's repos into the shared store with
huggingface_hub's own code, as a Xet download does, and prints "PUBLISHED <n>".
check CACHE: prints "WARNINGS <n>", "REPO <id> <size>" per cached repo, "TOTAL <bytes>" (the cache's size_on_disk, what `hf cache ls`
prints as its total), "STORE <n>" (payloads in the store) and
"UNREFERENCED <n>" (payloads no repo links to: what `hf cache prune` would delete).
"""
import re
import sys
from pathlib import Path

from huggingface_hub import scan_cache_dir
from huggingface_hub.utils import _shared_blobs as shared

mode, cache = sys.argv[1], Path(sys.argv[2]).resolve()
if mode == "publish":
    n = 0
    for blob in sorted(cache.glob("models--*/blobs/*")):
        if re.fullmatch(r"[0-9a-f]{64}", blob.name) and blob.is_file() and not blob.is_symlink():
            ok = shared.publish_blob_to_shared_store(blob_path=str(blob), xet_hash=blob.name, cache_dir=cache,
                                                     expected_size=blob.stat().st_size)
            n += 1 if ok else 0
    print(f"PUBLISHED {n}")
else:
    info = scan_cache_dir(cache)
    print(f"WARNINGS {len(info.warnings)}")
    for repo in sorted(info.repos, key=lambda r: r.repo_id):
        print(f"REPO {repo.repo_id} {repo.size_on_disk}")
    print(f"TOTAL {info.size_on_disk}")
    print(f"STORE {len(shared.shared_store_blob_paths(cache))}")
    print(f"UNREFERENCED {len(shared.unreferenced_shared_blobs(cache))}")
