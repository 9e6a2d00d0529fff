"""How huggingface_hub's scan_cache_dir sizes a cache (run by PythonCacheSizesInteropTest).

CACHE: prints "REPO <type>/<id> <size_on_disk> <nb_files>" for every listed repo and "TOTAL <size_on_disk>" for the
cache (what `hf cache ls` prints as its total).
"""
import sys

from huggingface_hub import scan_cache_dir

info = scan_cache_dir(sys.argv[1])
for repo in sorted(info.repos, key=lambda r: (r.repo_type, r.repo_id)):
    print(f"REPO {repo.repo_type}/{repo.repo_id} {repo.size_on_disk} {repo.nb_files}")
print(f"TOTAL {info.size_on_disk}")
