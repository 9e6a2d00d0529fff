package dev.hubkit.hub;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@code hf download REPO [FILES...] [--include..] [--exclude..]} fetches, decided as huggingface_hub's CLI
 * decides it: one plain file is a single-file download; otherwise a snapshot whose allow patterns are the FILES
 * (each an fnmatch pattern, a name ending in {@code /} a folder: {@code sub/} becomes {@code sub/**}) or, with no
 * FILES, {@code --include}/{@code --exclude}.
 *
 * @param singleFile the one file to fetch alone, or null for a snapshot
 * @param allow      snapshot allow patterns (empty = everything)
 * @param ignore     snapshot ignore patterns
 * @param warnings   lines for stderr (patterns ignored because FILES were given)
 */
public record FileSelection(String singleFile, List<String> allow, List<String> ignore, List<String> warnings) {

    /** Decides from the positional FILES and the pattern options; refuses a folder together with patterns. */
    public static FileSelection of(List<String> files, List<String> include, List<String> exclude) {
        List<String> folders = files.stream().filter(f -> f.endsWith("/")).toList();
        List<String> regular = files.stream().filter(f -> !f.endsWith("/")).toList();
        if (!folders.isEmpty() && !include.isEmpty()) {
            throw new HubException("Cannot combine subfolder argument ('" + folders.get(0) + "') with `--include`. "
                    + "Please use `--include \"" + folders.get(0) + "*\"` instead.");
        }
        if (!folders.isEmpty() && !exclude.isEmpty()) {
            throw new HubException("Cannot combine subfolder argument ('" + folders.get(0) + "') with `--exclude`. "
                    + "Please use `--include \"" + folders.get(0) + "*\"` with `--exclude` instead.");
        }
        List<String> warnings = new ArrayList<>();
        if (!regular.isEmpty() && !include.isEmpty()) {
            warnings.add("UserWarning: Ignoring `--include` since filenames have been explicitly set.");
        }
        if (!regular.isEmpty() && !exclude.isEmpty()) {
            warnings.add("UserWarning: Ignoring `--exclude` since filenames have been explicitly set.");
        }
        if (regular.size() == 1 && folders.isEmpty()) {
            return new FileSelection(regular.get(0), List.of(), List.of(), List.copyOf(warnings));
        }
        if (files.isEmpty()) {
            return new FileSelection(null, List.copyOf(include), List.copyOf(exclude), List.of());
        }
        List<String> allow = new ArrayList<>(regular);
        folders.forEach(f -> allow.add(f.replaceAll("/+$", "") + "/**"));
        return new FileSelection(null, List.copyOf(allow), List.of(), List.copyOf(warnings));
    }
}
