package dev.hubkit.bench.tokenizers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Replaces one marked section of BENCHMARKS.md (creating the file or section if missing). */
final class BenchmarksMd {
  private BenchmarksMd() {}

  static void replaceSection(Path file, String name, String body) throws IOException {
    String start = "<!-- " + name + ":start -->";
    String end = "<!-- " + name + ":end -->";
    String text = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "# Benchmarks\n\n";
    String section = start + "\n" + body.strip() + "\n" + end;
    int s = text.indexOf(start);
    int e = text.indexOf(end);
    String updated;
    if (s >= 0 && e > s) {
      updated = text.substring(0, s) + section + text.substring(e + end.length());
    } else {
      updated = text.stripTrailing() + "\n\n" + section + "\n";
    }
    Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".benchmarks", ".tmp");
    Files.writeString(tmp, updated, StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
