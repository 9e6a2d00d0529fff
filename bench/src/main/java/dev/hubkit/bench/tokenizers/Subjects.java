package dev.hubkit.bench.tokenizers;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.sentencepiece.SpProcessor;
import ai.djl.sentencepiece.SpTokenizer;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.EncodingType;
import dev.hubkit.tokenizers.Tokenizer;
import dev.hubkit.tokenizers.sentencepiece.SentencePieceModel;
import dev.hubkit.tokenizers.tiktoken.SplitPattern;
import dev.hubkit.tokenizers.tiktoken.TiktokenEncoding;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The implementations compared: hubkit and every peer a Java user could pick. */
final class Subjects {
  private Subjects() {}

  static Subject hubkit(String family, String name, Path tokenizerJson) {
    Tokenizer t = Tokenizer.fromFile(tokenizerJson);
    return new Simple(family, name, "hubkit", true) {
      @Override
      public int encodeOne(String text) {
        return t.encode(text, false).length();
      }
    };
  }

  static Subject hubkitBatch(String family, String name, Path tokenizerJson) {
    Tokenizer t = Tokenizer.fromFile(tokenizerJson);
    return new Simple(family, name, "hubkit (encodeBatch)", true) {
      @Override
      public int encodeOne(String text) {
        return t.encode(text, false).length();
      }

      @Override
      public long encodeAll(List<String> texts) {
        long n = 0;
        for (int i = 0; i < texts.size(); i += 64) {
          for (dev.hubkit.tokenizers.Encoding e : t.encodeBatch(texts.subList(i, Math.min(texts.size(), i + 64)), false)) {
            n += e.length();
          }
        }
        return n;
      }
    };
  }

  static Subject djl(String family, String name, Path tokenizerJson) {
    HuggingFaceTokenizer t = openDjl(tokenizerJson);
    return new Simple(family, name, "Rust via DJL (encode)", false) {
      @Override
      public int encodeOne(String text) {
        return t.encode(text, false, false).getIds().length;
      }

      @Override
      public void close() {
        t.close();
      }
    };
  }

  static Subject djlBatch(String family, String name, Path tokenizerJson) {
    HuggingFaceTokenizer t = openDjl(tokenizerJson);
    return new Simple(family, name, "Rust via DJL (batchEncode)", false) {
      @Override
      public int encodeOne(String text) {
        return t.encode(text, false, false).getIds().length;
      }

      @Override
      public long encodeAll(List<String> texts) {
        long n = 0;
        for (int i = 0; i < texts.size(); i += 64) {
          for (Encoding e : t.batchEncode(texts.subList(i, Math.min(texts.size(), i + 64)), false, false)) {
            n += e.getIds().length;
          }
        }
        return n;
      }

      @Override
      public void close() {
        t.close();
      }
    };
  }

  static Subject jtokkit(String family, String name, EncodingType type) {
    com.knuddels.jtokkit.api.Encoding enc = Encodings.newDefaultEncodingRegistry().getEncoding(type);
    return new Simple(family, name, "JTokkit", false) {
      @Override
      public int encodeOne(String text) {
        return enc.encodeOrdinary(text).size();
      }
    };
  }

  static Subject sentencePiece(String family, String name, Path model) {
    SpTokenizer sp;
    try {
      sp = new SpTokenizer(model);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load " + model, e);
    }
    SpProcessor p = sp.getProcessor();
    return new Simple(family, name, "SentencePiece C++ via DJL", false) {
      @Override
      public int encodeOne(String text) {
        return p.encode(text).length;
      }

      @Override
      public void close() {
        sp.close();
      }
    };
  }

  /** hubkit's own SentencePiece {@code .model} encoder (not via tokenizer.json). */
  static Subject hubkitSentencePiece(String family, String name, Path model) {
    SentencePieceModel m = SentencePieceModel.load(model);
    return new Simple(family, name, "hubkit (.model)", true) {
      @Override
      public int encodeOne(String text) {
        return m.encodeIds(text).length;
      }
    };
  }

  /** hubkit's tiktoken encoder on the rank file shipped in JTokkit's jar (encode_ordinary). */
  static Subject hubkitTiktoken(String family, String name, String encoding, SplitPattern pattern) {
    String resource = "com/knuddels/jtokkit/" + encoding + ".tiktoken";
    TiktokenEncoding enc;
    try (InputStream in = Subjects.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " not on the classpath; add com.knuddels:jtokkit");
      }
      enc = TiktokenEncoding.read(in, encoding, pattern.pattern(), Map.of());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
    return new Simple(family, name, "hubkit (tiktoken)", true) {
      @Override
      public int encodeOne(String text) {
        return enc.encode(text).length;
      }
    };
  }

  private static HuggingFaceTokenizer openDjl(Path file) {
    try {
      // DJL would otherwise truncate to 512 and pad; the benchmark wants plain encoding.
      return HuggingFaceTokenizer.newInstance(file,
          Map.of("truncation", "false", "padding", "false", "addSpecialTokens", "false"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load " + file, e);
    }
  }

  /** Base class: encodeAll loops over encodeOne. */
  private abstract static class Simple implements Subject {
    private final String family;
    private final String tokenizer;
    private final String implementation;
    private final boolean hubkit;

    Simple(String family, String tokenizer, String implementation, boolean hubkit) {
      this.family = family;
      this.tokenizer = tokenizer;
      this.implementation = implementation;
      this.hubkit = hubkit;
    }

    @Override
    public String family() {
      return family;
    }

    @Override
    public String tokenizer() {
      return tokenizer;
    }

    @Override
    public String implementation() {
      return implementation;
    }

    @Override
    public boolean isHubkit() {
      return hubkit;
    }

    @Override
    public long encodeAll(List<String> texts) {
      long n = 0;
      for (String t : texts) {
        n += encodeOne(t);
      }
      return n;
    }
  }
}
