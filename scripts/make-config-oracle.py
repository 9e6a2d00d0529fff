#!/usr/bin/env python3
"""Writes core/src/test/resources/config-oracle/transformers-VERSION/: config.json files of chosen model
types as transformers' save_pretrained writes them, and expected.json with the canonical fields
transformers resolves for each (attribute_map aliases, class defaults). TransformersOracleTest reads
only these committed files.

A field is expected where transformers answers it: getattr(config, name) on the config, or, for a
composite config (Llava, Gemma 3...) whose top level has no answer, on get_text_config(decoder=True),
which is what hubkit shows for it. Run it once per transformers install:

    python scripts/make-config-oracle.py [OUT_ROOT]
"""
import json
import os
import shutil
import sys
import tempfile
import warnings

warnings.filterwarnings("ignore")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
import transformers  # noqa: E402
from transformers import CONFIG_MAPPING  # noqa: E402
from transformers.utils import logging  # noqa: E402

logging.set_verbosity_error()
ROOT = sys.argv[1] if len(sys.argv) > 1 else "core/src/test/resources/config-oracle"
FIELDS = ["vocab_size", "hidden_size", "num_hidden_layers", "num_attention_heads", "num_key_value_heads",
          "head_dim", "intermediate_size", "max_position_embeddings", "layer_norm_eps", "hidden_act",
          "pad_token_id", "bos_token_id", "eos_token_id", "tie_word_embeddings", "is_encoder_decoder"]
# popular families first, then families whose transformers attribute_map renames a canonical field,
# composite configs with a nested text config, and families whose sizes are per-layer lists
SAVED = ["llama", "mistral", "mixtral", "qwen2", "qwen2_moe", "qwen3", "qwen3_moe", "gemma", "gemma2",
         "gemma3_text", "phi", "phi3", "falcon", "mpt", "bloom", "opt", "gptj", "gpt_neo", "codegen",
         "starcoder2", "deepseek_v2", "deepseek_v3", "gpt_bigcode", "olmo2", "cohere", "stablelm", "gpt2",
         "gpt_neox", "bert", "roberta", "xlm-roberta", "distilbert", "albert", "electra", "deberta-v2",
         "modernbert", "t5", "mt5", "bart", "mbart", "marian", "pegasus", "whisper", "vit", "xglm", "trocr",
         "seamless_m4t", "mask2former", "deepseek_v4", "fsmt", "kosmos_2_text_model", "moonshine", "zamba2",
         "gemma3", "llava", "llava_next", "mllama", "mistral3", "llama4", "qwen2_5_vl", "qwen2_vl", "idefics3",
         "paligemma", "clip", "siglip", "blip", "swin", "segformer", "gemma3n_text", "lxmert", "pvt_v2",
         "levit"]
# typed families of hubkit: also a config.json holding only model_type (every field from the defaults)
MINIMAL = ["bert", "roberta", "xlm-roberta", "distilbert", "albert", "electra", "deberta-v2", "gpt2",
           "gpt_neox", "t5", "bart", "llama", "mistral", "qwen2", "gemma"]


def plain(v):
    if v is None or isinstance(v, (bool, int, float, str)):
        return v
    if isinstance(v, (list, tuple)):
        return [plain(x) for x in v]
    s = str(v)
    return s[len("torch."):] if s.startswith("torch.") else None


def answers(config):
    text = config.get_text_config(decoder=True)
    out = {}
    for f in FIELDS:
        v = plain(getattr(config, f, None))
        if v is None and text is not config and f not in ("tie_word_embeddings", "is_encoder_decoder"):
            v = plain(getattr(text, f, None))
        if v is not None:
            out[f] = v
    return out


def main():
    out_dir = os.path.join(ROOT, "transformers-" + transformers.__version__)
    shutil.rmtree(out_dir, ignore_errors=True)
    expected = {}
    for mt in SAVED:
        if mt not in CONFIG_MAPPING:
            continue
        config = CONFIG_MAPPING[mt]()
        with tempfile.TemporaryDirectory() as tmp:
            config.save_pretrained(tmp)
            with open(os.path.join(tmp, "config.json"), encoding="utf-8") as fh:
                text = fh.read()
        case = mt + "-saved"
        os.makedirs(os.path.join(out_dir, case))
        with open(os.path.join(out_dir, case, "config.json"), "w", encoding="utf-8") as fh:
            fh.write(text)
        expected[case] = answers(CONFIG_MAPPING[mt].from_dict(json.loads(text)))
    for mt in MINIMAL:
        case = mt + "-minimal"
        os.makedirs(os.path.join(out_dir, case))
        with open(os.path.join(out_dir, case, "config.json"), "w", encoding="utf-8") as fh:
            fh.write(json.dumps({"model_type": mt}) + "\n")
        expected[case] = answers(CONFIG_MAPPING[mt]())
    with open(os.path.join(out_dir, "expected.json"), "w", encoding="utf-8") as fh:
        json.dump(expected, fh, indent=1, sort_keys=True)
        fh.write("\n")
    print("wrote %s: %d cases" % (out_dir, len(expected)))


if __name__ == "__main__":
    main()
