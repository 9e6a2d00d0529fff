#!/usr/bin/env python3
"""Build a tiny BERT in plain PyTorch and export the SAME weights as TorchScript and ONNX.

Needs only Debian's python3-torch (1.13) and python3-onnx; no transformers, no network.

  /usr/bin/python3 scripts/make-tiny-torch-bert.py
      -> runtime/src/test/resources/tiny-bert/{config.json, model.pt, model.onnx, expected.json}
         random weights (torch.manual_seed(0)), hidden 32, 2 layers, vocab 1000, 64 positions.
         expected.json records the inputs and PyTorch's outputs so that Java tests can compare
         both backends against them without python.
      -> runtime/src/test/resources/tiny-bert-heads/{config.json, model.onnx}: the same encoder shape
         with sequence/token classification heads (labels O, B-PER, I-PER, B-LOC, I-LOC) and a
         masked-LM head, as three outputs, for the pipeline tests.

  /usr/bin/python3 scripts/make-tiny-torch-bert.py --from DIR --out OUT [--no-torchscript]
      -> loads DIR/config.json + DIR/model.safetensors (a Hugging Face BertModel checkpoint)
         and writes OUT/model.onnx (+ model.pt, expected.json); used for the quickstart's tiny model.

The module follows transformers' BertModel exactly (post-LayerNorm, exact erf GELU, additive
attention mask with float32 min, tanh pooler) and its parameter names match BertModel's
state dict, so a Hugging Face checkpoint loads with strict=True.
"""
import argparse
import json
import math
import os
import struct
import sys

import torch
from torch import nn

DEFAULT_CONFIG = {
    "architectures": ["BertModel"],
    "model_type": "bert",
    "hidden_size": 32,
    "num_hidden_layers": 2,
    "num_attention_heads": 2,
    "intermediate_size": 64,
    "hidden_act": "gelu",
    "max_position_embeddings": 64,
    "type_vocab_size": 2,
    "vocab_size": 1000,
    "layer_norm_eps": 1e-12,
    "pad_token_id": 0,
    "initializer_range": 0.02,
    "torch_dtype": "float32",
}


class Embeddings(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.word_embeddings = nn.Embedding(c["vocab_size"], c["hidden_size"])
        self.position_embeddings = nn.Embedding(c["max_position_embeddings"], c["hidden_size"])
        self.token_type_embeddings = nn.Embedding(c["type_vocab_size"], c["hidden_size"])
        self.LayerNorm = nn.LayerNorm(c["hidden_size"], eps=c["layer_norm_eps"])

    def forward(self, input_ids, token_type_ids):
        positions = torch.arange(input_ids.shape[1], dtype=torch.long, device=input_ids.device).unsqueeze(0)
        e = self.word_embeddings(input_ids) + self.position_embeddings(positions) \
            + self.token_type_embeddings(token_type_ids)
        return self.LayerNorm(e)


class SelfAttention(nn.Module):
    def __init__(self, c):
        super().__init__()
        h = c["hidden_size"]
        self.heads = c["num_attention_heads"]
        self.head_dim = h // self.heads
        self.query = nn.Linear(h, h)
        self.key = nn.Linear(h, h)
        self.value = nn.Linear(h, h)

    def split(self, x):
        b, s, _ = x.shape
        return x.view(b, s, self.heads, self.head_dim).permute(0, 2, 1, 3)

    def forward(self, x, mask_add):
        q, k, v = self.split(self.query(x)), self.split(self.key(x)), self.split(self.value(x))
        scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(self.head_dim) + mask_add
        probs = torch.softmax(scores, dim=-1)
        ctx = torch.matmul(probs, v).permute(0, 2, 1, 3).contiguous()
        return ctx.view(ctx.shape[0], ctx.shape[1], -1)


class DenseNorm(nn.Module):
    def __init__(self, n_in, n_out, eps):
        super().__init__()
        self.dense = nn.Linear(n_in, n_out)
        self.LayerNorm = nn.LayerNorm(n_out, eps=eps)

    def forward(self, x, residual):
        return self.LayerNorm(self.dense(x) + residual)


class Attention(nn.Module):
    def __init__(self, c):
        super().__init__()
        setattr(self, "self", SelfAttention(c))
        self.output = DenseNorm(c["hidden_size"], c["hidden_size"], c["layer_norm_eps"])

    def forward(self, x, mask_add):
        return self.output(getattr(self, "self")(x, mask_add), x)


class Intermediate(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.dense = nn.Linear(c["hidden_size"], c["intermediate_size"])

    def forward(self, x):
        return nn.functional.gelu(self.dense(x))


class Layer(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.attention = Attention(c)
        self.intermediate = Intermediate(c)
        self.output = DenseNorm(c["intermediate_size"], c["hidden_size"], c["layer_norm_eps"])

    def forward(self, x, mask_add):
        a = self.attention(x, mask_add)
        return self.output(self.intermediate(a), a)


class Encoder(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.layer = nn.ModuleList([Layer(c) for _ in range(c["num_hidden_layers"])])

    def forward(self, x, mask_add):
        for layer in self.layer:
            x = layer(x, mask_add)
        return x


class Pooler(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.dense = nn.Linear(c["hidden_size"], c["hidden_size"])

    def forward(self, x):
        return torch.tanh(self.dense(x[:, 0]))


class TinyBert(nn.Module):
    """forward(input_ids, attention_mask, token_type_ids) -> (last_hidden_state, pooler_output)."""

    def __init__(self, c):
        super().__init__()
        self.embeddings = Embeddings(c)
        self.encoder = Encoder(c)
        self.pooler = Pooler(c)

    def forward(self, input_ids, attention_mask, token_type_ids):
        mask_add = (1.0 - attention_mask[:, None, None, :].to(torch.float32)) * torch.finfo(torch.float32).min
        h = self.encoder(self.embeddings(input_ids, token_type_ids), mask_add)
        return h, self.pooler(h)


class TinyBertHeads(nn.Module):
    """TinyBert plus three heads on the same encoder, each a separate ONNX output:
    sequence_logits (pooler -> labels), token_logits (hidden -> labels) and mlm_logits
    (BertForMaskedLM's transform + decoder tied to the word embeddings)."""

    def __init__(self, c, num_labels):
        super().__init__()
        self.bert = TinyBert(c)
        self.seq_classifier = nn.Linear(c["hidden_size"], num_labels)
        self.token_classifier = nn.Linear(c["hidden_size"], num_labels)
        self.transform = DenseNorm(c["hidden_size"], c["hidden_size"], c["layer_norm_eps"])
        self.mlm_bias = nn.Parameter(torch.zeros(c["vocab_size"]))

    def forward(self, input_ids, attention_mask, token_type_ids):
        h, pooled = self.bert(input_ids, attention_mask, token_type_ids)
        t = self.transform.LayerNorm(nn.functional.gelu(self.transform.dense(h)))
        mlm = torch.matmul(t, self.bert.embeddings.word_embeddings.weight.t()) + self.mlm_bias
        return self.seq_classifier(pooled), self.token_classifier(h), mlm


HEAD_LABELS = ["O", "B-PER", "I-PER", "B-LOC", "I-LOC"]


def export_heads(config, out_dir):
    """Writes out_dir/{config.json, model.onnx} for the classification / fill-mask pipeline tests."""
    torch.manual_seed(1)
    model = TinyBertHeads(config, len(HEAD_LABELS))
    for p in model.parameters():
        nn.init.normal_(p, std=0.5) if p.dim() > 1 else nn.init.normal_(p, std=0.1)
    for m in model.modules():  # LayerNorm gains near 1 so every head sees full-scale features
        if isinstance(m, nn.LayerNorm):
            nn.init.normal_(m.weight, mean=1.0, std=0.1)
    model.eval()
    os.makedirs(out_dir, exist_ok=True)
    c = dict(config)
    c["architectures"] = ["BertForTokenClassification"]
    c["id2label"] = {str(i): l for i, l in enumerate(HEAD_LABELS)}
    c["label2id"] = {l: i for i, l in enumerate(HEAD_LABELS)}
    with open(os.path.join(out_dir, "config.json"), "w") as f:
        json.dump(c, f, indent=2, sort_keys=True)
        f.write("\n")
    ids, mask, types = sample_inputs()
    axes = {"batch": 0}
    torch.onnx.export(
        model, (ids, mask, types), os.path.join(out_dir, "model.onnx"),
        input_names=["input_ids", "attention_mask", "token_type_ids"],
        output_names=["sequence_logits", "token_logits", "mlm_logits"],
        dynamic_axes={"input_ids": {0: "batch", 1: "sequence"},
                      "attention_mask": {0: "batch", 1: "sequence"},
                      "token_type_ids": {0: "batch", 1: "sequence"},
                      "sequence_logits": {0: "batch"},
                      "token_logits": {0: "batch", 1: "sequence"},
                      "mlm_logits": {0: "batch", 1: "sequence"}},
        opset_version=14, do_constant_folding=True)


def read_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        if info["dtype"] != "F32":
            sys.exit(f"{path}: tensor {name} is {info['dtype']}; only F32 is supported")
        start, end = info["data_offsets"]
        t = torch.frombuffer(bytearray(data[start:end]), dtype=torch.float32).reshape(info["shape"])
        out[name[len("bert."):] if name.startswith("bert.") else name] = t.clone()
    return out


def sample_inputs():
    # Two sequences of different lengths (the second padded), token types in the first, ids across the vocab.
    ids = torch.tensor([[2, 17, 250, 999, 31, 7, 3, 5],
                        [2, 42, 613, 3, 0, 0, 0, 0]], dtype=torch.long)
    mask = torch.tensor([[1, 1, 1, 1, 1, 1, 1, 1],
                         [1, 1, 1, 1, 0, 0, 0, 0]], dtype=torch.long)
    types = torch.tensor([[0, 0, 0, 0, 1, 1, 1, 1],
                          [0, 0, 0, 0, 0, 0, 0, 0]], dtype=torch.long)
    return ids, mask, types


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap.add_argument("--from", dest="src", help="folder with config.json + model.safetensors (BertModel)")
    ap.add_argument("--out", default=os.path.join(root, "runtime/src/test/resources/tiny-bert"))
    ap.add_argument("--no-torchscript", action="store_true", help="write only model.onnx (+ expected.json)")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()

    torch.manual_seed(args.seed)
    if args.src:
        with open(os.path.join(args.src, "config.json")) as f:
            config = json.load(f)
    else:
        config = dict(DEFAULT_CONFIG)
    model = TinyBert(config)
    if args.src:
        model.load_state_dict(read_safetensors(os.path.join(args.src, "model.safetensors")), strict=True)
    else:
        for p in model.parameters():  # BERT's init: normal(0, 0.02) everywhere, so outputs are non-trivial
            nn.init.normal_(p, std=config["initializer_range"]) if p.dim() > 1 else nn.init.normal_(p, std=0.1)
    model.eval()
    os.makedirs(args.out, exist_ok=True)

    ids, mask, types = sample_inputs()
    with torch.no_grad():
        hidden, pooled = model(ids, mask, types)

    if not args.src:
        with open(os.path.join(args.out, "config.json"), "w") as f:
            json.dump(config, f, indent=2, sort_keys=True)
            f.write("\n")
    if not args.no_torchscript:
        with torch.no_grad():
            traced = torch.jit.trace(model, (ids, mask, types))
        traced.save(os.path.join(args.out, "model.pt"))
    torch.onnx.export(
        model, (ids, mask, types), os.path.join(args.out, "model.onnx"),
        input_names=["input_ids", "attention_mask", "token_type_ids"],
        output_names=["last_hidden_state", "pooler_output"],
        dynamic_axes={"input_ids": {0: "batch", 1: "sequence"},
                      "attention_mask": {0: "batch", 1: "sequence"},
                      "token_type_ids": {0: "batch", 1: "sequence"},
                      "last_hidden_state": {0: "batch", 1: "sequence"},
                      "pooler_output": {0: "batch"}},
        opset_version=14, do_constant_folding=True)

    expected = {
        "torch_version": torch.__version__,
        "seed": args.seed,
        "inputs": {"input_ids": ids.tolist(), "attention_mask": mask.tolist(), "token_type_ids": types.tolist()},
        "outputs": {"last_hidden_state": [round(v, 7) for v in hidden.flatten().tolist()],
                    "last_hidden_state_shape": list(hidden.shape),
                    "pooler_output": [round(v, 7) for v in pooled.flatten().tolist()],
                    "pooler_output_shape": list(pooled.shape)},
    }
    with open(os.path.join(args.out, "expected.json"), "w") as f:
        json.dump(expected, f)
        f.write("\n")
    print("wrote", sorted(os.listdir(args.out)), "to", args.out)
    if not args.src:
        heads = os.path.join(os.path.dirname(os.path.abspath(args.out)), "tiny-bert-heads")
        export_heads(config, heads)
        print("wrote", sorted(os.listdir(heads)), "to", heads)


if __name__ == "__main__":
    main()
