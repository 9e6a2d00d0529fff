package dev.hubkit.converters;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubkit.converters.convert.ConvertOptions;
import dev.hubkit.converters.convert.Converter;
import dev.hubkit.converters.convert.Inspection;
import dev.hubkit.converters.convert.Inspector;
import dev.hubkit.converters.convert.ProgressListener;
import dev.hubkit.converters.convert.TargetFormat;
import dev.hubkit.converters.safetensors.SafetensorsWriter;
import dev.hubkit.core.tensor.DType;
import dev.hubkit.core.tensor.TensorInfo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Assumptions;

/**
 * What hubkit writes, real torch (Debian python3-torch, {@code torch.load(weights_only=True)}) reads
 * with identical values and shared storages; hubkit's casts equal torch's {@code .to(dtype)} bit for
 * bit. Skipped when {@code /usr/bin/python3 -c "import torch"} fails.
 */
public class TorchInteropTest {
    private static final String PYTHON = "/usr/bin/python3";

    @TempDir
    Path tmp;

    @BeforeAll
    static void needsTorch() {
        Assumptions.assumeTrue(torchAvailable(), "python3-torch is not installed (apt-get install python3-torch)");
    }

    /** Whether /usr/bin/python3 can import torch (the interop tests that need it are skipped otherwise). */
    public static boolean torchAvailable() {
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import torch").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs torch once on several "mode:path[:cast]" specs (importing torch is slow); one result per spec. */
    private List<JsonNode> torch(String... specs) throws Exception {
        Path script = tmp.resolve("torch_load.py");
        if (!Files.exists(script)) {
            Files.copy(getClass().getResourceAsStream("/interop/torch_load.py"), script);
        }
        List<String> cmd = new java.util.ArrayList<>(List.of(PYTHON, script.toString()));
        cmd.addAll(List.of(specs));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("torch failed on " + List.of(specs) + ": " + out).isZero();
        List<JsonNode> results = new java.util.ArrayList<>();
        new ObjectMapper().readTree(out).forEach(results::add);
        return results;
    }

    private static String spec(String mode, Path file, String cast) {
        return mode + ":" + file + (cast == null ? "" : ":" + cast);
    }

    private static Map<String, String> fromTorch(JsonNode tensors) {
        Map<String, String> m = new HashMap<>();
        tensors.properties().forEach(e -> m.put(e.getKey(), e.getValue().get("dtype").asText()
                + e.getValue().get("shape").toString().replace(",", ", ") + e.getValue().get("sha256").asText()));
        return m;
    }

    private static Map<String, String> fromHubkit(Inspection i) {
        Map<String, String> m = new HashMap<>();
        for (Inspection.Tensor t : i.tensors()) {
            m.put(t.name(), t.dtype() + java.util.Arrays.toString(t.shape()) + t.sha256());
        }
        return m;
    }

    @Test
    void torchLoadsWhatHubkitWritesWithSharedStorageKept() throws Exception {
        List<String> fixtures = List.of("zip_mixed.pt", "legacy_mixed.pt", "big_endian.pt", "training.pt",
                "complex.pt", "complex_legacy.pt");
        List<String> specs = new java.util.ArrayList<>();
        for (String fixture : fixtures) {
            Path out = tmp.resolve(fixture + ".bin");
            Converter.convert(Fixtures.file(fixture), out, new ConvertOptions(TargetFormat.PYTORCH, null, 0, true),
                    ProgressListener.none());
            specs.add(spec("pt", out, null));
        }
        List<JsonNode> results = torch(specs.toArray(String[]::new));
        for (int i = 0; i < fixtures.size(); i++) {
            String fixture = fixtures.get(i);
            JsonNode seen = results.get(i);
            assertThat(fromTorch(seen)).as(fixture).isEqualTo(fromHubkit(Inspector.inspect(Fixtures.file(fixture))));
            if (fixture.endsWith("_mixed.pt") || fixture.equals("big_endian.pt")) {
                assertSharing(fixture, seen);
            }
        }
    }

    /** The fixture's tied weights and its four views of one storage load in torch sharing memory, as saved. */
    private static void assertSharing(String what, JsonNode seen) {
        long embed = seen.at("/embed.weight/storage").asLong();
        assertThat(seen.at("/lm_head.weight/storage").asLong()).as(what + ": tied weights").isEqualTo(embed);
        long base = seen.at("/base/storage").asLong();
        assertThat(base).as(what).isNotEqualTo(embed);
        for (String view : List.of("transposed", "row_slice", "col_slice")) {
            assertThat(seen.at("/" + view + "/storage").asLong()).as(what + ": " + view + " shares base's storage")
                    .isEqualTo(base);
        }
        assertThat(seen.at("/transposed/stride").toString()).as(what).isEqualTo("[1,5]");
        assertThat(seen.at("/row_slice/offset").asLong()).as(what).isEqualTo(5);
        assertThat(seen.at("/col_slice/offset").asLong()).as(what).isEqualTo(1);
        assertThat(seen.at("/col_slice/stride").toString()).as(what).isEqualTo("[5,1]");
    }

    @Test
    void castAndShardedPyTorchOutputKeepsSharing() throws Exception {
        Path cast = tmp.resolve("bf16.bin");
        Converter.convert(Fixtures.file("zip_mixed.pt"), cast, new ConvertOptions(TargetFormat.PYTORCH, DType.BF16, 0,
                true), ProgressListener.none());
        Path dir = tmp.resolve("shared-shards");
        Converter.convert(Fixtures.file("legacy_mixed.pt"), dir, new ConvertOptions(TargetFormat.PYTORCH, null, 100,
                true), ProgressListener.none());
        List<String> specs = new java.util.ArrayList<>(List.of(spec("pt", cast, null)));
        String baseShard = new ObjectMapper().readTree(dir.resolve("pytorch_model.bin.index.json").toFile())
                .at("/weight_map/base").asText();
        for (String view : List.of("transposed", "row_slice", "col_slice")) {
            assertThat(new ObjectMapper().readTree(dir.resolve("pytorch_model.bin.index.json").toFile())
                    .at("/weight_map/" + view).asText()).isEqualTo(baseShard);
        }
        specs.add(spec("pt", dir.resolve(baseShard), null));
        List<JsonNode> results = torch(specs.toArray(String[]::new));
        JsonNode bf16 = results.get(0);
        assertSharing("bf16 cast", bf16);
        assertThat(bf16.at("/base/dtype").asText()).isEqualTo("BF16");
        assertThat(bf16.at("/i64/dtype").asText()).isEqualTo("I64");
        Map<String, String> castExpected = fromTorch(torch(spec("pt", Fixtures.file("zip_mixed.pt"), "bfloat16")).get(0));
        assertThat(fromTorch(bf16)).isEqualTo(castExpected);
        JsonNode shard = results.get(1);
        long base = shard.at("/base/storage").asLong();
        for (String view : List.of("transposed", "row_slice", "col_slice")) {
            assertThat(shard.at("/" + view + "/storage").asLong()).as(view).isEqualTo(base);
        }
    }

    @Test
    void torchReadsHubkitSafetensorsAndShards() throws Exception {
        Path st = tmp.resolve("mixed.safetensors");
        Converter.convert(Fixtures.file("zip_mixed.pt"), st, new ConvertOptions(null, null, 0, true),
                ProgressListener.none());
        Map<String, String> expected = fromHubkit(Inspector.inspect(Fixtures.file("zip_mixed.pt")));
        expected.remove("lm_head.weight");

        Path dir = tmp.resolve("shards");
        Converter.convert(Fixtures.file("zip_mixed.pt"), dir, new ConvertOptions(TargetFormat.PYTORCH, null, 150, true),
                ProgressListener.none());
        List<String> specs = new java.util.ArrayList<>(List.of(spec("st", st, null)));
        try (var files = Files.list(dir)) {
            for (Path shard : files.filter(p -> p.toString().endsWith(".bin")).toList()) {
                specs.add(spec("pt", shard, null));
            }
        }
        assertThat(specs.size()).isGreaterThan(2);
        List<JsonNode> results = torch(specs.toArray(String[]::new));
        assertThat(fromTorch(results.get(0))).isEqualTo(expected);
        Map<String, String> all = new HashMap<>();
        for (JsonNode shard : results.subList(1, results.size())) {
            all.putAll(fromTorch(shard));
        }
        assertThat(all).isEqualTo(fromHubkit(Inspector.inspect(Fixtures.file("zip_mixed.pt"))));
    }

    @Test
    void castsMatchTorchBitForBit() throws Exception {
        Path src = tmp.resolve("random.safetensors");
        writeRandomFloats(src);
        List<String> specs = new java.util.ArrayList<>();
        List<Path> outputs = new java.util.ArrayList<>();
        for (String cast : List.of("float16", "bfloat16")) {
            DType target = cast.equals("float16") ? DType.F16 : DType.BF16;
            Path out = tmp.resolve("cast-" + cast + ".safetensors");
            Converter.convert(src, out, new ConvertOptions(null, target, 0, true), ProgressListener.none());
            Path back = tmp.resolve("back-" + cast + ".safetensors");
            Converter.convert(out, back, new ConvertOptions(null, DType.F32, 0, true), ProgressListener.none());
            specs.add(spec("st", src, cast));
            outputs.add(out);
            specs.add(spec("st", out, "float32"));
            outputs.add(back);
        }
        Path bf = tmp.resolve("cast-bfloat16.safetensors");
        Path f16 = tmp.resolve("bf-to-f16.safetensors");
        Converter.convert(bf, f16, new ConvertOptions(null, DType.F16, 0, true), ProgressListener.none());
        specs.add(spec("st", bf, "float16"));
        outputs.add(f16);
        Path pt = tmp.resolve("random.bin");
        Converter.convert(src, pt, new ConvertOptions(TargetFormat.PYTORCH, null, 0, true), ProgressListener.none());
        specs.add(spec("pt", pt, null));
        outputs.add(src);
        List<JsonNode> results = torch(specs.toArray(String[]::new));
        for (int i = 0; i < specs.size(); i++) {
            assertThat(fromHubkit(Inspector.inspect(outputs.get(i)))).as(specs.get(i))
                    .isEqualTo(fromTorch(results.get(i)));
        }
    }

    /** Random bit patterns (all exponents, subnormals, infinities; NaN left out: torch's NaN payloads vary) plus ties. */
    private static void writeRandomFloats(Path file) throws IOException {
        Random r = new Random(42);
        int n = 300_000; // over 1 MiB: the PyTorch writer copies it in the kernel and sums it on another thread
        ByteBuffer a = ByteBuffer.allocate(n * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            float f;
            do {
                f = Float.intBitsToFloat(r.nextInt());
            } while (Float.isNaN(f));
            a.putFloat(f);
        }
        a.flip();
        ByteBuffer b = ByteBuffer.allocate(n * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            // values exactly halfway between representable halves/bfloat16s, and around the f16 range limits
            int bits = (r.nextInt(0x8F) << 23) | (r.nextInt(1 << 10) << 13) | (1 << 12) | (r.nextBoolean() ? 0x8000 : 0);
            float f = Float.intBitsToFloat(bits | (r.nextBoolean() ? 0x80000000 : 0));
            b.putFloat(r.nextInt(10) == 0 ? (float) (r.nextGaussian() * 70000) : f);
        }
        b.flip();
        List<TensorInfo> plan = List.of(new TensorInfo("bits", DType.F32, new long[] {n}),
                new TensorInfo("ties", DType.F32, new long[] {600, 500}));
        try (SafetensorsWriter w = SafetensorsWriter.create(file, plan, Map.of("format", "pt"))) {
            w.write(new HeapData(plan.get(0), a));
            w.write(new HeapData(plan.get(1), b));
            w.finish();
        }
    }
}
