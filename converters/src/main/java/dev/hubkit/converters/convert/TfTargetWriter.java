package dev.hubkit.converters.convert;

import dev.hubkit.converters.FormatException;
import dev.hubkit.converters.TensorBytes;
import dev.hubkit.converters.TensorData;
import dev.hubkit.converters.TensorReader;
import dev.hubkit.converters.TensorWriter;
import dev.hubkit.converters.cast.CastData;
import dev.hubkit.converters.keras.KerasH5Reader;
import dev.hubkit.converters.keras.KerasH5Writer;
import dev.hubkit.converters.mapping.MappedName;
import dev.hubkit.converters.mapping.NameMapping;
import dev.hubkit.converters.mapping.PytorchView;
import dev.hubkit.converters.mapping.RenamedData;
import dev.hubkit.converters.mapping.TfTiedWeights;
import dev.hubkit.converters.mapping.TransposedData;
import dev.hubkit.converters.tensorflow.BundlePaths;
import dev.hubkit.converters.tensorflow.CheckpointStateFile;
import dev.hubkit.converters.tensorflow.TfCheckpointReader;
import dev.hubkit.converters.tensorflow.TfCheckpointWriter;
import dev.hubkit.converters.tensorflow.TfFormats;
import dev.hubkit.core.tensor.DType;
import dev.hubkit.core.tensor.TensorInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a PyTorch-named checkpoint as a TensorFlow checkpoint or Keras H5 weights: names mapped and
 * dense kernels transposed on the fly, optional dtype cast, and verification that reads the output back
 * through the inverse mapping and compares every tensor bit for bit.
 */
final class TfTargetWriter {
    /** Looked up when something is logged (rarely), so a conversion that logs nothing never sets up logging. */
    private static Logger log() {
        return LoggerFactory.getLogger(TfTargetWriter.class);
    }

    private TfTargetWriter() {
    }

    /**
     * One planned output tensor: its source (PyTorch) name, its data under the TF name, and whether it
     * kept its own name because it maps to no unique TF name ({@code --allow-unmapped}).
     */
    private record Planned(String source, TensorData data, boolean ownName) {
    }

    static ConversionResult write(TensorReader pt, Path srcFile, Path dst, TargetFormat format, NameMapping mapping,
                                  ConvertOptions options, ProgressListener progress, ConversionWarnings warnings)
            throws IOException {
        Path out = outputPath(dst, format);
        if (format == TargetFormat.KERAS_H5 && options.maxShardSize() > 0) {
            throw new FormatException(out, "Keras H5 output is written as one file; drop --max-shard-size");
        }
        refuseOverwritingSource(srcFile, out, format);
        Map<String, String> reused = TfTiedWeights.reused(pt, mapping);
        Set<String> dropped = new LinkedHashSet<>(reused.keySet());
        List<TensorInfo> kept = pt.tensors().stream().filter(t -> !dropped.contains(t.name())).toList();
        List<Planned> planned = plan(pt, kept, format, mapping, options, warnings);
        return writePlanned(pt, out, format, planned, reused, kept, mapping, KerasH5Writer::layerOf, options,
                progress);
    }

    /**
     * Whether converting {@code source} to {@code format} can do without name mapping: a TensorFlow checkpoint into a
     * TensorFlow checkpoint, or Keras H5 weights named as Keras names them ({@code layer/.../weight:N}) into Keras H5.
     */
    static boolean keepsNames(TensorReader source, TargetFormat format) {
        if (format == TargetFormat.TF_CHECKPOINT) {
            return source instanceof TfCheckpointReader;
        }
        return format == TargetFormat.KERAS_H5 && source instanceof KerasH5Reader && !source.tensors().isEmpty()
                && source.tensors().stream().allMatch(t -> KERAS_WEIGHT_NAME.matcher(t.name()).matches());
    }

    /**
     * Writes a TensorFlow-format source into the same format under the names it has (see {@link #keepsNames}), for
     * models of no known architecture: nothing is transposed or dropped, a plain Keras model's layers
     * ({@code dense/kernel:0}) stay as they are, each weight in the layer group it was read from, and a TF2
     * object-based checkpoint's variables take their readable names (its object graph is not written);
     * {@code --dtype} still casts, {@code --verify} compares by name.
     */
    static ConversionResult writeAsStored(TensorReader source, Path srcFile, Path dst, TargetFormat format,
                                          ConvertOptions options, ProgressListener progress) throws IOException {
        Path out = outputPath(dst, format);
        if (format == TargetFormat.KERAS_H5 && options.maxShardSize() > 0) {
            throw new FormatException(out, "Keras H5 output is written as one file; drop --max-shard-size");
        }
        refuseOverwritingSource(srcFile, out, format);
        List<TensorInfo> kept = source.tensors();
        // a TF2 object-based checkpoint's keys (.../.ATTRIBUTES/VARIABLE_VALUE) mean something only with its object
        // graph, which is not written: its variables go under their own (unique) names, as a name-based checkpoint
        // holds them, so that tf.train.Checkpoint's name-based restore finds them
        Map<String, String> names = source instanceof TfCheckpointReader tf ? tf.readableNames() : Map.of();
        List<Planned> planned = new ArrayList<>(kept.size());
        for (TensorInfo t : kept) {
            TensorData data = CastData.wrap(source.data(t.name()), options.dtypeFor(t.name()));
            String name = names.getOrDefault(t.name(), t.name());
            planned.add(new Planned(t.name(), name.equals(t.name()) ? data : new RenamedData(data, name), true));
        }
        Function<String, String> layers = source instanceof KerasH5Reader keras
                ? name -> keras.layerOf(name).orElseGet(() -> KerasH5Writer.layerOf(name)) : KerasH5Writer::layerOf;
        return writePlanned(source, out, format, planned, Map.of(), kept, null, layers, options, progress);
    }

    /** Writes {@code planned} to {@code out}, verifies it when asked; {@code mapping} null: names kept as stored. */
    private static ConversionResult writePlanned(TensorReader pt, Path out, TargetFormat format, List<Planned> planned,
                                                 Map<String, String> reused, List<TensorInfo> kept,
                                                 NameMapping mapping, Function<String, String> kerasLayers,
                                                 ConvertOptions options, ProgressListener progress)
            throws IOException {
        Set<String> dropped = new LinkedHashSet<>(reused.keySet());
        List<TensorInfo> plan = planned.stream().map(p -> p.data().info()).toList();
        if (format == TargetFormat.KERAS_H5 && plan.isEmpty()) {
            throw new FormatException(out, "there are no weights to write, and Keras' reader refuses an H5 file "
                    + "without layers; nothing was written (does the source hold only skipped tensors, e.g. strings?)");
        }
        long total = plan.stream().mapToLong(TensorInfo::byteSize).sum();
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        List<Path> files = new ArrayList<>();
        Map<Path, Object> dataBefore = new HashMap<>();
        try (TensorWriter writer = format == TargetFormat.TF_CHECKPOINT
                ? TfCheckpointWriter.create(out, plan, options.maxShardSize() > 0 ? options.maxShardSize()
                        : TfCheckpointWriter.DEFAULT_MAX_SHARD_BYTES)
                : KerasH5Writer.create(out, plan, kerasLayers)) {
            if (writer instanceof TfCheckpointWriter tf) {
                for (int s = 0; s < tf.numShards(); s++) {
                    Path data = BundlePaths.data(out, s, tf.numShards());
                    dataBefore.put(data, fileKey(data));
                }
            }
            long done = 0;
            for (Planned p : planned) {
                writer.write(p.data());
                done += p.data().info().byteSize();
                progress.progress(p.source(), done, total);
            }
            writer.finish();
            if (writer instanceof TfCheckpointWriter tf) {
                for (int s = 0; s < tf.numShards(); s++) {
                    files.add(BundlePaths.data(out, s, tf.numShards()));
                }
                files.add(BundlePaths.index(out));
            } else {
                files.add(out);
            }
        } catch (IllegalArgumentException e) {
            throw cannotBeWritten(out, e, removeNewData(dataBefore));
        } catch (IOException | RuntimeException e) {
            // a bundle whose index could not be put in place after its data files were: those go too
            List<Path> left = removeNewData(dataBefore);
            if (!left.isEmpty()) {
                FailureNotes.rethrow(e, FailureNotes.notRemoved(left));
            }
            throw e;
        }
        reused.forEach((alias, carrier) -> log().info("'{}' is the same tensor as '{}'; transformers' TensorFlow model "
                + "reuses that weight for it, so it is not stored twice", alias, carrier));
        for (List<String> tied : pt.aliases()) {
            for (String name : tied) {
                if (!reused.containsKey(name) && !TiedNames.keepFirst(tied).get(0).equals(name)) {
                    log().info("'{}' shares its storage with '{}'; the TensorFlow model has a weight of its own for it,"
                            + " so it is written as a copy", name, TiedNames.keepFirst(tied).get(0));
                }
            }
        }
        boolean verified = false;
        if (options.verify()) {
            VerifiedOutput.verifyOrRemove(files, () -> {
                if (mapping == null || planned.stream().anyMatch(Planned::ownName)) {
                    // Own-named tensors do not map back uniquely: check the stored tensors as written instead.
                    verifyStored(planned, out);
                } else {
                    verify(pt, kept, out, mapping, options);
                }
            });
            verified = true;
        }
        if (format == TargetFormat.TF_CHECKPOINT) {
            // as tf.train.Checkpoint.save does, so tf.train.latest_checkpoint finds it; the index stays last
            files.add(files.size() - 1, CheckpointStateFile.write(out));
        }
        return new ConversionResult(List.copyOf(files), plan.size(), total, List.copyOf(dropped), verified);
    }

    /** The error for a bundle the writer refused ({@code e}), naming the data files it {@code left} behind. */
    static FormatException cannotBeWritten(Path out, IllegalArgumentException e, List<Path> left) {
        FormatException refused = new FormatException(out, "cannot be written: " + e.getMessage(), e);
        return left.isEmpty() ? refused
                : (FormatException) FailureNotes.withNote(refused, FailureNotes.notRemoved(left));
    }

    /** The file key (inode) of {@code file}, null when there is none: tells a file renamed into place from the old. */
    private static Object fileKey(Path file) {
        try {
            return Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class,
                    java.nio.file.LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Deletes those of the bundle's data files that a failed write put in place (not there before, or another
     * file now); a file that was there before and is unchanged is an earlier checkpoint's. Returns those that could
     * not be deleted.
     */
    private static List<Path> removeNewData(Map<Path, Object> before) {
        List<Path> left = new ArrayList<>();
        for (Map.Entry<Path, Object> e : before.entrySet()) {
            Object now = fileKey(e.getKey());
            if (now != null && !now.equals(e.getValue())) {
                try {
                    Files.deleteIfExists(e.getKey());
                } catch (IOException notRemoved) {
                    left.add(e.getKey());
                }
            }
        }
        return left;
    }

    /** The bundle prefix or H5 file for {@code dst}: a folder gets {@code model.ckpt} / {@code tf_model.h5}. */
    static Path outputPath(Path dst, TargetFormat format) {
        String name = dst.getFileName() == null ? "" : dst.getFileName().toString();
        boolean folder = Files.isDirectory(dst) || !name.contains(".") || dst.toString().endsWith("/");
        if (folder) {
            return dst.resolve(format.defaultFileName());
        }
        if (format == TargetFormat.TF_CHECKPOINT && name.endsWith(".index")) {
            return dst.resolveSibling(name.substring(0, name.length() - ".index".length()));
        }
        return dst;
    }

    /** A Keras weight name as stored: {@code layer/.../weight:N}. */
    private static final java.util.regex.Pattern KERAS_WEIGHT_NAME = java.util.regex.Pattern.compile("[^:]+/[^:/]+:\\d+");

    private static List<Planned> plan(TensorReader pt, List<TensorInfo> kept, TargetFormat format, NameMapping mapping,
                                      ConvertOptions options, ConversionWarnings warnings) {
        Map<String, MappedName> names = mapping.toTf(kept);
        Set<String> used = new HashSet<>();
        List<Planned> out = new ArrayList<>();
        for (TensorInfo t : kept) {
            MappedName m = names.get(t.name());
            String target = m == null ? "" : m.name();
            boolean transpose = m != null && m.transpose();
            // a source name that is already a Keras weight name is one a TF/Keras source kept as its own (PyTorch
            // names have no '/' or ':'): mapping it again would invent a name, so it stays as it is
            boolean own = target.isEmpty() || used.contains(target) || KERAS_WEIGHT_NAME.matcher(t.name()).matches();
            if (own) {
                // Only reachable with allowUnmapped (the mapping throws otherwise): keep the tensor's own name.
                warnings.add(TfTargetWriter.class, "'{}' maps to no unique TensorFlow name under '{}'; kept under its"
                        + " own name", t.name(), mapping.architecture());
                target = t.name();
                transpose = false;
            }
            used.add(target);
            if (format == TargetFormat.KERAS_H5 && !(own && KERAS_WEIGHT_NAME.matcher(target).matches())) {
                target = mapping.kerasScope() + "/" + target + ":0";
            }
            // Transpose the stored bytes (positional reads), then cast the transposed stream: same result, fewer passes.
            TensorData raw = pt.data(t.name());
            TensorData named = transpose ? new TransposedData(raw, target) : new RenamedData(raw, target);
            out.add(new Planned(t.name(), CastData.wrap(named, options.dtypeFor(t.name())), own));
        }
        // kernels are written in plan order: each reads the next one ahead while it is transposed
        TransposedData.chain(out.stream().map(p -> p.data() instanceof CastData c ? c.source() : p.data()).toList());
        return out;
    }

    private static void refuseOverwritingSource(Path srcFile, Path out, TargetFormat format) throws IOException {
        List<Path> sources = new ArrayList<>();
        if (Files.isRegularFile(srcFile)) {
            sources.add(srcFile);
        }
        if (TfFormats.isTfCheckpoint(srcFile)) {
            try {
                sources.addAll(bundleFiles(BundlePaths.prefixOf(srcFile)));
            } catch (FormatException e) {
                // not a bundle after all; the file itself is already listed
            }
        }
        List<Path> outputs = format == TargetFormat.TF_CHECKPOINT ? bundleFiles(out.toAbsolutePath()) : List.of(out);
        for (Path o : outputs) {
            for (Path in : sources) {
                if (Files.exists(o) && Files.exists(in) && Files.isSameFile(o, in)) {
                    throw new FormatException(o, "the output would overwrite the source; choose another destination");
                }
            }
        }
    }

    private static List<Path> bundleFiles(Path prefix) throws IOException {
        List<Path> files = new ArrayList<>();
        files.add(BundlePaths.index(prefix));
        Path dir = prefix.toAbsolutePath().getParent();
        if (dir != null && Files.isDirectory(dir)) {
            String start = prefix.getFileName() + ".data-";
            try (Stream<Path> list = Files.list(dir)) {
                list.filter(p -> p.getFileName().toString().startsWith(start)).forEach(files::add);
            }
        }
        return files;
    }

    /** Compares every stored tensor of {@code out} with what was planned for it, by stored name. */
    private static void verifyStored(List<Planned> planned, Path out) throws IOException {
        TensorReader written = TfFormats.openOrNull(out);
        if (written == null) {
            throw new FormatException(out, "verification failed: the output cannot be found or recognised");
        }
        try (written) {
            if (written.tensors().size() != planned.size()) {
                throw new FormatException(out, "verification failed: output has " + written.tensors().size()
                        + " tensors, expected " + planned.size());
            }
            for (Planned p : planned) {
                TensorInfo want = p.data().info();
                TensorInfo got;
                try {
                    got = written.info(want.name());
                } catch (FormatException e) {
                    throw new FormatException(out, "verification failed: tensor '" + want.name() + "' is missing");
                }
                if (!got.equals(want)
                        || !TensorBytes.sha256(p.data()).equals(TensorBytes.sha256(written.data(want.name())))) {
                    throw new FormatException(out, "verification failed: tensor '" + want.name()
                            + "' (from '" + p.source() + "') differs from the source");
                }
            }
        }
    }

    /**
     * Reads {@code out} back under PyTorch names and compares each kept source tensor (after its cast).
     * A headless state dict comes back under the architecture's base prefix (e.g. {@code transformer.}),
     * as transformers' TF models always have it, so a name also matches a single {@code PREFIX.name}.
     */
    private static void verify(TensorReader pt, List<TensorInfo> kept, Path out, NameMapping mapping,
                               ConvertOptions options) throws IOException {
        TensorReader written = TfFormats.openOrNull(out);
        if (written == null) {
            throw new FormatException(out, "verification failed: the output cannot be found or recognised");
        }
        TensorReader opened;
        try {
            opened = new PytorchView(written, mapping);
        } catch (RuntimeException e) {
            written.close();
            throw e;
        }
        try (TensorReader view = opened) {
            List<TensorInfo> back = view.tensors();
            if (back.size() != kept.size()) {
                throw new FormatException(out, "verification failed: output has " + back.size()
                        + " tensors, expected " + kept.size());
            }
            Map<String, TensorInfo> byName = new HashMap<>();
            back.forEach(t -> byName.put(t.name(), t));
            Set<String> matched = new HashSet<>();
            for (TensorInfo s : kept) {
                TensorInfo o = byName.get(s.name());
                if (o == null || matched.contains(o.name())) {
                    List<TensorInfo> c = back.stream()
                            .filter(t -> t.name().endsWith("." + s.name()) && !matched.contains(t.name())).toList();
                    o = c.size() == 1 ? c.get(0) : null;
                }
                if (o == null) {
                    throw new FormatException(out, "verification failed: tensor '" + s.name()
                            + "' does not come back from the output");
                }
                matched.add(o.name());
                DType cast = options.dtypeFor(s.name());
                DType want = CastData.castedType(s.dtype(), cast);
                if (o.dtype() != want || !Arrays.equals(o.shape(), s.shape())) {
                    throw new FormatException(out, "verification failed: tensor '" + s.name() + "' comes back as "
                            + o.dtype() + Arrays.toString(o.shape()) + ", expected " + want + Arrays.toString(s.shape()));
                }
                String a = TensorBytes.sha256(CastData.wrap(pt.data(s.name()), cast));
                String b = TensorBytes.sha256(view.data(o.name()));
                if (!a.equals(b)) {
                    throw new FormatException(out, "verification failed: tensor '" + s.name()
                            + "' differs from the source");
                }
            }
        }
    }
}
