"""What huggingface_hub's scan_cache_dir lists and warns about (run by PythonCacheScanInteropTest).

scan CACHE: prints "REPO <type>/<id>" for every listed repo, "WARN <folder name>" for every skipped entry and
"INCOMPLETE <path> <size>" for every incomplete download (huggingface_hub 2.0; none from older releases).
"""
import sys
from pathlib import Path

from huggingface_hub import scan_cache_dir

info = scan_cache_dir(sys.argv[1])
for repo in sorted(info.repos, key=lambda r: (r.repo_type, r.repo_id)):
    print(f"REPO {repo.repo_type}/{repo.repo_id}")
for w in info.warnings:
    # the message names the entry: the first path under the cache root
    root = str(Path(sys.argv[1]).resolve())
    rest = str(w).split(root + "/", 1)[1]
    print("WARN " + rest.split("/", 1)[0].split(" ", 1)[0].rstrip(".)"))
for f in sorted(getattr(info, "incomplete_files", ()), key=lambda f: str(f.file_path)):
    print(f"INCOMPLETE {f.file_path} {f.size_on_disk}")
