package dev.hubkit.converters.convert;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
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
    /** The name of a folder holding an earlier checkpoint's files while a commit replaces them. */
    static final String ASIDE_PREFIX = ".hubkit-earlier-";

    private ShardCommit() {
    }

    /** One rename, replacing what is at {@code to}; a seam for tests that stop a commit half-way (a crash). */
    @FunctionalInterface
    interface Mover {
        void move(Path from, Path to) throws IOException;
    }

    /**
     * Moves {@code names} (in order, the index last) from {@code temp} into {@code dir}; returns the files now in
     * place. On failure the files moved are removed and the earlier ones put back; what could not be is named in the
     * error.
     */
    static List<Path> commit(Path temp, Path dir, List<String> names, ConversionWarnings warnings)
            throws IOException {
        return commit(temp, dir, names, warnings, () -> { });
    }

    /**
     * As {@link #commit(Path, Path, List, ConversionWarnings)}, running {@code check} ({@code --verify}) on the files
     * once they are in place and before the earlier ones they replace are deleted: when it fails, the new files go
     * and the earlier checkpoint is put back.
     */
    static List<Path> commit(Path temp, Path dir, List<String> names, ConversionWarnings warnings,
                             VerifiedOutput.Check check) throws IOException {
        return commit(temp, dir, names, warnings, check, (from, to) -> Files.move(from, to,
                StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE));
    }

    /**
     * As {@link #commit(Path, Path, List, ConversionWarnings, VerifiedOutput.Check)}, renaming with {@code mover}.
     * Every earlier file is set aside before the first new one goes in, the earlier index first: a commit cut short
     * (a crash, Ctrl-C) never leaves an earlier index naming a mix of earlier and new shards, which a reader would
     * load as one checkpoint.
     */
    static List<Path> commit(Path temp, Path dir, List<String> names, ConversionWarnings warnings,
                             VerifiedOutput.Check check, Mover mover) throws IOException {
        warnAboutStaleAsides(dir, warnings);
        List<Path> moved = new ArrayList<>();
        Map<Path, Path> setAside = new LinkedHashMap<>();
        Path aside = null;
        try {
            List<String> indexFirst = new ArrayList<>(names);
            Collections.reverse(indexFirst);
            for (String name : indexFirst) {
                Path target = dir.resolve(name);
                if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)
                        && !Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                    // a folder in the way is left to fail the move below: it is no earlier checkpoint's file
                    if (aside == null) {
                        aside = Files.createTempDirectory(dir, ASIDE_PREFIX);
                    }
                    mover.move(target, aside.resolve(name));
                    setAside.put(target, aside.resolve(name));
                }
            }
            for (String name : names) {
                Path target = dir.resolve(name);
                mover.move(temp.resolve(name), target);
                moved.add(target);
            }
            check.run();
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

    /**
     * Warns of folders set aside by an earlier commit that was cut short (a crash, Ctrl-C): they hold the files of a
     * checkpoint that were never put back, so they are neither output nor deleted, only named.
     */
    private static void warnAboutStaleAsides(Path dir, ConversionWarnings warnings) throws IOException {
        try (DirectoryStream<Path> stale = Files.newDirectoryStream(dir, ASIDE_PREFIX + "*")) {
            for (Path p : stale) {
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    warnings.add(ShardCommit.class, "{} holds files of a checkpoint that a conversion into {} set"
                            + " aside and, cut short, never put back: move them back or delete the folder", p, dir);
                }
            }
        }
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
