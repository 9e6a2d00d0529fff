package dev.hubkit.bench.tokenizers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

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

  /**
   * Replaces, inside an existing section, the table rows and target lines of {@code families} (all
   * rows whose first cell is one of them), and the load-time line when {@code loadLine} is not null;
   * adds {@code note} after the start-of-run load line. The rest of the section is kept.
   *
   * @throws IOException when the file has no such section yet (run the whole benchmark once first)
   */
  static void mergeRows(Path file, String name, Set<String> families, List<String> rows, List<String> verdicts,
      String loadLine, String note) throws IOException {
    String start = "<!-- " + name + ":start -->";
    String end = "<!-- " + name + ":end -->";
    String text = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    int s = text.indexOf(start);
    int e = text.indexOf(end);
    if (s < 0 || e < s) {
      throw new IOException(file + " has no " + name + " section to merge into; run the benchmark once without "
          + "--families first");
    }
    List<String> out = new ArrayList<>();
    boolean rowsPlaced = false;
    boolean verdictsPlaced = false;
    int lastRow = -1;
    int lastVerdict = -1;
    for (String line : text.substring(s + start.length(), e).strip().split("\n", -1)) {
      if (line.startsWith("| ") && !line.startsWith("| family |")) {
        String family = line.substring(2, Math.max(2, line.indexOf(" |", 2))).strip();
        if (families.contains(family)) {
          if (!rowsPlaced) {
            out.addAll(rows);
            rowsPlaced = true;
          }
          lastRow = out.size() - 1;
          continue;
        }
        out.add(line);
        lastRow = out.size() - 1;
      } else if (line.startsWith("- ")) {
        if (families.stream().anyMatch(f -> line.startsWith("- " + f + " ") || line.startsWith("- " + f + ":"))) {
          if (!verdictsPlaced) {
            verdicts.forEach(v -> out.add("- " + v));
            verdictsPlaced = true;
          }
          lastVerdict = out.size() - 1;
          continue;
        }
        out.add(line);
        lastVerdict = out.size() - 1;
      } else if (line.startsWith("Load time of") && loadLine != null) {
        out.add(loadLine.strip());
      } else {
        out.add(line);
        if (line.startsWith("System load average (1 min) at the start")) {
          out.add("");
          out.add(note);
        }
      }
    }
    if (!rowsPlaced && lastRow >= 0) {
      out.addAll(lastRow + 1, rows);
      if (lastVerdict > lastRow) {
        lastVerdict += rows.size();
      }
    }
    if (!verdictsPlaced && lastVerdict >= 0) {
      List<String> lines = verdicts.stream().map(v -> "- " + v).toList();
      out.addAll(lastVerdict + 1, lines);
    }
    replaceSection(file, name, String.join("\n", out));
  }
}
