"""Interop of the official Python client huggingface_hub with hubkit (run by PythonHubInteropTest).

online ENDPOINT CACHE BIG_SHA256 GATED_TOKEN: talks to `hubkit serve` as a user of huggingface_hub does
(repo info, refs, trees, paths-info, exists checks, typed errors, a gated dataset, downloads into a
CACHE that holds partial blobs) and prints "SNAPSHOT <path>" of acme/tiny.
offline CACHE BIG_SHA256: reads a cache that hubkit wrote, with HF_HUB_OFFLINE=1, and prints "SNAPSHOT <path>".
Every check raises on a mismatch, so the exit status says whether all held.
"""
import hashlib
import os
import sys

mode = sys.argv[1]
if mode == "online":
    endpoint, cache, big_sha, gated_token = sys.argv[2:6]
    os.environ["HF_ENDPOINT"] = endpoint
else:
    cache, big_sha = sys.argv[2:4]
    os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["HF_HUB_CACHE"] = cache
os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"
os.environ["HF_HUB_DISABLE_PROGRESS_BARS"] = "1"
os.environ.pop("HF_TOKEN", None)

import huggingface_hub as hh  # noqa: E402  (after the environment it reads at import)

try:
    from huggingface_hub import errors
except ImportError:  # before 0.23 the error classes lived in huggingface_hub.utils
    from huggingface_hub import utils as errors

REPO = "acme/tiny"
FILES = {"config.json", "sub/notes.txt", "tokenizer.json", "big.bin"}


def check(cond, what):
    if not cond:
        raise AssertionError(what)
    print("OK", what)


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def raises(cls, fn, what):
    try:
        fn()
    except cls:
        print("OK", what)
        return
    except Exception as e:  # the wrong error type is a failure too
        raise AssertionError(f"{what}: got {type(e).__name__}: {e}")
    raise AssertionError(f"{what}: no error")


if mode == "online":
    api = hh.HfApi()
    info = api.model_info(REPO, files_metadata=True)
    sha = info.sha
    check(len(sha) == 40, "model_info gives a commit sha")
    check({s.rfilename for s in info.siblings} == FILES, "model_info siblings")
    big = next(s for s in info.siblings if s.rfilename == "big.bin")
    check(big.lfs is not None and big.lfs.sha256 == big_sha, "big.bin is a large file with its sha256")
    check(set(api.list_repo_files(REPO)) == FILES, "list_repo_files")
    tree = {t.path: type(t).__name__ for t in api.list_repo_tree(REPO, recursive=True)}
    check(tree.get("sub") == "RepoFolder" and tree.get("sub/notes.txt") == "RepoFile", "list_repo_tree recursive")
    paths = api.get_paths_info(REPO, ["config.json", "big.bin", "sub"], expand=True)
    check(sorted(p.path for p in paths) == ["big.bin", "config.json", "sub"], "get_paths_info paths")
    check(all(p.last_commit is not None and p.last_commit.oid == sha for p in paths), "get_paths_info expand")
    refs = api.list_repo_refs(REPO)
    check([(b.name, b.target_commit) for b in refs.branches] == [("main", sha)], "list_repo_refs")
    check([c.commit_id for c in api.list_repo_commits(REPO)] == [sha], "list_repo_commits")
    check([c.commit_id for c in api.list_repo_commits(REPO, revision=sha[:7])] == [sha],
          "list_repo_commits at a short commit")
    raises(errors.RevisionNotFoundError, lambda: api.list_repo_commits(REPO, revision="v9"),
           "list_repo_commits of a missing revision")
    fs = hh.HfFileSystem()
    check(fs.info(REPO, expand_info=True)["last_commit"].oid == sha, "HfFileSystem.info of the root, expanded")
    check(sorted(fs.glob(REPO + "/**/*.txt")) == [REPO + "/sub/notes.txt"], "HfFileSystem.glob")
    check(fs.open(REPO + "/sub/notes.txt", "rb").read() == b"hello hub\n", "HfFileSystem.open")
    check(api.repo_exists(REPO) and not api.repo_exists("acme/nope"), "repo_exists")
    check(api.file_exists(REPO, "sub/notes.txt") and not api.file_exists(REPO, "nope.txt"), "file_exists")
    check(api.revision_exists(REPO, "main") and not api.revision_exists(REPO, "v9"), "revision_exists")
    # an abbreviated commit id works wherever a revision goes, as on huggingface.co (no cache writes here)
    short = sha[:7]
    check(api.model_info(REPO, revision=short).sha == sha, "model_info at a short commit")
    check({t.path for t in api.list_repo_tree(REPO, revision=short)} >= {"config.json", "sub"},
          "list_repo_tree at a short commit")
    check([p.path for p in api.get_paths_info(REPO, ["config.json"], revision=short)] == ["config.json"],
          "get_paths_info at a short commit")
    check(hh.get_hf_file_metadata(hh.hf_hub_url(REPO, "big.bin", revision=short)).commit_hash == sha,
          "file metadata at a short commit names the full commit")
    check(not api.revision_exists(REPO, sha[:6]), "a 6-digit prefix is no revision")
    raises(errors.RepositoryNotFoundError, lambda: hh.hf_hub_download("acme/nope", "config.json"),
           "missing repo: RepositoryNotFoundError")
    raises(errors.EntryNotFoundError, lambda: hh.hf_hub_download(REPO, "nope.json"), "missing file: EntryNotFoundError")
    raises(errors.RevisionNotFoundError, lambda: hh.hf_hub_download(REPO, "config.json", revision="v9"),
           "missing revision: RevisionNotFoundError")
    raises(errors.GatedRepoError, lambda: hh.snapshot_download("acme/data", repo_type="dataset"),
           "gated dataset without a token: GatedRepoError")
    raises(errors.GatedRepoError, lambda: api.auth_check("acme/data", repo_type="dataset"),
           "auth_check of a gated dataset without a token: GatedRepoError")
    api.auth_check("acme/data", repo_type="dataset", token=gated_token)
    api.auth_check(REPO)
    raises(errors.RepositoryNotFoundError, lambda: api.auth_check("acme/nope"), "auth_check of a missing repo")
    data = hh.snapshot_download("acme/data", repo_type="dataset", token=gated_token)
    check(os.listdir(data) == ["train.csv"], "gated dataset with its token")
    path = hh.hf_hub_download(REPO, "big.bin")  # the cache holds partial downloads of it (see the test)
    check(sha256(path) == big_sha, "big.bin downloaded with the right sha256")
    check(open(hh.hf_hub_download(REPO, "config.json", revision=sha)).read().startswith("{"), "download by commit")
    snap = hh.snapshot_download(REPO)
    check(snap.endswith("snapshots/" + sha), "snapshot folder named by the commit")
else:
    snap = hh.snapshot_download(REPO)
    check(sha256(hh.hf_hub_download(REPO, "big.bin")) == big_sha, "offline big.bin from hubkit's cache")
    check(open(hh.try_to_load_from_cache(REPO, "sub/notes.txt")).read() == "hello hub\n", "try_to_load_from_cache")
files = {os.path.relpath(os.path.join(d, f), snap) for d, _, fs in os.walk(snap) for f in fs}
check(files == FILES, "snapshot holds every file")
scan = hh.scan_cache_dir(cache)
check(not scan.warnings, "scan_cache_dir finds nothing wrong")
tiny = next(r for r in scan.repos if r.repo_id == REPO)
check(tiny.nb_files == len(FILES) and [sorted(r.refs) for r in tiny.revisions] == [["main"]], "scan_cache_dir repo")
print("SNAPSHOT " + snap)
