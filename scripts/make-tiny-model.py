#!/usr/bin/env python3
"""Generate hubkit's bundled tiny BERT model repository.

Writes a complete Hugging Face style BERT repo (config.json, vocab.txt, tokenizer.json,
tokenizer_config.json, special_tokens_map.json, model.safetensors) into
cli/src/main/resources/dev/hubkit/cli/quickstart/tiny-bert/ (or the folder given as the
only argument).

Only the Python standard library is used, and the output is deterministic: running the
script twice gives byte-identical files.

    python3 scripts/make-tiny-model.py
"""
import hashlib
import json
import os
import struct
import sys

HIDDEN = 32
LAYERS = 2
HEADS = 2
INTERMEDIATE = 64
MAX_POSITIONS = 512
TYPE_VOCAB = 2
VOCAB_SIZE = 1000
INIT_STD = 0.02

SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]

# Word pieces that continue a word, most useful first (English inflections and endings).
SUFFIXES = """
s es ed d ing er ers est ly y ies ied ier n en ment ments ness tion tions sion ation able ible
ful less ize ized ise al ial ous ious ive ity ism ist ists ure ance ence ant ent ic ical ship
hood ward wards like th ch sh ck ng nt st re in on an at or ar le te ne se ve ge ce de me pe
ke ll ss tt pp ff rr mm nn ry ty ny ky cy ia io ea ee oo ou ow ai ay ey
""".split()

# Frequent English words, most frequent first (the classic "1000 most common words" list,
# led by a few words the quickstart examples use). The list is cut where the vocabulary is full.
WORDS = """
hello model data text file code computer network information today
the of and to a in is it you that he was for on are with as i his they be at one have this
from or had by hot word but what some we can out other were all there when up use your how
said an each she which do their time if will way about many then them write would like so
these her long make thing see him two has look more day could go come did number sound no
most people my over know water than call first who may down side been now find any new work
part take get place made live where after back little only round man year came show every
good me give our under name very through just form sentence great think say help low line
differ turn cause much mean before move right boy old too same tell does set three want air
well also play small end put home read hand port large spell add even land here must big
high such follow act why ask men change went light kind off need house picture try us again
animal point mother world near build self earth father head stand own page should country
found answer school grow study still learn plant cover food sun four between state keep eye
never last let thought city tree cross farm hard start might story saw far sea draw left late
run while press close night real life few north open seem together next white children begin
got walk example ease paper group always music those both mark often letter until mile river
car feet care second book carry took science eat room friend began idea fish mountain stop
once base hear horse cut sure watch color face wood main enough plain girl usual young ready
above ever red list though feel talk bird soon body dog family direct pose leave song measure
door product black short numeral class wind question happen complete ship area half rock
order fire south problem piece told knew pass since top whole king space heard best hour
better true during hundred five remember step early hold west ground interest reach fast verb
sing listen six table travel less morning ten simple several vowel toward war lay against
pattern slow center love person money serve appear road map rain rule govern pull cold notice
voice unit power town fine certain fly fall lead cry dark machine note wait plan figure star
box noun field rest correct able pound done beauty drive stood contain front teach week final
gave green oh quick develop ocean warm free minute strong special mind behind clear tail
produce fact street inch multiply nothing course stay wheel full force blue object decide
surface deep moon island foot system busy test record boat common gold possible plane stead
dry wonder laugh thousand ago ran check game shape equate miss brought heat snow tire bring
yes distant fill east paint language among grand ball yet wave drop heart am present heavy
dance engine position arm wide sail material size vary settle speak weight general ice matter
circle pair include divide syllable felt perhaps pick sudden count square reason length
represent art subject region energy hunt probable bed brother egg ride cell believe fraction
forest sit race window store summer train sleep prove lone leg exercise wall catch mount wish
sky board joy winter sat written wild instrument kept glass grass cow job edge sign visit past
soft fun bright gas weather month million bear finish happy hope flower clothe strange gone
jump baby eight village meet root buy raise solve metal whether push seven paragraph third
shall held hair describe cook floor either result burn hill safe cat century consider type law
bit coast copy phrase silent tall sand soil roll temperature finger industry value fight lie
beat excite natural view sense ear else quite broke case middle kill son lake moment scale
loud spring observe child straight consonant nation dictionary milk speed method organ pay age
section dress cloud surprise quiet stone tiny climb cool design poor lot experiment bottom key
iron single stick flat twenty skin smile crease hole trade melody trip office receive row
mouth exact symbol die least trouble shout except wrote seed tone join suggest clean break
lady yard rise bad blow oil blood touch grew cent mix team wire cost lost brown wear garden
equal sent choose fell fit flow fair bank collect save control decimal gentle woman captain
practice separate difficult doctor please protect noon whose locate ring character insect
caught period indicate radio spoke atom human history effect electric expect crop modern
element hit student corner party supply bone rail imagine provide agree thus capital chair
danger fruit rich thick soldier process operate guess necessary sharp wing create neighbor
wash bat rather crowd corn compare poem string bell depend meat rub tube famous dollar stream
fear sight thin triangle planet hurry chief colony clock mine tie enter major fresh search
send yellow gun allow print dead spot desert suit current lift rose continue block chart hat
sell success company subtract event particular deal swim term opposite wife shoe shoulder
spread arrange camp invent cotton born determine quart nine truck noise level chance gather
shop stretch throw shine property column molecule select wrong gray repeat require broad
prepare salt nose plural anger claim continent oxygen sugar death pretty skill women season
solution magnet silver thank branch match suffix especially fig afraid huge sister steel
discuss forward similar guide experience score apple bought led pitch coat mass card band
""".split()


def build_vocab():
    """Specials, single characters, ## characters, ## suffixes, then words until VOCAB_SIZE."""
    vocab = []
    seen = set()

    def add(token):
        if token not in seen and len(vocab) < VOCAB_SIZE:
            seen.add(token)
            vocab.append(token)

    for token in SPECIALS:
        add(token)
    for code in range(33, 127):  # printable ASCII without space; uncased, so no capitals
        ch = chr(code)
        if not ch.isupper():
            add(ch)
    for ch in "abcdefghijklmnopqrstuvwxyz0123456789":
        add("##" + ch)
    for piece in SUFFIXES:
        add("##" + piece)
    for word in WORDS:
        add(word)
    if len(vocab) != VOCAB_SIZE:
        raise SystemExit("word list too short: %d tokens for a vocabulary of %d" % (len(vocab), VOCAB_SIZE))
    return vocab


def added_token(token, token_id):
    return {"id": token_id, "content": token, "single_word": False, "lstrip": False,
            "rstrip": False, "normalized": False, "special": True}


def tokenizer_json(vocab):
    ids = {token: i for i, token in enumerate(vocab)}
    cls, sep = ids["[CLS]"], ids["[SEP]"]

    def special(name, type_id):
        return {"SpecialToken": {"id": name, "type_id": type_id}}

    def sequence(name, type_id):
        return {"Sequence": {"id": name, "type_id": type_id}}

    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [added_token(t, ids[t]) for t in SPECIALS],
        "normalizer": {"type": "BertNormalizer", "clean_text": True, "handle_chinese_chars": True,
                       "strip_accents": None, "lowercase": True},
        "pre_tokenizer": {"type": "BertPreTokenizer"},
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [special("[CLS]", 0), sequence("A", 0), special("[SEP]", 0)],
            "pair": [special("[CLS]", 0), sequence("A", 0), special("[SEP]", 0),
                     sequence("B", 1), special("[SEP]", 1)],
            "special_tokens": {
                "[CLS]": {"id": "[CLS]", "ids": [cls], "tokens": ["[CLS]"]},
                "[SEP]": {"id": "[SEP]", "ids": [sep], "tokens": ["[SEP]"]},
            },
        },
        "decoder": {"type": "WordPiece", "prefix": "##", "cleanup": True},
        "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
                  "max_input_chars_per_word": 100, "vocab": ids},
    }


def tokenizer_config(vocab):
    ids = {token: i for i, token in enumerate(vocab)}
    decoder = {}
    for token in SPECIALS:
        decoder[str(ids[token])] = {"content": token, "lstrip": False, "normalized": False,
                                    "rstrip": False, "single_word": False, "special": True}
    return {
        "added_tokens_decoder": decoder,
        "clean_up_tokenization_spaces": True,
        "cls_token": "[CLS]",
        "do_basic_tokenize": True,
        "do_lower_case": True,
        "mask_token": "[MASK]",
        "model_max_length": MAX_POSITIONS,
        "never_split": None,
        "pad_token": "[PAD]",
        "sep_token": "[SEP]",
        "strip_accents": None,
        "tokenize_chinese_chars": True,
        "tokenizer_class": "BertTokenizer",
        "unk_token": "[UNK]",
    }


SPECIAL_TOKENS_MAP = {"cls_token": "[CLS]", "mask_token": "[MASK]", "pad_token": "[PAD]",
                      "sep_token": "[SEP]", "unk_token": "[UNK]"}


def model_config(vocab_size):
    return {
        "architectures": ["BertModel"],
        "attention_probs_dropout_prob": 0.1,
        "classifier_dropout": None,
        "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1,
        "hidden_size": HIDDEN,
        "initializer_range": INIT_STD,
        "intermediate_size": INTERMEDIATE,
        "layer_norm_eps": 1e-12,
        "max_position_embeddings": MAX_POSITIONS,
        "model_type": "bert",
        "num_attention_heads": HEADS,
        "num_hidden_layers": LAYERS,
        "pad_token_id": 0,
        "position_embedding_type": "absolute",
        "torch_dtype": "float32",
        "transformers_version": "4.40.0",
        "type_vocab_size": TYPE_VOCAB,
        "use_cache": True,
        "vocab_size": vocab_size,
    }


def bert_parameters(vocab_size):
    """(name, shape, kind) of every BertModel parameter; kind is 'normal', 'one' or 'zero'."""
    params = [
        ("embeddings.word_embeddings.weight", [vocab_size, HIDDEN], "normal"),
        ("embeddings.position_embeddings.weight", [MAX_POSITIONS, HIDDEN], "normal"),
        ("embeddings.token_type_embeddings.weight", [TYPE_VOCAB, HIDDEN], "normal"),
        ("embeddings.LayerNorm.weight", [HIDDEN], "one"),
        ("embeddings.LayerNorm.bias", [HIDDEN], "zero"),
    ]
    for n in range(LAYERS):
        p = "encoder.layer.%d." % n
        for sub in ("attention.self.query", "attention.self.key", "attention.self.value",
                    "attention.output.dense"):
            params.append((p + sub + ".weight", [HIDDEN, HIDDEN], "normal"))
            params.append((p + sub + ".bias", [HIDDEN], "zero"))
        params.append((p + "attention.output.LayerNorm.weight", [HIDDEN], "one"))
        params.append((p + "attention.output.LayerNorm.bias", [HIDDEN], "zero"))
        params.append((p + "intermediate.dense.weight", [INTERMEDIATE, HIDDEN], "normal"))
        params.append((p + "intermediate.dense.bias", [INTERMEDIATE], "zero"))
        params.append((p + "output.dense.weight", [HIDDEN, INTERMEDIATE], "normal"))
        params.append((p + "output.dense.bias", [HIDDEN], "zero"))
        params.append((p + "output.LayerNorm.weight", [HIDDEN], "one"))
        params.append((p + "output.LayerNorm.bias", [HIDDEN], "zero"))
    params.append(("pooler.dense.weight", [HIDDEN, HIDDEN], "normal"))
    params.append(("pooler.dense.bias", [HIDDEN], "zero"))
    return params


class SplitMix64:
    """Tiny deterministic generator, seeded per tensor so tensors do not depend on each other."""

    MASK = (1 << 64) - 1

    def __init__(self, seed):
        self.state = seed & self.MASK

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & self.MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & self.MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & self.MASK
        return z ^ (z >> 31)

    def uniform(self):
        """Uniform in [-1, 1)."""
        return (self.next() >> 11) / float(1 << 52) - 1.0


def tensor_values(name, shape, kind):
    count = 1
    for dim in shape:
        count *= dim
    seed = int.from_bytes(hashlib.sha256(name.encode("utf-8")).digest()[:8], "little")
    rng = SplitMix64(seed)
    # Uniform noise with standard deviation INIT_STD (uniform on [-a, a) has std a / sqrt(3)).
    amplitude = INIT_STD * 3 ** 0.5
    if kind == "normal":
        return [rng.uniform() * amplitude for _ in range(count)]
    base = 1.0 if kind == "one" else 0.0
    return [base + rng.uniform() * amplitude * 0.1 for _ in range(count)]


def safetensors_bytes(params):
    """Serialise F32 tensors in the safetensors layout, tensors in name order."""
    header = {"__metadata__": {"format": "pt"}}
    blobs = []
    offset = 0
    for name, shape, kind in sorted(params, key=lambda p: p[0]):
        values = tensor_values(name, shape, kind)
        blob = struct.pack("<%df" % len(values), *values)
        header[name] = {"dtype": "F32", "shape": shape, "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    header_bytes = json.dumps(header, separators=(",", ":")).encode("utf-8")
    header_bytes += b" " * (-len(header_bytes) % 8)
    return struct.pack("<Q", len(header_bytes)) + header_bytes + b"".join(blobs)


def write(folder, name, data):
    """Atomic write: temp file in the same folder, then rename."""
    path = os.path.join(folder, name)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


def json_bytes(obj):
    return (json.dumps(obj, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def main(argv):
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    default = os.path.join(root, "cli", "src", "main", "resources", "dev", "hubkit", "cli", "quickstart",
                           "tiny-bert")
    folder = argv[1] if len(argv) > 1 else default
    os.makedirs(folder, exist_ok=True)
    vocab = build_vocab()
    write(folder, "config.json", json_bytes(model_config(len(vocab))))
    write(folder, "vocab.txt", "".join(t + "\n" for t in vocab).encode("utf-8"))
    write(folder, "tokenizer.json", json_bytes(tokenizer_json(vocab)))
    write(folder, "tokenizer_config.json", json_bytes(tokenizer_config(vocab)))
    write(folder, "special_tokens_map.json", json_bytes(SPECIAL_TOKENS_MAP))
    write(folder, "model.safetensors", safetensors_bytes(bert_parameters(len(vocab))))
    print("wrote tiny BERT (%d tokens, hidden %d, %d layers) to %s" % (len(vocab), HIDDEN, LAYERS, folder))


if __name__ == "__main__":
    main(sys.argv)
