package dev.hubkit.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HubQuickstartTest {

    @TempDir
    Path tmp;

    @Test
    void servesAndDownloadsAFolder() throws Exception {
        Path model = tmp.resolve("model");
        Files.createDirectories(model);
        Files.writeString(model.resolve("config.json"), "{\"model_type\":\"bert\"}");
        Files.write(model.resolve("model.safetensors"), Fixtures.random(5000, 3));
        HubQuickstart.Result r = HubQuickstart.run(model, "hubkit/tiny", tmp.resolve("work"));
        assertThat(r.repoId()).isEqualTo("hubkit/tiny");
        assertThat(r.commit()).matches("[0-9a-f]{40}");
        assertThat(r.endpoint().getHost()).isEqualTo("127.0.0.1");
        assertThat(r.files()).containsExactly(new HubQuickstart.FileEntry("config.json", 21),
                new HubQuickstart.FileEntry("model.safetensors", 5000));
        assertThat(r.snapshot()).isEqualTo(tmp.resolve("work/cache/models--hubkit--tiny/snapshots/" + r.commit()));
        // same content, same commit
        assertThat(HubQuickstart.run(model, "hubkit/tiny", tmp.resolve("work2")).commit()).isEqualTo(r.commit());
    }
}
