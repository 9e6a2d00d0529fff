#!/usr/bin/env python3
"""Train small SentencePiece models and record the library's own encodings as test fixtures.

Writes into tokenizers/src/test/resources/sentencepiece/ (or --out):
  * <name>.model        one trained model per configuration in MODELS below
  * lines.txt.gz        the test lines (one JSON string per line, so tabs/CR/odd characters survive)
  * <name>.jsonl.gz     per test line, in the same order: {"ids", "pieces", "spans", "decoded"}
                        pieces = {index: piece} only where the piece differs from IdToPiece(id)
                        (merged runs of unknown characters); decoded is absent where it equals the line; spans = begin0, end0, begin1, ... offsets into the line in
                        Unicode code points (every third line only), as
                        SentencePieceText (EncodeAsImmutableProto) reports them;
                        decoded = DecodeIds(ids).
                        Then random id sequences with {"decode_ids", "decoded"} (byte pieces that
                        form broken UTF-8, control and unknown ids included).
Everything is deterministic (fixed seeds, single-threaded training).

Run with Debian's python3-sentencepiece (0.1.97):
    apt-get install python3-sentencepiece
    /usr/bin/python3 scripts/make-spm-fixtures.py
hubkit encodes as sentencepiece 0.2.x does, which compares Unigram path scores as floats; 0.1.97 breaks a
few near-ties the other way, so 13 expected lines (in unigram-nfkc, unigram-identity-bytes-digits and
unigram-identity-suffix-keepws) were set to sentencepiece 0.2.2's output after the run. Encode with 0.2.x
(pip install sentencepiece) when regenerating them.

With --families it instead trains the tokenizer-family-shaped models in FAMILY_MODELS (T5, ALBERT,
XLM-RoBERTa, Llama and Gemma special-piece layouts and options) for the slow-to-fast conversion tests,
writing <family>.model and <family>.jsonl.gz ({"ids"} per line of lines.txt.gz) into
tokenizers/src/test/resources/sentencepiece/families/, and a small model with its expected
hubkit tokenize output (ids, pieces, code-point spans of every line) into
cli/src/test/resources/spm/ for the CLI tests.
"""
import argparse
import gzip
import json
import os
import random
import sys
import tempfile

try:
    import sentencepiece as spm
except ImportError:
    sys.exit("python3-sentencepiece is missing: apt-get install python3-sentencepiece (and run /usr/bin/python3)")

WORDS = """the of and to in is that for it as was with be by on not he this are or his from at which
but have an they you were her she there been one all we their has would when if so no will more
about can said what up out into them some could him time only new these two may first then do any
like my now over such our man me even most made after also did many before must through back
years where much your way well down should because each just those people how too little state
good very make world still own see men work long get here between both life being under never day
same another know while last might us great old year off come since against go came right used take
three states himself few house use during without again place around however home small found
Mrs thought went say part once general high upon school every don't does got united left number
course war until always away something fact though water less public put think almost hand enough
far took head yet government system better set told nothing night end why called didn't eyes find
going look asked later knew point next program city business give group toward young days let room
president side social given present several order national possible rather second face per among
form important often things looked early white case John become large big need four within felt
along children saw best church ever least power development light thing seemed family interest want
members mind country area others done turned although open God service certain kind problem began
different door thus help means sense whole matter perhaps itself York times law human line above
name example action company hands local show whether five history gave today either act feet across
taken past quite anyone having seen death experience body word half really week field car words
already themselves I'm information tell together college shall money period held keep sure free
parlament Kommission über Änderung Präsident Straße Grüße élection député société être très
français garçon naïve café résumé coöperation señor niño mañana año España información
москва россия привет мир язык Ελλάδα γλώσσα καλημέρα""".split()

JAPANESE = "吾輩は猫である。名前はまだ無い。どこで生れたかとんと見当がつかぬ。何でも薄暗いじめじめした所でニャーニャー泣いていた事だけは記憶している。"
CHINESE = "人人生而自由在尊严和权利上一律平等他们赋有理性和良心并应以兄弟关系的精神相对待"
PUNCT = list(".,;:!?-()[]\"'/&%$#@*+=<>|~^`{}")
# Characters that the nmt_nfkc rules rewrite (full-width, ligatures, compatibility forms, odd spaces).
NFKC_BAIT = ["Ａ", "ｂ", "１", "２", "３", "！", "？", "ﬁ", "ﬂ", "①", "㍻", "™", "½", "²", "Ⅻ", "ｶ", "ﾞ",
             "\u00a0", "\u3000", "\u2003", "\u200b", "\ufeff", "e\u0301", "A\u030a", "Å", "ǅ", "ß",
             "İ", "ﹰ", "\u0085", "…", "‐", "〜"]
RARE = ["🙂", "👍🏽", "𝔘𝔫𝔦", "ꙮ", "ᚠᛇᚻ", "⁇", "▁", "\u2581\u2581", "�", "\U0001f9d1\u200d\U0001f4bb",
        "ﷺ", "ௐ", "ༀ", "ʕ•ᴥ•ʔ", "\x01", "\x7f", "\t", "\r", "\n"]


def training_text(rng, n):
    lines = []
    for _ in range(n):
        k = rng.randint(3, 18)
        ws = []
        for _ in range(k):
            r = rng.random()
            if r < 0.80:
                w = rng.choice(WORDS)
                if rng.random() < 0.1:
                    w = w.capitalize()
                ws.append(w)
            elif r < 0.88:
                ws.append(str(rng.randint(0, 100000)))
            elif r < 0.93:
                i = rng.randint(0, len(JAPANESE) - 6)
                ws.append(JAPANESE[i:i + rng.randint(2, 6)])
            elif r < 0.96:
                i = rng.randint(0, len(CHINESE) - 4)
                ws.append(CHINESE[i:i + rng.randint(1, 4)])
            else:
                ws.append(rng.choice(PUNCT))
        line = " ".join(ws)
        if rng.random() < 0.5:
            line += rng.choice([".", "!", "?", ","])
        lines.append(line)
    return lines


def test_lines(rng, n, user_symbols):
    specials = ["<s>", "</s>", "<unk>", "<pad>", "<0x41>"] + user_symbols
    lines = ["", " ", "   ", "\t", "hello", " hello", "hello ", "  hello   world  ", "a  b   c",
             "12345678901234567890", "3.14159 + 2,718 = 5.859", "▁", "▁▁x▁", "x" * 300,
             "ｆｕｌｌ　ｗｉｄｔｈ　ＡＢＣ　１２３", "ﬁnance ﬂow", JAPANESE, CHINESE, "🙂🙂🙂", "\u00a0lead",
             "trail\u3000", "e\u0301te\u0301", "İstanbul ß", "<s> hello </s>", "a<mask>b", "Ⅻ ½ ²",
             "don't can't won't", "Hello,World!How are you?", "  \u3000 \u00a0 ", "\u200b\u200bzero"]
    while len(lines) < n:
        k = rng.randint(1, 14)
        parts = []
        for _ in range(k):
            r = rng.random()
            if r < 0.55:
                w = rng.choice(WORDS)
                if rng.random() < 0.15:
                    w = w.upper() if rng.random() < 0.3 else w.capitalize()
                parts.append(w)
            elif r < 0.65:
                parts.append(str(rng.randint(0, 10 ** rng.randint(1, 9))))
            elif r < 0.72:
                parts.append(rng.choice(PUNCT) * rng.randint(1, 3))
            elif r < 0.78:
                parts.append(rng.choice(NFKC_BAIT))
            elif r < 0.83:
                parts.append(rng.choice(RARE))
            elif r < 0.88:
                i = rng.randint(0, len(JAPANESE) - 8)
                parts.append(JAPANESE[i:i + rng.randint(1, 8)])
            elif r < 0.91:
                i = rng.randint(0, len(CHINESE) - 5)
                parts.append(CHINESE[i:i + rng.randint(1, 5)])
            elif r < 0.95:
                parts.append(rng.choice(specials))
            else:
                parts.append("".join(chr(rng.randint(0x20, 0x2FFF)) for _ in range(rng.randint(1, 3))))
        seps = [" ", " ", " ", " ", "", "  ", "\t", " \u00a0", "   ", "\u3000"]
        line = parts[0]
        for p in parts[1:]:
            line += rng.choice(seps) + p
        if rng.random() < 0.15:
            line = " " * rng.randint(1, 3) + line
        if rng.random() < 0.15:
            line = line + " " * rng.randint(1, 3)
        # Lone surrogates cannot be encoded by either side; keep lines valid Unicode.
        line = line.encode("utf-8", "replace").decode("utf-8")
        lines.append(line)
    return lines


USER_SYMBOLS = ["<mask>", "[SEP]", "@@", "ing"]

# name -> trainer options. Keep models small: "identity" has no charsmap (a few KB), nmt_nfkc* ~240 KB.
MODELS = {
    "unigram-nfkc": dict(model_type="unigram", vocab_size=500, user_defined_symbols=USER_SYMBOLS),
    "bpe-nfkc-cf-bytes": dict(model_type="bpe", vocab_size=800, normalization_rule_name="nmt_nfkc_cf",
                              byte_fallback=True, split_digits=True),
    "unigram-identity-bytes-digits": dict(model_type="unigram", vocab_size=700, normalization_rule_name="identity",
                                          byte_fallback=True, split_digits=True, user_defined_symbols=USER_SYMBOLS),
    "unigram-identity-small": dict(model_type="unigram", vocab_size=150, normalization_rule_name="identity",
                                   character_coverage=0.98),
    "unigram-identity-suffix-keepws": dict(model_type="unigram", vocab_size=400, normalization_rule_name="identity",
                                           treat_whitespace_as_suffix=True, remove_extra_whitespaces=False),
    "unigram-identity-nodummy": dict(model_type="unigram", vocab_size=300, normalization_rule_name="identity",
                                     add_dummy_prefix=False, split_by_whitespace=False),
    "bpe-identity": dict(model_type="bpe", vocab_size=300, normalization_rule_name="identity",
                         user_defined_symbols=USER_SYMBOLS),
    "bpe-identity-bytes-suffix": dict(model_type="bpe", vocab_size=1000, normalization_rule_name="identity",
                                      byte_fallback=True, treat_whitespace_as_suffix=True,
                                      remove_extra_whitespaces=False, character_coverage=0.99),
    "bpe-identity-large": dict(model_type="bpe", vocab_size=2000, normalization_rule_name="identity",
                               split_digits=True, max_sentencepiece_length=8),
    "word-identity": dict(model_type="word", vocab_size=300, normalization_rule_name="identity"),
    "char-identity": dict(model_type="char", vocab_size=120, normalization_rule_name="identity",
                          user_defined_symbols=USER_SYMBOLS, character_coverage=0.995,
                          pad_id=3, bos_id=-1, unk_piece="[UNK]"),
}


# Models shaped like the slow tokenizers transformers converts: their special pieces at the ids
# those families use, and (where small) their trainer options. Identity normalization keeps them tiny,
# except T5's, which keeps nmt_nfkc so the Precompiled normalizer is exercised.
FAMILY_MODELS = {
    "t5": dict(model_type="unigram", vocab_size=500, pad_id=0, eos_id=1, unk_id=2, bos_id=-1),
    "albert": dict(model_type="unigram", vocab_size=400, normalization_rule_name="identity", pad_id=0, unk_id=1,
                   bos_id=-1, eos_id=-1, control_symbols=["[CLS]", "[SEP]", "[MASK]"]),
    "xlm-roberta": dict(model_type="unigram", vocab_size=400, normalization_rule_name="identity", unk_id=0,
                        bos_id=1, eos_id=2, pad_id=-1),
    "llama": dict(model_type="bpe", vocab_size=1000, normalization_rule_name="identity", unk_id=0, bos_id=1,
                  eos_id=2, pad_id=-1, byte_fallback=True, split_digits=True, allow_whitespace_only_pieces=True,
                  remove_extra_whitespaces=False, character_coverage=0.99),
    "gemma": dict(model_type="bpe", vocab_size=1000, normalization_rule_name="identity", pad_id=0, eos_id=1,
                  bos_id=2, unk_id=3, pad_piece="<pad>", eos_piece="<eos>", bos_piece="<bos>", byte_fallback=True,
                  split_digits=True, allow_whitespace_only_pieces=True, remove_extra_whitespaces=False,
                  add_dummy_prefix=False, user_defined_symbols=["<start_of_turn>", "<end_of_turn>"],
                  character_coverage=0.99),
}

# The CLI fixture: a small Unigram model and every line's expected output.
CLI_MODEL = dict(model_type="unigram", vocab_size=300, normalization_rule_name="identity", character_coverage=0.98,
                 user_defined_symbols=["<mask>"])


def train(corpus_file, prefix, opts):
    spm.SentencePieceTrainer.train(input=corpus_file, model_prefix=prefix, minloglevel=2, num_threads=1,
                                   seed_sentencepiece_size=100000, **opts)
    return open(prefix + ".model", "rb").read()


def main_families(args, corpus, lines):
    fam_dir = os.path.abspath(os.path.join(args.out, "families"))
    cli_dir = os.path.abspath(args.cli_out)
    os.makedirs(fam_dir, exist_ok=True)
    os.makedirs(cli_dir, exist_ok=True)
    # the lines are ../lines.txt.gz (same seed and count), so they are not written again
    cwd = os.getcwd()
    with tempfile.TemporaryDirectory() as tmp:
        os.chdir(tmp)
        with open("corpus.txt", "w", encoding="utf-8") as f:
            f.write("\n".join(corpus) + "\n")
        for name, opts in FAMILY_MODELS.items():
            model_bytes = train("corpus.txt", name, opts)
            with open(os.path.join(fam_dir, name + ".model"), "wb") as f:
                f.write(model_bytes)
            sp = spm.SentencePieceProcessor(model_proto=model_bytes)
            with gzip.GzipFile(os.path.join(fam_dir, name + ".jsonl.gz"), "wb", mtime=0) as f:
                for line in lines:
                    f.write((json.dumps({"ids": sp.EncodeAsIds(line)}) + "\n").encode("utf-8"))
            print(f"{name}: {sp.GetPieceSize()} pieces, model {len(model_bytes)} bytes")
        model_bytes = train("corpus.txt", "cli", CLI_MODEL)
        with open(os.path.join(cli_dir, "unigram.model"), "wb") as f:
            f.write(model_bytes)
        sp = spm.SentencePieceProcessor(model_proto=model_bytes)
        cli_lines = lines[:40]
        with open(os.path.join(cli_dir, "lines.jsonl"), "w", encoding="utf-8") as f:
            for line in cli_lines:
                f.write(json.dumps(line, ensure_ascii=False) + "\n")
        with open(os.path.join(cli_dir, "expected.jsonl"), "w", encoding="utf-8") as f:
            for line in cli_lines:
                proto = sp.EncodeAsImmutableProto(line)
                # the Python wrapper reports begin/end in code points, as the CLI does
                spans = [[p.begin, p.end] for p in proto.pieces]
                rec = {"ids": [p.id for p in proto.pieces], "tokens": [p.piece for p in proto.pieces],
                       "offsets": spans, "decoded": sp.DecodeIds([p.id for p in proto.pieces])}
                f.write(json.dumps(rec, ensure_ascii=False) + "\n")
        os.chdir(cwd)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                                                  "tokenizers/src/test/resources/sentencepiece"))
    ap.add_argument("--lines", type=int, default=1500)
    ap.add_argument("--decode-cases", type=int, default=150)
    ap.add_argument("--families", action="store_true", help="train FAMILY_MODELS and the CLI fixture instead")
    ap.add_argument("--cli-out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                                                      "cli/src/test/resources/spm"))
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    rng = random.Random(20261125)
    corpus = training_text(rng, 6000)
    lines = test_lines(random.Random(4242), args.lines, USER_SYMBOLS)
    if args.families:
        main_families(args, corpus, lines)
        return
    with gzip.GzipFile(os.path.join(args.out, "lines.txt.gz"), "wb", mtime=0) as f:
        for line in lines:
            f.write((json.dumps(line, ensure_ascii=False) + "\n").encode("utf-8"))

    out_dir = os.path.abspath(args.out)
    cwd = os.getcwd()
    with tempfile.TemporaryDirectory() as tmp:
        # Train with relative paths: the trainer spec records input and model_prefix, and the
        # committed models should not depend on the temporary directory's name.
        os.chdir(tmp)
        corpus_file = "corpus.txt"
        with open(corpus_file, "w", encoding="utf-8") as f:
            f.write("\n".join(corpus) + "\n")
        for name, opts in MODELS.items():
            prefix = name
            spm.SentencePieceTrainer.train(input=corpus_file, model_prefix=prefix, minloglevel=2, num_threads=1,
                                           seed_sentencepiece_size=100000, **opts)
            model_bytes = open(prefix + ".model", "rb").read()
            with open(os.path.join(out_dir, name + ".model"), "wb") as f:
                f.write(model_bytes)
            sp = spm.SentencePieceProcessor(model_proto=model_bytes)
            out = []
            for line in lines:
                proto = sp.EncodeAsImmutableProto(line)
                ids = [p.id for p in proto.pieces]
                pieces = [p.piece for p in proto.pieces]
                assert pieces == sp.EncodeAsPieces(line)
                # Pieces are only stored where they differ from IdToPiece (merged unknown runs), to stay small.
                rec = {"ids": ids,
                       "pieces": {str(i): p for i, p in enumerate(pieces) if p != sp.IdToPiece(ids[i])},
                       "decoded": sp.DecodeIds(ids)}
                if rec["decoded"] == line:
                    del rec["decoded"]  # absent means: decodes back to the line itself
                if len(out) % 3 == 0:  # spans for every third line only, to keep the files small
                    rec["spans"] = [x for p in proto.pieces for x in (p.begin, p.end)]
                out.append(rec)
            drng = random.Random(name)
            n = sp.GetPieceSize()
            byte_ids = [i for i in range(n) if sp.IsByte(i)]
            for _ in range(args.decode_cases):
                k = drng.randint(0, 12)
                ids = []
                for _ in range(k):
                    if byte_ids and drng.random() < 0.4:
                        ids.append(drng.choice(byte_ids))
                    else:
                        ids.append(drng.randrange(n))
                out.append({"decode_ids": ids, "decoded": sp.DecodeIds(ids)})
            with gzip.GzipFile(os.path.join(out_dir, name + ".jsonl.gz"), "wb", mtime=0) as f:
                for rec in out:
                    f.write((json.dumps(rec, ensure_ascii=False) + "\n").encode("utf-8"))
            print(f"{name}: {n} pieces, model {len(model_bytes)} bytes")
        os.chdir(cwd)


if __name__ == "__main__":
    main()
