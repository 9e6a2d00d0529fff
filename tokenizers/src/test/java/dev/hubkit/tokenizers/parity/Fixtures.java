package dev.hubkit.tokenizers.parity;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fixture matrix. Real files: all-MiniLM-L6-v2 and bge-small-zh (WordPiece, from the
 * langchain4j jars), GPT-2 and cl100k (byte-level BPE rebuilt from JTokkit's rank files), a
 * SentencePiece Unigram trained on Europarl (committed, see scripts/make-tokenizer-fixtures.py).
 * Generated files re-use those real vocabularies with other normalizers, pre-tokenizers,
 * post-processors, decoders and added tokens, so together they cover every component and option
 * the engine supports; a few small BPE models are trained here to cover BPE options no real file
 * combines.
 */
final class Fixtures {
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES).build();
  private static final String BERT = "all-minilm-l6-v2-q-tokenizer.json";
  private static final String BGE_ZH = "bge-small-zh-v1.5-q-tokenizer.json";
  private static final String UNIGRAM = "parity/unigram-europarl.json";
  private static volatile List<Fixture> all;

  private Fixtures() {}

  /** Every fixture, real ones first. Built once per JVM. */
  static synchronized List<Fixture> all() {
    if (all == null) {
      List<Fixture> out = new ArrayList<>();
      out.addAll(wordPiece());
      out.addAll(bpe());
      out.addAll(unigram());
      out.addAll(wordLevel());
      all = List.copyOf(out);
    }
    return all;
  }

  static Fixture byName(String name) {
    return all().stream().filter(f -> f.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no fixture " + name));
  }

  // ---------------------------------------------------------------- WordPiece (real BERT vocab)

  private static List<Fixture> wordPiece() {
    List<Fixture> out = new ArrayList<>();
    out.add(fixture("bert-minilm", withoutTruncPad(resource(BERT)), true,
        "real all-MiniLM-L6-v2: BertNormalizer(lowercase), BertPreTokenizer, WordPiece, TemplateProcessing, WordPiece decoder"));
    out.add(fixture("bge-zh", withoutTruncPad(resource(BGE_ZH)), false,
        "real bge-small-zh: BertNormalizer(cased, chinese chars), WordPiece 21128"));

    ObjectNode fileTruncPad = resource(BERT);
    out.add(new Fixture("bert-minilm-file-trunc-pad", fileTruncPad.toString(), false,
        Map.of("truncation", "longest_first", "maxLength", "128", "padding", "max_length"),
        List.of("real file's own truncation (128, longest_first) and padding (Fixed 128) sections")));

    ObjectNode left = resource(BERT);
    left.set("truncation", j("{'direction':'Left','max_length':24,'strategy':'LongestFirst','stride':3}"));
    left.set("padding", j("{'strategy':{'Fixed':24},'direction':'Left','pad_to_multiple_of':null,"
        + "'pad_id':0,'pad_type_id':1,'pad_token':'[PAD]'}"));
    out.add(new Fixture("bert-file-trunc-pad-left", left.toString(), false,
        Map.of("truncation", "longest_first", "maxLength", "24", "stride", "3", "padding", "max_length"),
        List.of("truncation direction Left + stride, padding direction Left, pad_type_id")));

    ObjectNode nfd = withoutTruncPad(resource(BERT));
    nfd.set("normalizer", j("{'type':'Sequence','normalizers':[{'type':'NFD'},{'type':'StripAccents'},"
        + "{'type':'Lowercase'}]}"));
    nfd.set("pre_tokenizer", j("{'type':'Sequence','pretokenizers':[{'type':'WhitespaceSplit'},"
        + "{'type':'Punctuation','behavior':'Isolated'},{'type':'Digits','individual_digits':true}]}"));
    nfd.set("post_processor", j("{'type':'BertProcessing','sep':['[SEP]',102],'cls':['[CLS]',101]}"));
    nfd.set("decoder", j("{'type':'WordPiece','prefix':'##','cleanup':true}"));
    out.add(fixture("wp-nfd-punct-digits", nfd, false,
        "NFD, StripAccents, Lowercase, Sequence normalizer; WhitespaceSplit, Punctuation, Digits(individual); BertProcessing"));

    ObjectNode nfkc = withoutTruncPad(resource(BERT));
    nfkc.set("normalizer", j("{'type':'Sequence','normalizers':[{'type':'NFKC'},{'type':'Lowercase'},"
        + "{'type':'Strip','strip_left':true,'strip_right':true},"
        + "{'type':'Replace','pattern':{'String':'\\'\\''},'content':'\"'},"
        + "{'type':'Replace','pattern':{'Regex':'[0-9]+'},'content':'0'}]}"));
    nfkc.set("pre_tokenizer", j("{'type':'Whitespace'}"));
    nfkc.set("decoder", j("{'type':'WordPiece','prefix':'##','cleanup':false}"));
    out.add(fixture("wp-nfkc-whitespace", nfkc, false,
        "NFKC, Strip, Replace(string), Replace(regex); Whitespace; WordPiece decoder cleanup=false"));

    ObjectNode scripts = withoutTruncPad(resource(BERT));
    scripts.set("normalizer", j("{'type':'Sequence','normalizers':[{'type':'NFKD'},{'type':'BertNormalizer',"
        + "'clean_text':true,'handle_chinese_chars':false,'strip_accents':true,'lowercase':true}]}"));
    scripts.set("pre_tokenizer", j("{'type':'Sequence','pretokenizers':[{'type':'UnicodeScripts'},"
        + "{'type':'WhitespaceSplit'},{'type':'CharDelimiterSplit','delimiter':'-'}]}"));
    out.add(fixture("wp-nfkd-scripts", scripts, false,
        "NFKD, BertNormalizer(strip_accents, no chinese); UnicodeScripts, CharDelimiterSplit"));

    String[][] splits = {
      {"removed", "{'String':' '}", "Removed", "false"},
      {"isolated", "{'Regex':'[,.;:!?]+'}", "Isolated", "false"},
      {"merged-prev", "{'Regex':'\\\\s+'}", "MergedWithPrevious", "false"},
      {"merged-next", "{'Regex':'\\\\s'}", "MergedWithNext", "false"},
      {"contiguous", "{'Regex':'[,.\\\\s]'}", "Contiguous", "false"},
      {"invert", "{'Regex':'\\\\p{L}+'}", "Isolated", "true"},
    };
    for (String[] s : splits) {
      ObjectNode split = withoutTruncPad(resource(BERT));
      split.set("normalizer", j("{'type':'Sequence','normalizers':[{'type':'NFC'},{'type':'Lowercase'}]}"));
      split.set("pre_tokenizer", j("{'type':'Split','pattern':" + s[1] + ",'behavior':'" + s[2]
          + "','invert':" + s[3] + "}"));
      out.add(fixture("wp-split-" + s[0], split, false,
          "NFC; Split " + s[1] + " behavior=" + s[2] + " invert=" + s[3]));
    }

    ObjectNode added = withoutTruncPad(resource(BERT));
    ArrayNode tokens = (ArrayNode) added.get("added_tokens");
    tokens.add(addedToken(30522, "<ent>", true, false, false, true, false));
    tokens.add(addedToken(30523, "[NEW]", false, true, true, false, true));
    tokens.add(addedToken(30524, "hello world", false, false, false, true, false));
    tokens.add(addedToken(30525, "ÉTÉ", false, false, false, true, false));
    tokens.add(addedToken(3222, "commission", true, false, false, false, false)); // also a vocabulary word
    tokens.add(addedToken(30526, "<|endoftext|>", false, false, true, false, true));
    out.add(fixture("wp-added-tokens", added, false,
        "added tokens: single_word, lstrip, rstrip, normalized true/false, special true/false"));
    return out;
  }

  // ---------------------------------------------------------------- BPE

  private static List<Fixture> bpe() {
    List<Fixture> out = new ArrayList<>();
    ObjectNode gpt2 = (ObjectNode) j(TiktokenJson.gpt2());
    out.add(fixture("gpt2", gpt2.deepCopy(), true,
        "real GPT-2 (r50k): ByteLevel pre-tokenizer/post-processor/decoder, BPE merges as strings"));
    out.add(fixture("cl100k", (ObjectNode) j(TiktokenJson.cl100k()), false,
        "real cl100k: Split(regex) + ByteLevel(use_regex=false), merges as pairs, ignore_merges, Sequence post-processor"));

    ObjectNode roberta = gpt2.deepCopy();
    ArrayNode tokens = (ArrayNode) roberta.get("added_tokens");
    tokens.add(addedToken(50257, "<s>", false, false, false, false, true));
    tokens.add(addedToken(50258, "</s>", false, false, false, false, true));
    tokens.add(addedToken(50259, "<pad>", false, false, false, false, true));
    tokens.add(addedToken(50260, "<mask>", false, true, false, false, true));
    roberta.set("pre_tokenizer", TiktokenJson.byteLevel(true, true, true));
    roberta.set("post_processor", j("{'type':'RobertaProcessing','sep':['</s>',50258],'cls':['<s>',50257],"
        + "'trim_offsets':true,'add_prefix_space':true}"));
    out.add(fixture("gpt2-roberta", roberta, false,
        "ByteLevel add_prefix_space; RobertaProcessing; <mask> lstrip"));

    ObjectNode seqPost = gpt2.deepCopy();
    seqPost.set("pre_tokenizer", TiktokenJson.byteLevel(false, false, true));
    seqPost.set("post_processor", j("{'type':'Sequence','processors':["
        + "{'type':'ByteLevel','add_prefix_space':false,'trim_offsets':true,'use_regex':true},"
        + "{'type':'TemplateProcessing','single':[{'SpecialToken':{'id':'<|endoftext|>','type_id':0}},"
        + "{'Sequence':{'id':'A','type_id':0}}],'pair':[{'Sequence':{'id':'A','type_id':0}},"
        + "{'SpecialToken':{'id':'<|endoftext|>','type_id':1}},{'Sequence':{'id':'B','type_id':1}}],"
        + "'special_tokens':{'<|endoftext|>':{'id':'<|endoftext|>','ids':[50256],'tokens':['<|endoftext|>']}}}]}"));
    out.add(fixture("gpt2-trim-template", seqPost, false,
        "ByteLevel trim_offsets=false pre-tokenizer; Sequence[ByteLevel(trim_offsets), TemplateProcessing] post-processor"));

    ObjectNode byteNorm = gpt2.deepCopy();
    byteNorm.set("normalizer", j("{'type':'ByteLevel'}"));
    byteNorm.set("pre_tokenizer", j("{'type':'Split','pattern':{'Regex':'\u0120?[^\u0120]+|\u0120+'},"
        + "'behavior':'Isolated','invert':false}"));
    out.add(fixture("gpt2-bytelevel-normalizer", byteNorm, false, "ByteLevel normalizer + Split on Ġ"));

    Map<String, Integer> words = wordCounts(false);
    MiniBpeTrainer.Trained suffix = MiniBpeTrainer.train(words, List.of("<unk>"), 3, 250, "", "</w>");
    ObjectNode clip = miniBpe(suffix, "<unk>", "", "</w>", true, false);
    clip.set("normalizer", j("{'type':'Sequence','normalizers':[{'type':'NFKC'},{'type':'Lowercase'}]}"));
    clip.set("pre_tokenizer", j("{'type':'Sequence','pretokenizers':[{'type':'WhitespaceSplit'},"
        + "{'type':'Punctuation','behavior':'Isolated'}]}"));
    clip.set("decoder", j("{'type':'BPEDecoder','suffix':'</w>'}"));
    out.add(fixture("bpe-suffix-fuse-unk", clip, false,
        "BPE end_of_word_suffix, unk_token, fuse_unk; BPEDecoder"));

    MiniBpeTrainer.Trained prefix = MiniBpeTrainer.train(words, List.of("[UNK]", "[CLS]", "[SEP]"), 3, 250, "##", "");
    ObjectNode bertBpe = miniBpe(prefix, "[UNK]", "##", "", false, false);
    bertBpe.set("pre_tokenizer", j("{'type':'BertPreTokenizer'}"));
    bertBpe.set("post_processor", j("{'type':'BertProcessing','sep':['[SEP]'," + prefix.vocab().get("[SEP]")
        + "],'cls':['[CLS]'," + prefix.vocab().get("[CLS]") + "]}"));
    bertBpe.set("decoder", j("{'type':'WordPiece','prefix':'##','cleanup':true}"));
    ((ArrayNode) bertBpe.get("added_tokens")).add(addedToken(prefix.vocab().get("[CLS]"), "[CLS]", false, false, false, false, true));
    ((ArrayNode) bertBpe.get("added_tokens")).add(addedToken(prefix.vocab().get("[SEP]"), "[SEP]", false, false, false, false, true));
    out.add(fixture("bpe-prefix-unk", bertBpe, false, "BPE continuing_subword_prefix, unk without fuse"));

    List<String> specials = new ArrayList<>(List.of("<unk>", "<s>", "</s>"));
    for (int b = 0; b < 256; b++) {
      specials.add(String.format("<0x%02X>", b));
    }
    MiniBpeTrainer.Trained llama = MiniBpeTrainer.train(wordCounts(true), specials, 5, 250, "", "");
    ObjectNode llamaJson = miniBpe(llama, "<unk>", "", "", false, true);
    llamaJson.set("normalizer", j("{'type':'Sequence','normalizers':[{'type':'Prepend','prepend':'\u2581'},"
        + "{'type':'Replace','pattern':{'String':' '},'content':'\u2581'}]}"));
    llamaJson.putNull("pre_tokenizer");
    llamaJson.set("post_processor", j("{'type':'TemplateProcessing','single':[{'SpecialToken':{'id':'<s>','type_id':0}},"
        + "{'Sequence':{'id':'A','type_id':0}}],'pair':[{'SpecialToken':{'id':'<s>','type_id':0}},"
        + "{'Sequence':{'id':'A','type_id':0}},{'SpecialToken':{'id':'<s>','type_id':1}},{'Sequence':{'id':'B','type_id':1}}],"
        + "'special_tokens':{'<s>':{'id':'<s>','ids':[1],'tokens':['<s>']}}}"));
    llamaJson.set("decoder", llamaDecoder());
    ((ArrayNode) llamaJson.get("added_tokens")).add(addedToken(1, "<s>", false, false, false, false, true));
    ((ArrayNode) llamaJson.get("added_tokens")).add(addedToken(2, "</s>", false, false, false, false, true));
    out.add(fixture("bpe-llama-bytefallback", llamaJson, false,
        "Prepend + Replace normalizers, no pre-tokenizer, BPE byte_fallback; Replace/ByteFallback/Fuse/Strip decoders"));
    return out;
  }

  private static ObjectNode miniBpe(MiniBpeTrainer.Trained t, String unk, String prefix, String suffix,
      boolean fuseUnk, boolean byteFallback) {
    ObjectNode root = base();
    ((ArrayNode) root.get("added_tokens")).add(addedToken(t.vocab().get(unk), unk, false, false, false, false, true));
    ObjectNode model = root.putObject("model");
    model.put("type", "BPE").putNull("dropout");
    model.put("unk_token", unk).put("continuing_subword_prefix", prefix).put("end_of_word_suffix", suffix)
        .put("fuse_unk", fuseUnk).put("byte_fallback", byteFallback).put("ignore_merges", false);
    ObjectNode vocab = model.putObject("vocab");
    t.vocab().forEach(vocab::put);
    ArrayNode merges = model.putArray("merges");
    for (String[] m : t.merges()) {
      merges.addArray().add(m[0]).add(m[1]);
    }
    return root;
  }

  private static Map<String, Integer> wordCounts(boolean metaspace) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (String line : ParityCorpus.europarl(800)) {
      for (String w : line.split("\\s+")) {
        if (w.isEmpty()) {
          continue;
        }
        counts.merge(metaspace ? "\u2581" + w : w.toLowerCase(java.util.Locale.ROOT).replaceAll("\\p{P}", ""),
            1, Integer::sum);
      }
    }
    counts.remove("");
    counts.values().removeIf(c -> c < 5); // frequent words only: keeps training fast
    return counts;
  }

  private static JsonNode llamaDecoder() {
    return j("{'type':'Sequence','decoders':[{'type':'Replace','pattern':{'String':'\u2581'},'content':' '},"
        + "{'type':'ByteFallback'},{'type':'Fuse'},{'type':'Strip','content':' ','start':1,'stop':0}]}");
  }

  // ---------------------------------------------------------------- Unigram

  private static List<Fixture> unigram() {
    List<Fixture> out = new ArrayList<>();
    ObjectNode real = resource(UNIGRAM);
    out.add(fixture("unigram-europarl", real.deepCopy(), true,
        "SentencePiece Unigram trained on Europarl: Precompiled charsmap, Strip, Replace(regex), Metaspace(always), byte_fallback"));

    ObjectNode first = real.deepCopy();
    first.set("pre_tokenizer", j("{'type':'Metaspace','replacement':'\u2581','prepend_scheme':'first','split':true}"));
    first.set("decoder", j("{'type':'Metaspace','replacement':'\u2581','prepend_scheme':'first','split':true}"));
    out.add(fixture("unigram-metaspace-first", first, false, "Metaspace prepend_scheme=first; Metaspace decoder"));

    ObjectNode never = real.deepCopy();
    never.set("pre_tokenizer", j("{'type':'Metaspace','replacement':'\u2581','prepend_scheme':'never','split':false}"));
    never.set("decoder", j("{'type':'Metaspace','replacement':'\u2581','prepend_scheme':'never','split':false}"));
    out.add(fixture("unigram-metaspace-never-nosplit", never, false, "Metaspace prepend_scheme=never split=false"));

    ObjectNode plain = real.deepCopy();
    plain.set("normalizer", j("{'type':'NFKC'}"));
    ((ObjectNode) plain.get("model")).put("byte_fallback", false);
    plain.set("decoder", j("{'type':'Metaspace','replacement':'\u2581','prepend_scheme':'always','split':true}"));
    out.add(fixture("unigram-nfkc-no-bytefallback", plain, false, "Unigram without byte_fallback (unk), NFKC"));

    ObjectNode prepend = real.deepCopy();
    prepend.set("normalizer", j("{'type':'Sequence','normalizers':[{'type':'Prepend','prepend':'\u2581'},"
        + "{'type':'Replace','pattern':{'String':' '},'content':'\u2581'}]}"));
    prepend.putNull("pre_tokenizer");
    prepend.set("decoder", llamaDecoder());
    out.add(fixture("unigram-prepend-no-pretok", prepend, false, "Prepend normalizer, no pre-tokenizer, whole-line Unigram lattice"));
    return out;
  }

  // ---------------------------------------------------------------- WordLevel

  private static List<Fixture> wordLevel() {
    List<Fixture> out = new ArrayList<>();
    ObjectNode bert = resource(BERT);
    ObjectNode wl = withoutTruncPad(resource(BERT));
    ObjectNode vocab = JSON.createObjectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = bert.get("model").get("vocab").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getKey().startsWith("##")) {
        vocab.set(e.getKey(), e.getValue());
      }
    }
    ObjectNode model = JSON.createObjectNode().put("type", "WordLevel");
    model.set("vocab", vocab);
    model.put("unk_token", "[UNK]");
    wl.set("model", model);
    wl.set("normalizer", j("{'type':'Lowercase'}"));
    wl.set("pre_tokenizer", j("{'type':'Sequence','pretokenizers':[{'type':'WhitespaceSplit'},"
        + "{'type':'Punctuation','behavior':'Isolated'}]}"));
    wl.set("post_processor", j("{'type':'TemplateProcessing','single':[{'SpecialToken':{'id':'[CLS]','type_id':0}},"
        + "{'Sequence':{'id':'A','type_id':0}},{'SpecialToken':{'id':'[SEP]','type_id':0}}],"
        + "'pair':[{'SpecialToken':{'id':'[CLS]','type_id':0}},{'Sequence':{'id':'A','type_id':0}},"
        + "{'SpecialToken':{'id':'[SEP]','type_id':0}},{'Sequence':{'id':'B','type_id':1}},"
        + "{'SpecialToken':{'id':'[SEP]','type_id':1}},{'SpecialToken':{'id':'[MASK]','type_id':2}}],"
        + "'special_tokens':{'[CLS]':{'id':'[CLS]','ids':[101],'tokens':['[CLS]']},"
        + "'[SEP]':{'id':'[SEP]','ids':[102],'tokens':['[SEP]']},'[MASK]':{'id':'[MASK]','ids':[103],'tokens':['[MASK]']}}}"));
    wl.putNull("decoder");
    out.add(fixture("wordlevel", wl, false, "WordLevel, Lowercase, TemplateProcessing with three type ids, no decoder"));

    ObjectNode ctc = base();
    ObjectNode chars = JSON.createObjectNode();
    chars.put("<pad>", 0).put("<unk>", 1).put("|", 2).put("'", 3);
    for (char c = 'a'; c <= 'z'; c++) {
      chars.put(String.valueOf(c), chars.size());
    }
    ObjectNode ctcModel = ctc.putObject("model").put("type", "WordLevel");
    ctcModel.set("vocab", chars);
    ctcModel.put("unk_token", "<unk>");
    ((ArrayNode) ctc.get("added_tokens")).add(addedToken(0, "<pad>", false, false, false, false, true));
    ctc.set("normalizer", j("{'type':'Sequence','normalizers':[{'type':'Lowercase'},"
        + "{'type':'Replace','pattern':{'String':' '},'content':'|'}]}"));
    ctc.set("pre_tokenizer", j("{'type':'Split','pattern':{'Regex':'.'},'behavior':'Isolated','invert':false}"));
    ctc.set("decoder", j("{'type':'CTC','pad_token':'<pad>','word_delimiter_token':'|','cleanup':true}"));
    out.add(fixture("wordlevel-chars-ctc", ctc, false, "character WordLevel with CTC decoder"));
    return out;
  }

  // ---------------------------------------------------------------- helpers

  private static Fixture fixture(String name, ObjectNode json, boolean full, String covers) {
    return new Fixture(name, json.toString(), full, Map.of(), List.of(covers));
  }

  private static ObjectNode base() {
    ObjectNode root = JSON.createObjectNode().put("version", "1.0");
    root.putNull("truncation");
    root.putNull("padding");
    root.putArray("added_tokens");
    root.putNull("normalizer");
    root.putNull("pre_tokenizer");
    root.putNull("post_processor");
    root.putNull("decoder");
    return root;
  }

  static ObjectNode addedToken(int id, String content, boolean singleWord, boolean lstrip,
      boolean rstrip, boolean normalized, boolean special) {
    return JSON.createObjectNode().put("id", id).put("content", content).put("single_word", singleWord)
        .put("lstrip", lstrip).put("rstrip", rstrip).put("normalized", normalized).put("special", special);
  }

  private static ObjectNode withoutTruncPad(ObjectNode root) {
    root.putNull("truncation");
    root.putNull("padding");
    return root;
  }

  private static ObjectNode resource(String name) {
    try (InputStream in = Fixtures.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is not on the test classpath");
      }
      return (ObjectNode) JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name, e);
    }
  }

  static JsonNode j(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("bad fixture JSON: " + json, e);
    }
  }
}
