// Usage: node interop.mjs ENDPOINT CACHE_DIR REPO_ID
// The official @huggingface/hub client downloads a snapshot from hubkit serve into CACHE_DIR.
import { snapshotDownload, downloadFileToCacheDir } from "@huggingface/hub";

const [endpoint, cacheDir, repo] = process.argv.slice(2);
console.debug = () => {};
const snapshot = await snapshotDownload({ repo, cacheDir, hubUrl: endpoint });
const one = await downloadFileToCacheDir({ repo, path: "config.json", cacheDir, hubUrl: endpoint });
console.log("SNAPSHOT " + snapshot);
console.log("FILE " + one);
