// Usage: node cache-interop.mjs download ENDPOINT CACHE_DIR REPO_ID REVISION FILE
//        node cache-interop.mjs file ENDPOINT CACHE_DIR REPO_ID REVISION FILE
//        node cache-interop.mjs scan CACHE_DIR
// download: what a user of the official @huggingface/hub client does with a cache: snapshotDownload of REVISION
// and downloadFileToCacheDir of FILE at REVISION, both into CACHE_DIR; prints "SNAPSHOT <path>" and "FILE <path>".
// file: downloadFileToCacheDir alone (at a commit it answers from the cache without asking the server).
// scan: the client's own cache scanner (scanCacheDir) on CACHE_DIR; prints "REPO <type> <id> <size> <files>",
// "REVISION <id> <commit> <size> <refs, comma-separated>" per revision, "SIZE <total>" and "WARNING <message>".
import { snapshotDownload, downloadFileToCacheDir, scanCacheDir } from "@huggingface/hub";

const [mode, ...args] = process.argv.slice(2);
console.debug = () => {};
if (mode === "download") {
  const [hubUrl, cacheDir, repo, revision, path] = args;
  console.log("SNAPSHOT " + (await snapshotDownload({ repo, cacheDir, hubUrl, revision })));
  console.log("FILE " + (await downloadFileToCacheDir({ repo, path, cacheDir, hubUrl, revision })));
} else if (mode === "file") {
  const [hubUrl, cacheDir, repo, revision, path] = args;
  console.log("FILE " + (await downloadFileToCacheDir({ repo, path, cacheDir, hubUrl, revision })));
} else if (mode === "scan") {
  const info = await scanCacheDir(args[0]);
  for (const repo of [...info.repos].sort((a, b) => a.id.name.localeCompare(b.id.name))) {
    console.log(`REPO ${repo.id.type} ${repo.id.name} ${repo.size} ${repo.filesCount}`);
    for (const rev of [...repo.revisions].sort((a, b) => a.commitOid.localeCompare(b.commitOid))) {
      console.log(`REVISION ${repo.id.name} ${rev.commitOid} ${rev.size} ${[...rev.refs].sort().join(",")}`);
    }
  }
  console.log("SIZE " + info.size);
  for (const w of info.warnings) {
    console.log("WARNING " + w.message);
  }
} else {
  console.error("unknown mode " + mode);
  process.exit(2);
}
