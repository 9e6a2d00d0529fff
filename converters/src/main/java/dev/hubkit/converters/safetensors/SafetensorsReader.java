package dev.hubkit.converters.safetensors;

import dev.hubkit.converters.FileRegionData;
import dev.hubkit.converters.FormatException;
import dev.hubkit.converters.TensorData;
import dev.hubkit.converters.TensorReader;
import dev.hubkit.core.tensor.TensorInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a single {@code .safetensors} file; tensor bytes are memory-mapped views of the file. */
public final class SafetensorsReader implements TensorReader {
    private final Path path;
    private final FileChannel channel;
    private final SafetensorsHeader header;
    private final Map<String, SafetensorsHeader.Entry> byName = new LinkedHashMap<>();

    private SafetensorsReader(Path path, FileChannel channel, SafetensorsHeader header) {
        this.path = path;
        this.channel = channel;
        this.header = header;
        for (SafetensorsHeader.Entry e : header.entries()) {
            byName.put(e.info().name(), e);
        }
    }

    /** Opens and validates {@code path}. */
    public static SafetensorsReader open(Path path) {
        FileChannel channel = null;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
            SafetensorsHeader header = SafetensorsHeader.read(path, channel, channel.size());
            return new SafetensorsReader(path, channel, header);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("reading " + path, e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // already failing
            }
        }
    }

    /** The validated header. */
    public SafetensorsHeader header() {
        return header;
    }

    @Override
    public String format() {
        return "safetensors";
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public List<TensorInfo> tensors() {
        List<TensorInfo> out = new ArrayList<>(byName.size());
        for (SafetensorsHeader.Entry e : header.entries()) {
            out.add(e.info());
        }
        return out;
    }

    @Override
    public TensorInfo info(String name) {
        return entry(name).info();
    }

    private SafetensorsHeader.Entry entry(String name) {
        SafetensorsHeader.Entry e = byName.get(name);
        if (e == null) {
            throw new FormatException(path, "no tensor named '" + name + "'");
        }
        return e;
    }

    @Override
    public TensorData data(String name) {
        SafetensorsHeader.Entry e = entry(name);
        return new FileRegionData(e.info(), path, channel, e.offset(), false);
    }

    @Override
    public Map<String, Object> metadata() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(header.metadata()));
    }

    @Override
    public List<List<String>> aliases() {
        return List.of();
    }

    @Override
    public void close() {
        closeQuietly(channel);
    }
}
