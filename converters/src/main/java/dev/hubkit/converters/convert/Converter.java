package dev.hubkit.converters.convert;

import dev.hubkit.converters.FormatException;
import dev.hubkit.converters.SourceChanged;
import dev.hubkit.converters.TensorData;
import dev.hubkit.converters.TensorReader;
import dev.hubkit.converters.TensorWriter;
import dev.hubkit.converters.cast.CastData;
import dev.hubkit.converters.keras.KerasH5Reader;
import dev.hubkit.converters.mapping.ArchitectureSource;
import dev.hubkit.converters.mapping.NameMapping;
import dev.hubkit.converters.mapping.PytorchView;
import dev.hubkit.converters.mapping.TfConversions;
import dev.hubkit.converters.pytorch.StorageView;
import dev.hubkit.converters.pytorch.TorchZipWriter;
import dev.hubkit.converters.safetensors.SafetensorsWriter;
import dev.hubkit.converters.tensorflow.TfCheckpointReader;
import dev.hubkit.core.tensor.DType;
import dev.hubkit.core.tensor.TensorInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Converts a checkpoint to safetensors, PyTorch, a TensorFlow checkpoint or Keras H5, streaming tensor
 * by tensor (the heap never holds a whole tensor), with optional dtype cast, sharding and verification.
 * TensorFlow-side names are mapped to and from PyTorch names for the architecture ({@code --arch}, else
 * {@code model_type} of a nearby {@code config.json}, else detected). Output appears atomically; the source
 * is never written.
 */
public final class Converter {
    /** Looked up when something is logged (rarely), so a conversion that logs nothing never sets up logging. */
    private static Logger log() {
        return LoggerFactory.getLogger(Converter.class);
    }

    private Converter() {
    }

    /**
     * Where the output goes: a folder and a file stem + extension, or a single named file; {@code namedDir} is the
     * folder as DST names it (links not followed, relative if DST is), {@code namedSingle} the single file so named.
     */
    private record Layout(Path dir, String stem, String extension, Path single, Path index, Path namedDir,
                          Path namedSingle) {
        /**
         * The path {@code torch.save} would be given for the output file {@code name}: DST as the user named it,
         * which names the archive folder inside (a link's name, not its target's).
         */
        Path namedAs(Path file) {
            return file.equals(single) ? namedSingle : namedDir.resolve(file.getFileName().toString());
        }
    }

    /**
     * Converts {@code src} (file, index or folder) into {@code dst}. Symbolic links in {@code dst} are followed (the
     * link's target is written, the link kept); folders created for the output are removed again when it fails.
     */
    public static ConversionResult convert(Path src, Path dst, ConvertOptions options, ProgressListener progress) {
        return convert(src, dst, false, options, progress);
    }

    /**
     * As {@link #convert(Path, Path, ConvertOptions, ProgressListener)}; with {@code folder} (DST was given with a
     * trailing separator, {@code out/v1.0/}) DST is a folder whatever its name, made when missing (and removed again
     * when the conversion fails), so the output gets the format's default file name inside it.
     */
    public static ConversionResult convert(Path src, Path dst, boolean folder, ConvertOptions options,
                                           ProgressListener progress) {
        Path srcFile = Checkpoints.resolve(src);
        TensorReader reader = Checkpoints.open(srcFile);
        List<Path> created = List.of();
        boolean done = false;
        ConversionWarnings warnings = new ConversionWarnings();
        try {
            List<Path> madeFolder = List.of();
            if (folder && !Files.isDirectory(dst)) {
                if (Files.isSymbolicLink(dst) && !Files.exists(dst)) {
                    throw new FormatException("DST " + dst + " is given as a folder (trailing '/') but is a symbolic"
                            + " link to " + Files.readSymbolicLink(dst) + ", which does not exist; create that folder,"
                            + " or name another DST");
                }
                if (Files.exists(dst, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    throw new FormatException("DST " + dst + " is given as a folder (trailing '/') but is a file;"
                            + " drop the '/' to write that file, or name a folder");
                }
                madeFolder = OutputPaths.missingFolders(dst);
                created = madeFolder;
                Files.createDirectories(dst);
            }
            if (!Files.isDirectory(dst)) {
                TargetFormat.refuseForeignName(dst);
            }
            TargetFormat format = options.to() != null ? options.to() : TargetFormat.infer(dst);
            refuseContradictingExtension(dst, options.to());
            Path out = OutputPaths.followLinks(dst);
            created = madeFolder.isEmpty() ? OutputPaths.missingFolders(out) : madeFolder;
            // before this conversion makes a temporary folder or file of its own
            OutputPaths.warnAboutLeftovers(OutputPaths.outputFolder(out), OutputPaths.tempFiles(out, format), warnings);
            ConversionResult result = convertOpen(reader, srcFile, out, dst, format, options, progress, warnings);
            done = true;
            warnings.logAll(); // only now: a failure's error supersedes them (nothing was written)
            return result;
        } catch (IOException e) {
            Path left = OutputPaths.removeEmpty(created);
            created = List.of();
            throw withFolderLeft(new UncheckedIOException("converting " + src + " to " + dst, e), left);
        } catch (RuntimeException e) {
            Path left = OutputPaths.removeEmpty(created);
            created = List.of();
            throw withFolderLeft(e, left);
        } catch (InternalError e) {
            // a read of a memory-mapped source faulted (SIGBUS) where no reader turned it into its own error:
            // the source got shorter while being read
            if (!SourceChanged.isMapFault(e)) {
                throw e;
            }
            Path left = OutputPaths.removeEmpty(created);
            created = List.of();
            throw withFolderLeft(SourceChanged.mapFault(srcFile, e), left);
        } finally {
            if (!done) {
                OutputPaths.removeEmpty(created); // after an Error: there is no error line to name a folder in
            }
            reader.close();
        }
    }

    /** {@code e}, the error of a failed conversion, naming the folder made for it that is {@code left} (null: none). */
    static RuntimeException withFolderLeft(RuntimeException e, Path left) {
        if (left == null) {
            return e;
        }
        return (RuntimeException) FailureNotes.withNote(e, "; the folder " + left + " made for the output could not"
                + " be removed, delete it by hand");
    }

    /**
     * Refuses a {@code --to} that contradicts the format {@code dst}'s extension names (HDF5 bytes under a
     * {@code .safetensors} name, a PyTorch zip under {@code model.safetensors.index.json}); names that mean a format
     * hubkit does not write are refused before ({@link TargetFormat#refuseForeignName}); other extensions and
     * folders are the user's to name.
     */
    private static void refuseContradictingExtension(Path dst, TargetFormat to) {
        if (to == null || Files.isDirectory(dst)) {
            return;
        }
        TargetFormat named = TargetFormat.fromExtension(dst);
        if (named != null && named != to) {
            throw new FormatException("DST " + dst + " names a " + named.cliName() + " file but --to is " + to.cliName()
                    + ": rename DST or drop --to");
        }
    }

    private static ConversionResult convertOpen(TensorReader source, Path srcFile, Path dst, Path named,
                                                TargetFormat format,
                                                ConvertOptions options, ProgressListener progress,
                                                ConversionWarnings warnings) throws IOException {
        TensorReader reader = source;
        ProgressListener listener = progress == null ? ProgressListener.none() : progress;
        if (TfTargetWriter.keepsNames(reader, format) && ArchitectureSource.resolve(options.arch(), srcFile) == null
                && !TfConversions.detectsArchitecture(reader)) {
            // Not a model whose names map (no --arch, config.json or known names): mapping would invent names
            // (a plain Keras model's layer taken for a model scope), so the same format keeps them as stored.
            return TfTargetWriter.writeAsStored(reader, srcFile, dst, format, options, listener);
        }
        boolean tfSafetensors = TfConversions.isTfSafetensors(reader);
        boolean tfSource = reader instanceof TfCheckpointReader || reader instanceof KerasH5Reader || tfSafetensors;
        if (tfSource || format.isTensorflow()) {
            String arch = ArchitectureSource.resolve(options.arch(), srcFile);
            NameMapping mapping = tfMapping(reader, arch, options.allowUnmapped(), warnings);
            if (tfSafetensors) {
                mapping = mapping.withoutModelScope();
            }
            if (tfSource) {
                // From here on the source looks like a PyTorch state dict (the caller closes the source).
                reader = new PytorchView(reader, mapping);
            }
            TfConversions.checkConfigShapes(reader, srcFile); // before anything is written
            if (format.isTensorflow()) {
                return TfTargetWriter.write(reader, srcFile, dst, format, mapping, options, listener, warnings);
            }
        }
        Layout layout = layout(dst, named, format);
        refuseOverwritingSource(reader, srcFile, layout);
        return run(reader, layout, format, options, listener, warnings);
    }

    /**
     * The PyTorch ↔ TensorFlow name mapping for {@code reader}'s names under {@code arch} (null: detect);
     * an unknown or undetectable architecture is a {@link FormatException}. Names of no architecture mapped with
     * {@code allowUnmapped} follow the generic TF2 convention (the BERT row, as {@link NameMapping#forArchitecture}
     * falls back to), and {@code warnings} gets the warning that says so.
     */
    static NameMapping tfMapping(TensorReader reader, String arch, boolean allowUnmapped, ConversionWarnings warnings) {
        try {
            Iterable<String> names = reader instanceof TfCheckpointReader tf ? tf.readableNames().values()
                    : reader.tensors().stream().map(TensorInfo::name).toList();
            return NameMapping.forArchitecture(arch, names, allowUnmapped,
                    warning -> warnings.add(NameMapping.class, "{}", warning));
        } catch (IllegalArgumentException e) {
            throw new FormatException(reader.path(), e.getMessage(), e);
        }
    }

    /**
     * The file a conversion of {@code format} into {@code out} (links followed) writes when not sharded: the single
     * file of its layout, or the H5 file or bundle prefix of a TensorFlow format ({@link TfTargetWriter#outputPath}).
     */
    static Path singleOutputFile(Path out, TargetFormat format) {
        return format.isTensorflow() ? TfTargetWriter.outputPath(out, format) : layout(out, out, format).single();
    }

    /** The layout for {@code dst} (links followed), which the user named {@code named}. */
    private static Layout layout(Path dst, Path named, TargetFormat format) {
        String name = dst.getFileName() == null ? "" : dst.getFileName().toString();
        // an existing file is written as a file whatever its name (e.g. the target of a link named x.safetensors)
        boolean folder = Files.isDirectory(dst) || !Files.isRegularFile(dst) && !name.contains(".");
        Path namedParent = named.getParent() != null ? named.getParent() : Path.of("");
        if (folder) {
            String stem = format.defaultFileName().substring(0, format.defaultFileName().length() - format.extension().length());
            return new Layout(dst, stem, format.extension(), dst.resolve(format.defaultFileName()),
                    dst.resolve(format.defaultFileName() + ".index.json"), named,
                    named.resolve(format.defaultFileName()));
        }
        if (name.endsWith(".index.json")) {
            String file = name.substring(0, name.length() - ".index.json".length());
            int dot = file.lastIndexOf('.');
            Path dir = dst.toAbsolutePath().getParent();
            return new Layout(dir, dot > 0 ? file.substring(0, dot) : file, dot > 0 ? file.substring(dot) : format.extension(),
                    dir.resolve(file), dst.toAbsolutePath(), namedParent, namedParent.resolve(file));
        }
        int dot = name.lastIndexOf('.');
        Path dir = dst.toAbsolutePath().getParent();
        return new Layout(dir, dot > 0 ? name.substring(0, dot) : name, dot > 0 ? name.substring(dot) : format.extension(),
                dst.toAbsolutePath(), dir.resolve(name + ".index.json"), namedParent, named);
    }

    /**
     * After writing one file, removes an earlier sharded output of the same name in that folder (its index and
     * shards); after writing shards, an earlier single file and shards of an earlier split: as transformers'
     * {@code save_pretrained} does, so that the folder holds one checkpoint, the new one, and a reader does not
     * pick the stale one. Never a file of the source.
     */
    private static void removeStaleOutput(Layout layout, List<Path> written, TensorReader reader,
                                          ConversionWarnings warnings) throws IOException {
        List<Path> sources = sourceFiles(reader, reader.path());
        java.util.regex.Pattern shard = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(layout.stem())
                + "-\\d{5}-of-\\d{5}" + java.util.regex.Pattern.quote(layout.extension()));
        List<Path> stale = new ArrayList<>();
        if (!written.contains(layout.index())) {
            stale.add(layout.index());
        }
        if (!written.contains(layout.single())) {
            stale.add(layout.single());
        }
        if (Files.isDirectory(layout.dir())) {
            try (Stream<Path> files = Files.list(layout.dir())) {
                files.filter(p -> shard.matcher(p.getFileName().toString()).matches() && !written.contains(p))
                        .forEach(stale::add);
            }
        }
        for (Path p : stale) {
            if (!Files.isRegularFile(p)) {
                continue;
            }
            if (isSource(p, sources)) {
                warnings.add(Converter.class, "{} is left from an earlier checkpoint in {} but is the source: not"
                        + " removed", p.getFileName(), layout.dir());
            } else {
                Files.delete(p);
            }
        }
    }

    /** {@code srcFile} and, for a shard index, the shards it names (beside it). */
    private static List<Path> sourceFiles(TensorReader reader, Path srcFile) {
        List<Path> sources = new ArrayList<>();
        sources.add(srcFile);
        if (reader instanceof ShardedReader s) {
            for (String f : s.shardFiles()) {
                sources.add(srcFile.toAbsolutePath().getParent().resolve(f));
            }
        }
        return sources;
    }

    /** Whether {@code p} is one of {@code sources} (the same file, whatever the path). */
    private static boolean isSource(Path p, List<Path> sources) throws IOException {
        for (Path in : sources) {
            if (Files.exists(p) && Files.exists(in) && Files.isSameFile(p, in)) {
                return true;
            }
        }
        return false;
    }

    private static void refuseOverwritingSource(TensorReader reader, Path srcFile, Layout layout) throws IOException {
        List<Path> sources = sourceFiles(reader, srcFile);
        for (Path out : List.of(layout.single(), layout.index())) {
            if (isSource(out, sources)) {
                throw new FormatException(out, "the output would overwrite the source; choose another destination");
            }
        }
        if (Files.isDirectory(layout.dir())) {
            try (Stream<Path> files = Files.list(layout.dir())) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    String n = p.getFileName().toString();
                    if (n.startsWith(layout.stem() + "-") && n.endsWith(layout.extension()) && isSource(p, sources)) {
                        throw new FormatException(p, "sharded output would overwrite a source shard; "
                                + "choose another destination");
                    }
                }
            }
        }
    }

    private static ConversionResult run(TensorReader reader, Layout layout, TargetFormat format, ConvertOptions options,
                                        ProgressListener progress, ConversionWarnings warnings) throws IOException {
        Map<String, String> aliasOf = new LinkedHashMap<>();
        for (List<String> tied : reader.aliases()) {
            List<String> group = TiedNames.keepFirst(tied);
            for (int i = 1; i < group.size(); i++) {
                aliasOf.put(group.get(i), group.get(0));
            }
        }
        for (String name : options.tensorDTypes().keySet()) {
            reader.info(name); // fails clearly on a misspelt name
        }
        Function<String, DType> cast = name -> options.dtypeFor(aliasOf.getOrDefault(name, name));
        if (options.dtype() != null) {
            List<String> kept = reader.tensors().stream().filter(t -> t.dtype().isFloatingPoint()
                    && CastData.castedType(t.dtype(), options.dtype()) == t.dtype() && t.dtype() != options.dtype())
                    .map(t -> t.name() + " (" + t.dtype() + ")").toList();
            if (!kept.isEmpty()) {
                warnings.add(Converter.class, "--dtype casts F32, F16 and BF16 tensors; {} other floating-point"
                        + " tensor(s) are kept as they are: {}{}", kept.size(),
                        String.join(", ", kept.subList(0, Math.min(5, kept.size()))), kept.size() > 5 ? ", ..." : "");
            }
        }
        List<TensorInfo> plan = new ArrayList<>();
        TorchLayout torch = null;
        if (format == TargetFormat.PYTORCH) {
            torch = TorchLayout.plan(reader, aliasOf, cast, warnings);
            plan.addAll(TorchLayout.infos(torch.units()));
        } else {
            for (TensorInfo t : reader.tensors()) {
                if (!aliasOf.containsKey(t.name())) {
                    plan.add(new TensorInfo(t.name(), CastData.castedType(t.dtype(), cast.apply(t.name())), t.shape()));
                }
            }
        }
        List<String> dropped = new ArrayList<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        if (format == TargetFormat.SAFETENSORS) {
            dropped.addAll(aliasOf.keySet());
            for (Map.Entry<String, String> a : aliasOf.entrySet()) {
                log().info("'{}' shares its storage with '{}'; safetensors keeps only '{}' (as transformers does)",
                        a.getKey(), a.getValue(), a.getValue());
            }
            if (reader.format().equals("safetensors")) {
                reader.metadata().forEach((k, v) -> {
                    if (v instanceof String s) {
                        metadata.put(k, s);
                    }
                });
            }
            metadata.putIfAbsent("format", "pt");
        }
        long total = 0;
        for (TensorInfo t : plan) {
            total += t.byteSize();
        }
        // split as huggingface_hub splits the state dict: PyTorch output in source order (as torch.load gives it;
        // within each file, names sharing an earlier storage last: TorchLayout.views);
        // safetensors output in the order transformers 5's save_pretrained gives it (DotNaturalOrder);
        // safetensors then sorts each file its own way
        // (one safetensors file is in its own order whatever the input's: only a split needs the sort)
        ShardPlanner.Plan split = ShardPlanner.plan(torch != null ? torch.shardItems()
                : (options.maxShardSize() > 0 ? DotNaturalOrder.sort(plan) : plan).stream()
                        .map(ShardPlanner.Item::of).toList(), options.maxShardSize());
        List<List<TensorInfo>> shards = split.shards();
        if (format == TargetFormat.SAFETENSORS) {
            shards = shards.stream().map(SafetensorsWriter::canonicalOrder).toList();
        }
        List<Path> files = new ArrayList<>();
        long[] done = {0};
        TorchLayout layoutOfTorch = torch;
        Function<Path, VerifiedOutput.Check> verification = output -> () -> Verifier.verify(reader, output, cast,
                format == TargetFormat.SAFETENSORS ? Map.of() : aliasOf,
                format == TargetFormat.SAFETENSORS ? aliasOf : Map.of(),
                layoutOfTorch == null ? List.of() : layoutOfTorch.sharedGroups());
        if (shards.size() == 1) {
            writeShard(reader, layout.single(), layout.namedAs(layout.single()), format, shards.get(0), torch, metadata,
                    cast, progress, done, total);
            files.add(layout.single());
            if (options.verify()) {
                VerifiedOutput.verifyOrRemove(files, verification.apply(layout.single()));
            }
        } else {
            Files.createDirectories(layout.dir());
            Path temp = Files.createTempDirectory(layout.dir(), OutputPaths.TEMP_PREFIX);
            try {
                Map<String, String> weightMap = new LinkedHashMap<>();
                List<String> names = new ArrayList<>();
                for (int i = 0; i < shards.size(); i++) {
                    String name = ShardPlanner.shardName(layout.stem(), layout.extension(), i, shards.size());
                    names.add(name);
                    if (torch != null) {
                        for (StorageView v : torch.views(torch.unitsOf(shards.get(i)))) {
                            weightMap.put(v.name(), name);
                        }
                    } else {
                        for (TensorInfo t : shards.get(i)) {
                            weightMap.put(t.name(), name);
                        }
                    }
                    writeShard(reader, temp.resolve(name), layout.namedAs(layout.dir().resolve(name)), format,
                            shards.get(i), torch, metadata, cast,
                            progress, done, total);
                }
                long parameters = torch != null ? torch.parameterCount()
                        : plan.stream().mapToLong(TensorInfo::numel).sum();
                // the index is written beside the shards first: nothing in the folder (an earlier checkpoint's
                // same-named shards) is touched unless the whole new checkpoint is ready to be put in place
                String index = layout.index().getFileName().toString();
                ShardIndex.write(temp.resolve(index), weightMap, split.totalSize(), parameters);
                List<String> all = new ArrayList<>(names);
                all.add(index);
                // --verify reads the files in place, before the earlier ones they replace are deleted: a failed
                // check removes them and puts the earlier checkpoint back
                List<Path> placed = all.stream().map(layout.dir()::resolve).toList();
                VerifiedOutput.Check check = options.verify()
                        ? () -> VerifiedOutput.verifyOrRemove(placed, verification.apply(layout.index())) : () -> { };
                files.addAll(ShardCommit.commit(temp, layout.dir(), all, warnings, check));
            } catch (IOException | RuntimeException e) {
                // no partial output: ShardCommit took back what it had put in place, and the temporary folder goes
                if (OutputPaths.deleteTree(temp) != null) {
                    FailureNotes.rethrow(e, FailureNotes.notRemoved(List.of(temp)));
                }
                throw e;
            }
            IOException kept = OutputPaths.deleteTree(temp);
            if (kept != null) {
                warnings.add(Converter.class, "could not remove temporary folder {}: {}", temp, kept.toString());
            }
        }
        // only once the new checkpoint is verified: a failed --verify leaves an earlier one of another layout whole
        removeStaleOutput(layout, files, reader, warnings);
        boolean verified = options.verify();
        // PyTorch output: every name written, views sharing one storage included (the plan has one unit per storage)
        int written = torch != null ? torch.units().stream().mapToInt(u -> u.views().size()).sum() : plan.size();
        return new ConversionResult(List.copyOf(files), written, total, List.copyOf(dropped), verified);
    }

    private static void writeShard(TensorReader reader, Path target, Path namedAs, TargetFormat format,
                                   List<TensorInfo> plan,
                                   TorchLayout torch, Map<String, String> metadata, Function<String, DType> cast,
                                   ProgressListener progress, long[] done, long total) throws IOException {
        if (torch != null) {
            List<TorchLayout.Unit> units = torch.unitsOf(plan);
            try (TensorWriter writer = TorchZipWriter.create(target, namedAs, plan, torch.views(units))) {
                for (TorchLayout.Unit u : units) {
                    writer.write(torch.data(u));
                    done[0] += u.info().byteSize();
                    progress.progress(u.info().name(), done[0], total);
                }
                writer.finish();
            }
            return;
        }
        List<TensorData> sources = new ArrayList<>(plan.size());
        for (TensorInfo t : plan) {
            sources.add(CastData.wrap(reader.data(t.name()), cast.apply(t.name())));
        }
        try (TensorWriter writer = SafetensorsWriter.create(target, plan, metadata, sources)) {
            for (int i = 0; i < plan.size(); i++) {
                TensorInfo t = plan.get(i);
                writer.write(sources.get(i));
                done[0] += t.byteSize();
                progress.progress(t.name(), done[0], total);
            }
            writer.finish();
        }
    }

}
