#!/usr/bin/env python3
"""Random tokenizer pipelines, hubkit against the Python tokenizers library (the Rust library) on real text.

Not part of the tests (it needs `pip install tokenizers`, which Debian does not package): a tool for finding
differences. Each config trains a small BPE / WordPiece / Unigram / WordLevel model with random normalizers,
pre-tokenizers, post-processor, decoder and added tokens on the corpus, saves tokenizer.json, then compares
`hubkit tokenize` (ids and offsets) and `hubkit decode` with the library on 200 corpus lines and a few edge
cases; it prints every config that differs.

  python3 scripts/tokenizers-random-diff.py SEED COUNT CORPUS_DIR [HUBKIT]
      e.g. ... 1 30 ../shared/data/corpus ./hubkit   (writes c<SEED>_<i>/ folders in the current folder)

tokenizers 0.23 decodes added tokens with normalized=true as their normalized form (PR #1995); hubkit decodes
them as 0.21/0.22 and the DJL oracle do, so with 0.23 such configs show decode differences.
"""
import json, random, subprocess, sys, os
from tokenizers import Tokenizer, models, normalizers as N, pre_tokenizers as P, decoders as D, processors as PP, trainers as T, Regex, AddedToken

seed = int(sys.argv[1]); count = int(sys.argv[2])
D0 = sys.argv[3]
HUBKIT = sys.argv[4] if len(sys.argv) > 4 else "./hubkit"
lines = []
for f in sorted(os.listdir(D0)):
    if f.endswith(".txt"):
        lines += [l for l in open(os.path.join(D0, f), encoding="utf-8", errors="replace").read().split("\n") if l.strip()]
rng0 = random.Random(0)
train_lines = rng0.sample(lines, 3000)

def rnorm(r):
    opts = [lambda: N.NFC(), lambda: N.NFD(), lambda: N.NFKC(), lambda: N.NFKD(), lambda: N.Lowercase(), lambda: N.StripAccents(),
            lambda: N.Strip(left=r.random() < .5, right=r.random() < .5), lambda: N.Replace(r.choice([" ", "a", "ー", "  "]), r.choice(["▁", "", "b", " "])),
            lambda: N.Replace(Regex(r.choice([r"\s+", r"[0-9]", r"(?i)th"])), r.choice([" ", "#", ""])), lambda: N.Prepend("▁"),
            lambda: N.BertNormalizer(clean_text=r.random() < .7, handle_chinese_chars=r.random() < .7, strip_accents=r.choice([None, True, False]), lowercase=r.random() < .5),
            lambda: N.Nmt(), lambda: N.ByteLevel()]
    k = r.randint(0, 3)
    return N.Sequence([r.choice(opts)() for _ in range(k)]) if k else None

def rpre(r, model):
    beh = lambda: r.choice(["removed", "isolated", "merged_with_previous", "merged_with_next", "contiguous"])
    opts = [lambda: P.Whitespace(), lambda: P.WhitespaceSplit(), lambda: P.BertPreTokenizer(), lambda: P.Punctuation(behavior=beh()),
            lambda: P.Digits(individual_digits=r.random() < .5), lambda: P.Split(r.choice([" ", "-", "の"]), behavior=beh(), invert=r.random() < .3),
            lambda: P.Split(Regex(r.choice([r"\w+|[^\w\s]+", r"\s+", r"\p{L}+", r"(?i:'s|'t)|\d{1,3}"])), behavior=beh(), invert=r.random() < .3),
            lambda: P.Metaspace(replacement=r.choice(["▁", "_"]), prepend_scheme=r.choice(["always", "first", "never"]), split=r.random() < .7),
            lambda: P.ByteLevel(add_prefix_space=r.random() < .5, use_regex=r.random() < .7), lambda: P.UnicodeScripts(),
            lambda: P.CharDelimiterSplit(r.choice([" ", "e", "、"])), lambda: P.FixedLength(length=r.randint(1, 7))]
    k = r.randint(0, 3)
    return P.Sequence([r.choice(opts)() for _ in range(k)]) if k else None

def one(i):
    r = random.Random(seed * 1000 + i)
    kind = r.choice(["bpe", "wordpiece", "unigram", "wordlevel"])
    specials = ["[UNK]", "[CLS]", "[SEP]", "<s>", "</s>"]
    if kind == "bpe":
        kw = {}
        if r.random() < .7: kw["unk_token"] = "[UNK]"
        if r.random() < .3: kw["continuing_subword_prefix"] = "##"
        if r.random() < .3: kw["end_of_word_suffix"] = "</w>"
        m = models.BPE(byte_fallback=r.random() < .3, fuse_unk=r.random() < .5, **kw)
        tkw = {k: v for k, v in kw.items() if k != "unk_token"}
        tr = T.BpeTrainer(vocab_size=r.choice([300, 800, 2000]), special_tokens=specials, show_progress=False, **tkw)
    elif kind == "wordpiece":
        m = models.WordPiece(unk_token="[UNK]", max_input_chars_per_word=r.choice([100, 8]))
        tr = T.WordPieceTrainer(vocab_size=r.choice([300, 800, 2000]), special_tokens=specials, show_progress=False)
    elif kind == "unigram":
        m = models.Unigram()
        tr = T.UnigramTrainer(vocab_size=r.choice([300, 800, 2000]), special_tokens=specials, unk_token="[UNK]", show_progress=False)
    else:
        m = models.WordLevel(unk_token="[UNK]")
        tr = T.WordLevelTrainer(vocab_size=r.choice([300, 2000]), special_tokens=specials, show_progress=False)
    tok = Tokenizer(m)
    n = rnorm(r)
    if n is not None: tok.normalizer = n
    p = rpre(r, kind)
    if p is not None: tok.pre_tokenizer = p
    try:
        tok.train_from_iterator(train_lines, tr)
    except Exception as e:
        return None
    if kind == "bpe" and r.random() < .3:
        tok.model.byte_fallback = True
    pp = r.choice(["none", "template", "bert", "roberta", "bytelevel"])
    if pp == "template":
        tok.post_processor = PP.TemplateProcessing(single="[CLS] $A [SEP]", pair="[CLS] $A [SEP] $B:1 [SEP]:1",
                                                   special_tokens=[("[CLS]", tok.token_to_id("[CLS]")), ("[SEP]", tok.token_to_id("[SEP]"))])
    elif pp == "bert":
        tok.post_processor = PP.BertProcessing(("[SEP]", tok.token_to_id("[SEP]")), ("[CLS]", tok.token_to_id("[CLS]")))
    elif pp == "roberta":
        tok.post_processor = PP.RobertaProcessing(("</s>", tok.token_to_id("</s>")), ("<s>", tok.token_to_id("<s>")),
                                                  trim_offsets=r.random() < .5, add_prefix_space=r.random() < .5)
    elif pp == "bytelevel":
        tok.post_processor = PP.ByteLevel(trim_offsets=r.random() < .5)
    dec = r.choice([None, D.ByteLevel(), D.WordPiece(), D.Metaspace(), D.BPEDecoder(), D.Sequence([D.ByteFallback(), D.Fuse(), D.Strip(" ", 1, 0)]), D.Replace("▁", " "), D.CTC()])
    if dec is not None: tok.decoder = dec
    if r.random() < .6:
        tok.add_special_tokens([AddedToken("<mask>", lstrip=r.random() < .5, rstrip=r.random() < .5, single_word=r.random() < .3, normalized=False)])
        tok.add_tokens([AddedToken(r.choice(["the", "ing", " of", "人"]), single_word=r.random() < .5, lstrip=r.random() < .3, rstrip=r.random() < .3, normalized=r.random() < .5)])
    return tok

def main():
    bad = 0
    for i in range(count):
        tok = one(i)
        if tok is None: continue
        d = f"c{seed}_{i}"; os.makedirs(d, exist_ok=True)
        tok.save(f"{d}/tokenizer.json")
        r = random.Random(seed * 7 + i)
        sample = r.sample(lines, 200) + ["<mask> the end", "the<mask>ing of 人 <mask>", "", "   ", "a\tb", "ﬁne ½ Ⅻ"]
        sample = [s.replace("\n", " ") for s in sample]
        open(f"{d}/in.txt", "w", encoding="utf-8").write("\n".join(sample) + "\n")
        try:
            ref = tok.encode_batch(sample)
        except Exception as e:
            print(d, "python fails:", e); continue
        p = subprocess.run([HUBKIT, "tokenize", "-t", f"{d}/tokenizer.json", "-i", f"{d}/in.txt"], capture_output=True, text=True)
        if p.returncode != 0:
            print(d, "HUBKIT ERROR", p.stderr.strip()[:300]); bad += 1; continue
        got = [json.loads(l) for l in p.stdout.splitlines()]
        diffs = 0
        for s, a, b in zip(sample, ref, got):
            if a.ids != b["ids"] or [list(o) for o in a.offsets] != b["offsets"]:
                diffs += 1
                if diffs <= 2:
                    k = next((j for j in range(min(len(a.ids), len(b["ids"]))) if a.ids[j] != b["ids"][j] or list(a.offsets[j]) != b["offsets"][j]), min(len(a.ids), len(b["ids"])))
                    lo = max(0, k - 3)
                    print(d, "DIFF at", k, "len", len(a.ids), len(b["ids"]), repr(s[:100]), "\n   py ", a.ids[lo:k+4], a.tokens[lo:k+4], a.offsets[lo:k+4], "\n   hk ", b["ids"][lo:k+4], b["tokens"][lo:k+4], b["offsets"][lo:k+4])
        # decode
        dec_in = "\n".join(json.dumps({"ids": a.ids}) for a in ref) + "\n"
        p2 = subprocess.run([HUBKIT, "decode", "-t", f"{d}/tokenizer.json"], input=dec_in, capture_output=True, text=True)
        ddiff = 0
        if p2.returncode != 0:
            print(d, "HUBKIT DECODE ERROR", p2.stderr.strip()[:300]); ddiff = 1
        else:
            for a, l in zip(ref, p2.stdout.splitlines()):
                if tok.decode(a.ids, skip_special_tokens=False) != json.loads(l)["text"]:
                    ddiff += 1
                    if ddiff <= 1: print(d, "DECODE DIFF", repr(tok.decode(a.ids, skip_special_tokens=False)[:60]), repr(json.loads(l)["text"][:60]))
        if diffs or ddiff:
            bad += 1
            print(d, f"{diffs} encode diffs, {ddiff} decode diffs of {len(sample)}")
    print("configs with differences:", bad)

main()
