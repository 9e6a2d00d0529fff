package dev.hubkit.tokenizers.convert;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubkit.tokenizers.TokenizerException;
import dev.hubkit.tokenizers.sentencepiece.ModelType;
import dev.hubkit.tokenizers.sentencepiece.PieceType;
import dev.hubkit.tokenizers.sentencepiece.SentencePieceModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A SentencePiece {@code .model} to tokenizer.json, as transformers' SpmConverter and its T5, ALBERT,
 * XLM-RoBERTa, Llama and Gemma subclasses build it (vocabulary layout, normalizer, Metaspace, template).
 */
final class SentencePieceConverter {
    private final SlowFiles files;
    private final TokenizerFamily family;
    private final SentencePieceModel sp;
    private final Path modelFile;

    private SentencePieceConverter(SlowFiles files, TokenizerFamily family, Path modelFile) {
        this.files = files;
        this.family = family;
        this.modelFile = modelFile;
        this.sp = SentencePieceModel.load(modelFile);
    }

    static ObjectNode convert(SlowFiles files, TokenizerFamily family) {
        Path model = files.file(SlowFiles.Kind.SENTENCEPIECE).orElseThrow(() -> new TokenizerException(
                files.source() + " has no SentencePiece .model file (tokenizer.model, spiece.model or"
                        + " sentencepiece.bpe.model), which a " + family.cliName() + " tokenizer needs."));
        return new SentencePieceConverter(files, family, model).convert();
    }

    private record Entry(String piece, double score) {
    }

    private ObjectNode convert() {
        List<Entry> vocab = vocab();
        Map<String, Integer> ids = new HashMap<>();
        for (int i = 0; i < vocab.size(); i++) {
            ids.put(vocab.get(i).piece(), i);
        }
        boolean byteFallback = family == TokenizerFamily.LLAMA || family == TokenizerFamily.GEMMA;
        ObjectNode model;
        if (sp.modelType() == ModelType.UNIGRAM) {
            model = JsonParts.type("Unigram").put("unk_id", unkId());
            ArrayNode v = model.putArray("vocab");
            for (Entry e : vocab) {
                v.addArray().add(e.piece()).add(e.score());
            }
            model.put("byte_fallback", byteFallback);
        } else if (sp.modelType() == ModelType.BPE) {
            model = JsonParts.type("BPE");
            model.putNull("dropout");
            model.put("unk_token", sp.trainerSpec().unkPiece().isEmpty() ? "<unk>" : sp.trainerSpec().unkPiece());
            model.putNull("continuing_subword_prefix");
            model.putNull("end_of_word_suffix");
            model.put("fuse_unk", true).put("byte_fallback", byteFallback).put("ignore_merges", false);
            ObjectNode v = model.putObject("vocab");
            for (Map.Entry<String, Integer> e : bpeVocab(vocab).entrySet()) {
                v.put(e.getKey(), e.getValue());
            }
            ArrayNode merges = model.putArray("merges");
            for (String[] m : merges(vocab)) {
                merges.addArray().add(m[0]).add(m[1]);
            }
        } else {
            throw new TokenizerException("SentencePiece model " + modelFile + " is a " + sp.modelType() + " model;"
                    + " only UNIGRAM and BPE models convert to tokenizer.json (as in transformers). Use the .model"
                    + " file directly with hubkit tokenize instead.");
        }

        AddedTokens added = new AddedTokens(t -> ids.getOrDefault(t, -1), vocab.size());
        for (int i = 0; i < sp.size(); i++) {
            PieceType t = sp.type(i);
            if (t == PieceType.CONTROL || t == PieceType.USER_DEFINED) {
                String p = sp.idToPiece(i);
                boolean special = t == PieceType.CONTROL || family == TokenizerFamily.GEMMA
                        && (p.equals("<start_of_turn>") || p.equals("<end_of_turn>"));
                added.add(p, special, false, false, false);
            }
        }
        for (String key : new String[] {"bos_token", "eos_token", "unk_token", "sep_token", "pad_token", "cls_token"}) {
            added.special(files.specialToken(key, defaultSpecial(key)));
        }
        String mask = files.specialToken("mask_token", defaultSpecial("mask_token"));
        added.add(mask, true, true, false, false);
        if (family == TokenizerFamily.T5) {
            for (int i = 0; i < extraIds(); i++) {
                added.special("<extra_id_" + i + ">");
            }
        }
        added.fromConfig(files);

        boolean addPrefixSpace = hasAddPrefixSpace() ? files.bool("add_prefix_space", true) : true;
        String scheme = prependScheme(addPrefixSpace);
        return JsonParts.root(added, normalizer(addPrefixSpace), preTokenizer(scheme), postProcessor(added),
                decoder(scheme, addPrefixSpace), model);
    }

    private String defaultSpecial(String key) {
        return switch (family) {
            case T5 -> switch (key) {
                case "eos_token" -> "</s>";
                case "unk_token" -> "<unk>";
                case "pad_token" -> "<pad>";
                default -> null;
            };
            case ALBERT -> switch (key) {
                case "bos_token", "cls_token" -> "[CLS]";
                case "eos_token", "sep_token" -> "[SEP]";
                case "unk_token" -> "<unk>";
                case "pad_token" -> "<pad>";
                case "mask_token" -> "[MASK]";
                default -> null;
            };
            case XLM_ROBERTA -> switch (key) {
                case "bos_token", "cls_token" -> "<s>";
                case "eos_token", "sep_token" -> "</s>";
                case "unk_token" -> "<unk>";
                case "pad_token" -> "<pad>";
                case "mask_token" -> "<mask>";
                default -> null;
            };
            case LLAMA -> switch (key) {
                case "bos_token" -> "<s>";
                case "eos_token" -> "</s>";
                case "unk_token" -> "<unk>";
                default -> null;
            };
            case GEMMA -> switch (key) {
                case "bos_token" -> "<bos>";
                case "eos_token" -> "<eos>";
                case "unk_token" -> "<unk>";
                case "pad_token" -> "<pad>";
                default -> null;
            };
            default -> null;
        };
    }

    private int extraIds() {
        return (int) files.integer("extra_ids", 100);
    }

    /** transformers' per-family {@code vocab(proto)}. */
    private List<Entry> vocab() {
        List<Entry> v = new ArrayList<>(sp.size() + 101);
        int n = sp.size();
        switch (family) {
            case XLM_ROBERTA -> {
                v.add(new Entry("<s>", 0));
                v.add(new Entry("<pad>", 0));
                v.add(new Entry("</s>", 0));
                v.add(new Entry("<unk>", 0));
                for (int i = 3; i < n; i++) {
                    v.add(new Entry(sp.idToPiece(i), sp.score(i)));
                }
                v.add(new Entry("<mask>", 0));
            }
            case LLAMA -> {
                for (int i = 0; i < n; i++) {
                    v.add(new Entry(sp.idToPiece(i), i < 3 ? 0 : sp.score(i)));
                }
            }
            case GEMMA -> {
                v.add(new Entry(files.specialToken("pad_token", "<pad>"), 0));
                v.add(new Entry(files.specialToken("eos_token", "<eos>"), 0));
                v.add(new Entry(files.specialToken("bos_token", "<bos>"), 0));
                for (int i = 3; i < n; i++) {
                    v.add(new Entry(sp.idToPiece(i), sp.score(i)));
                }
                if (v.stream().noneMatch(e -> e.piece().equals("\t"))) {
                    for (int i = 0; i < v.size(); i++) {
                        if (v.get(i).piece().equals("<0x09>")) {
                            v.set(i, new Entry("\t", 0));
                            break;
                        }
                    }
                }
            }
            case ALBERT -> {
                for (int i = 0; i < n; i++) {
                    String p = sp.idToPiece(i);
                    v.add(new Entry(p, numberComma(p) ? sp.score(i) : (double) sp.score(i) - 100));
                }
            }
            default -> {
                for (int i = 0; i < n; i++) {
                    v.add(new Entry(sp.idToPiece(i), sp.score(i)));
                }
                if (family == TokenizerFamily.T5) {
                    for (int i = extraIds() - 1; i >= 0; i--) {
                        v.add(new Entry("<extra_id_" + i + ">", 0));
                    }
                }
            }
        }
        return v;
    }

    /** transformers' check_number_comma: false for pieces like "1," (digit then comma). */
    private static boolean numberComma(String piece) {
        int[] cps = piece.codePoints().toArray();
        return cps.length < 2 || cps[cps.length - 1] != ',' || !Character.isDigit(cps[cps.length - 2]);
    }

    private int unkId() {
        return switch (family) {
            case XLM_ROBERTA, GEMMA -> 3;
            case LLAMA -> 0;
            default -> sp.unkId();
        };
    }

    /** {@code {word: i for i, (word, score) in enumerate(vocab_scores)}}: a later duplicate wins. */
    private static Map<String, Integer> bpeVocab(List<Entry> vocab) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i < vocab.size(); i++) {
            m.put(vocab.get(i).piece(), i);
        }
        return m;
    }

    /**
     * transformers' generate_merges with piece scores: every split of a piece into two pieces of the original
     * model (ordered by their ids), then all merges by descending (score, left length, right length), stable.
     */
    private List<String[]> merges(List<Entry> vocabScores) {
        Map<String, Integer> original = new HashMap<>();
        for (int i = 0; i < sp.size(); i++) {
            original.put(sp.idToPiece(i), i);
        }
        if (family == TokenizerFamily.GEMMA && !original.containsKey("\t")) {
            int tab = sp.pieceToId("<0x09>");
            if (tab >= 0 && "<0x09>".equals(sp.idToPiece(tab))) {
                original.put("\t", tab);
            }
        }
        Map<String, Double> scores = new LinkedHashMap<>();
        for (Entry e : vocabScores) {
            scores.put(e.piece(), e.score());
        }
        record Merge(String left, String right, double score, int leftLen, int rightLen) {
        }
        List<Merge> all = new ArrayList<>();
        List<Merge> local = new ArrayList<>();
        for (Map.Entry<String, Double> e : scores.entrySet()) {
            String piece = e.getKey();
            local.clear();
            int cps = piece.codePointCount(0, piece.length());
            int at = 0;
            for (int k = 1; k < cps; k++) {
                at = piece.offsetByCodePoints(at, 1);
                String l = piece.substring(0, at);
                String r = piece.substring(at);
                if (original.containsKey(l) && original.containsKey(r)) {
                    local.add(new Merge(l, r, e.getValue(), k, cps - k));
                }
            }
            local.sort(Comparator.comparingInt((Merge m) -> original.get(m.left()))
                    .thenComparingInt(m -> original.get(m.right())));
            all.addAll(local);
        }
        all.sort(Comparator.comparingDouble(Merge::score).thenComparingInt(Merge::leftLen)
                .thenComparingInt(Merge::rightLen).reversed());
        List<String[]> out = new ArrayList<>(all.size());
        for (Merge m : all) {
            out.add(new String[] {m.left(), m.right()});
        }
        return out;
    }

    private boolean hasAddPrefixSpace() {
        return family == TokenizerFamily.T5 || family == TokenizerFamily.LLAMA;
    }

    /** transformers' _get_prepend_scheme: only T5 and Llama carry {@code legacy}. */
    private String prependScheme(boolean addPrefixSpace) {
        if (!addPrefixSpace) {
            return "never";
        }
        boolean hasLegacy = family == TokenizerFamily.T5 || family == TokenizerFamily.LLAMA;
        return hasLegacy && !legacy() ? "first" : "always";
    }

    private boolean legacy() {
        return files.bool("legacy", true);
    }

    private ObjectNode precompiled() {
        byte[] map = sp.normalizerSpec().precompiledCharsmap();
        if (map.length == 0) {
            return null;
        }
        return JsonParts.type("Precompiled").put("precompiled_charsmap", Base64.getEncoder().encodeToString(map));
    }

    private ObjectNode normalizer(boolean addPrefixSpace) {
        switch (family) {
            case LLAMA:
                if (!legacy()) {
                    return null;
                }
                return JsonParts.sequence("Sequence", "normalizers",
                        addPrefixSpace ? JsonParts.type("Prepend").put("prepend", JsonParts.SPIECE_UNDERLINE) : null,
                        JsonParts.replace(" ", JsonParts.SPIECE_UNDERLINE));
            case GEMMA:
                return JsonParts.replace(" ", JsonParts.SPIECE_UNDERLINE);
            case ALBERT: {
                List<ObjectNode> list = new ArrayList<>();
                list.add(JsonParts.replace("``", "\""));
                list.add(JsonParts.replace("''", "\""));
                if (!files.bool("keep_accents", false)) {
                    list.add(JsonParts.type("NFKD"));
                    list.add(JsonParts.type("StripAccents"));
                }
                if (files.bool("do_lower_case", true)) {
                    list.add(JsonParts.type("Lowercase"));
                }
                ObjectNode pre = precompiled();
                if (pre != null) {
                    list.add(pre);
                }
                list.add(JsonParts.replaceRegex(" {2,}", " "));
                return JsonParts.sequence("Sequence", "normalizers", list.toArray(ObjectNode[]::new));
            }
            default:
                return JsonParts.sequence("Sequence", "normalizers", precompiled(),
                        JsonParts.type("Strip").put("strip_left", false).put("strip_right", true),
                        JsonParts.replaceRegex(" {2,}", JsonParts.SPIECE_UNDERLINE));
        }
    }

    private ObjectNode preTokenizer(String scheme) {
        return switch (family) {
            case LLAMA -> legacy() ? null : JsonParts.metaspace(scheme, false);
            case GEMMA -> {
                ObjectNode n = JsonParts.type("Split");
                n.putObject("pattern").put("String", " ");
                yield n.put("behavior", "MergedWithPrevious").put("invert", false);
            }
            default -> JsonParts.metaspace(scheme, true);
        };
    }

    private ObjectNode decoder(String scheme, boolean addPrefixSpace) {
        return switch (family) {
            case LLAMA, GEMMA -> JsonParts.sequence("Sequence", "decoders",
                    JsonParts.replace(JsonParts.SPIECE_UNDERLINE, " "), JsonParts.type("ByteFallback"),
                    JsonParts.type("Fuse"), family == TokenizerFamily.LLAMA && addPrefixSpace
                            ? JsonParts.type("Strip").put("content", " ").put("start", 1).put("stop", 0) : null);
            default -> JsonParts.metaspace(scheme, true);
        };
    }

    private ObjectNode postProcessor(AddedTokens added) {
        switch (family) {
            case T5: {
                String eos = files.specialToken("eos_token", "</s>");
                return JsonParts.template(new String[] {"$A:0", eos + ":0"},
                        new String[] {"$A:0", eos + ":0", "$B:0", eos + ":0"},
                        JsonParts.specials(eos, requireId(added, eos), null, 0));
            }
            case ALBERT: {
                return JsonParts.template(new String[] {"[CLS]:0", "$A:0", "[SEP]:0"},
                        new String[] {"[CLS]:0", "$A:0", "[SEP]:0", "$B:1", "[SEP]:1"},
                        JsonParts.specials("[CLS]", requireId(added, "[CLS]"), "[SEP]", requireId(added, "[SEP]")));
            }
            case XLM_ROBERTA: {
                return JsonParts.template(new String[] {"<s>:0", "$A:0", "</s>:0"},
                        new String[] {"<s>:0", "$A:0", "</s>:0", "</s>:0", "$B:0", "</s>:0"},
                        JsonParts.specials("<s>", requireId(added, "<s>"), "</s>", requireId(added, "</s>")));
            }
            case LLAMA, GEMMA: {
                String bos = files.specialToken("bos_token", defaultSpecial("bos_token"));
                String eos = files.specialToken("eos_token", defaultSpecial("eos_token"));
                boolean addBos = files.bool("add_bos_token", true) && bos != null;
                boolean addEos = files.bool("add_eos_token", false) && eos != null;
                List<String> single = new ArrayList<>();
                List<String> pair = new ArrayList<>();
                Map<String, Integer> specials = new LinkedHashMap<>();
                if (addBos) {
                    single.add(bos + ":0");
                    specials.put(bos, requireId(added, bos));
                }
                single.add("$A:0");
                if (addEos) {
                    single.add(eos + ":0");
                    specials.put(eos, requireId(added, eos));
                }
                pair.addAll(single);
                if (addBos) {
                    pair.add(bos + ":1");
                }
                pair.add("$B:1");
                if (addEos) {
                    pair.add(eos + ":1");
                }
                return JsonParts.template(single.toArray(String[]::new), pair.toArray(String[]::new), specials);
            }
            default:
                return null;
        }
    }

    private int requireId(AddedTokens added, String token) {
        int id = added.idOf(token);
        if (id < 0) {
            throw new TokenizerException("SentencePiece model " + modelFile + " has no piece '" + token + "', which"
                    + " the " + family.cliName() + " post-processor needs; pick the right --type or fix"
                    + " tokenizer_config.json.");
        }
        return id;
    }
}
