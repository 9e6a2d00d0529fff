package dev.hubkit.converters.convert;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts the files of a sharded output, all written in a temporary folder beside it (the index included), into
 * place, the index last. A file of an earlier checkpoint under the same name is first set aside (in a folder of its
 * own beside them) and, when the commit fails, put back, so that a failed conversion leaves an earlier checkpoint in
 * the folder whole rather than an index naming shards that are gone.
 */
final class ShardCommit {
    private ShardCommit() {
    }

    /**
     * Moves {@code names} (in order) from {@code temp} into {@code dir}; returns the files now in place. On failure
     * the files moved are removed and the earlier ones put back; what could not be is named in the error.
     */
    static List<Path> commit(Path temp, Path dir, List<String> names, ConversionWarnings warnings)
            throws IOException {
        List<Path> moved = new ArrayList<>();
        Map<Path, Path> setAside = new LinkedHashMap<>();
        Path aside = null;
        try {
            for (String name : names) {
                Path target = dir.resolve(name);
                if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)
                        && !Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                    // a folder in the way is left to fail the move below: it is no earlier checkpoint's file
                    if (aside == null) {
                        aside = Files.createTempDirectory(dir, ".hubkit-earlier-");
                    }
                    Files.move(target, aside.resolve(name), StandardCopyOption.ATOMIC_MOVE);
                    setAside.put(target, aside.resolve(name));
                }
                Files.move(temp.resolve(name), target, StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
                moved.add(target);
            }
        } catch (IOException | RuntimeException e) {
            String note = undo(dir, moved, setAside, aside);
            if (!note.isEmpty()) {
                FailureNotes.rethrow(e, note);
            }
            throw e;
        }
        if (aside != null) {
            IOException kept = OutputPaths.deleteTree(aside); // the earlier files the new checkpoint replaced
            if (kept != null) {
                warnings.add(ShardCommit.class, "could not remove temporary folder {}: {}", aside, kept.toString());
            }
        }
        return moved;
    }

    /** Takes back a failed commit; returns a note on what could not be taken back, empty when all was. */
    private static String undo(Path dir, List<Path> moved, Map<Path, Path> setAside, Path aside) {
        List<Path> left = new ArrayList<>();
        for (Path f : moved) {
            try {
                Files.deleteIfExists(f);
            } catch (IOException notRemoved) {
                left.add(f);
            }
        }
        List<Path> notBack = new ArrayList<>();
        for (Map.Entry<Path, Path> a : setAside.entrySet()) {
            try {
                Files.move(a.getValue(), a.getKey(), StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException notRestored) {
                notBack.add(a.getValue());
            }
        }
        if (aside != null && notBack.isEmpty() && OutputPaths.deleteTree(aside) != null) {
            left.add(aside);
        }
        return (left.isEmpty() ? "" : FailureNotes.notRemoved(left))
                + (notBack.isEmpty() ? "" : "; the earlier checkpoint in " + dir + " is incomplete: its files "
                + notBack + " could not be put back, move them back by hand");
    }

}
