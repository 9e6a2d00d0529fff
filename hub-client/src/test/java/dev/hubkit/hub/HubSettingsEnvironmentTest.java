package dev.hubkit.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkit.hub.cache.HubCache;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The environment read as huggingface_hub 2.0's {@code constants.py} and {@code get_token} read it. */
class HubSettingsEnvironmentTest {

    @TempDir
    Path tmp;

    private HubSettings env(String... kv) {
        Map<String, String> m = new HashMap<>();
        m.put("HF_HOME", tmp.resolve("home").toString());
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return HubSettings.fromEnvironment(m);
    }

    @Test
    void transformersOfflineCountsOnlyWithoutHfHubOffline() {
        assertThat(env("TRANSFORMERS_OFFLINE", "1").offline()).isTrue();
        assertThat(env("HF_HUB_OFFLINE", "", "TRANSFORMERS_OFFLINE", "yes").offline()).isTrue();
        assertThat(env("HF_HUB_OFFLINE", "0", "TRANSFORMERS_OFFLINE", "1").offline()).isFalse();
        assertThat(env("HF_HUB_OFFLINE", "true").offline()).isTrue();
        assertThat(env("HF_HUB_OFFLINE", "On").offline()).isTrue();
        // _is_true does not strip
        assertThat(env("HF_HUB_OFFLINE", " 1").offline()).isFalse();
        assertThat(env("HF_HUB_OFFLINE", "1 ").offline()).isFalse();
        assertThat(env("HF_HUB_OFFLINE", "2").offline()).isFalse();
    }

    @Test
    void xdgCacheHomeIsExpandedLikeTheOtherPaths() {
        Map<String, String> m = new HashMap<>(Map.of("XDG_CACHE_HOME", "$BASE/xdg", "BASE", tmp.toString()));
        assertThat(HubSettings.fromEnvironment(m).cacheDir()).isEqualTo(tmp.resolve("xdg/huggingface/hub"));
        m = new HashMap<>(Map.of("XDG_CACHE_HOME", "~/xdg", "HOME", tmp.toString()));
        assertThat(HubSettings.fromEnvironment(m).cacheDir()).isEqualTo(tmp.resolve("xdg/huggingface/hub"));
    }

    @Test
    void defaultCacheFollowsHomeAsExpanduserDoes() {
        Map<String, String> m = new HashMap<>(Map.of("HOME", tmp.toString()));
        assertThat(HubSettings.fromEnvironment(m).cacheDir()).isEqualTo(tmp.resolve(".cache/huggingface/hub"));
        m.put("HOME", "");
        assertThat(HubSettings.fromEnvironment(m).cacheDir())
                .isEqualTo(Path.of(System.getProperty("user.home"), ".cache/huggingface/hub"));
    }

    @Test
    void implicitTokenCanBeDisabledAndTokensAreCleaned() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Files.writeString(home.resolve("token"), "hf_file\r\n");
        assertThat(env().token()).isEqualTo("hf_file");
        assertThat(env("HF_TOKEN", "hf_env").token()).isEqualTo("hf_env");
        assertThat(env("HF_HUB_DISABLE_IMPLICIT_TOKEN", "1").token()).isNull();
        assertThat(env("HF_HUB_DISABLE_IMPLICIT_TOKEN", "1", "HF_TOKEN", "hf_env").token()).isNull();
        assertThat(env("HF_HUB_DISABLE_IMPLICIT_TOKEN", "1").withToken("hf_given").token()).isEqualTo("hf_given");
        // a blank HF_TOKEN hides HUGGING_FACE_HUB_TOKEN (Python's `or` sees a non-empty string), then the file
        assertThat(env("HF_TOKEN", " ", "HUGGING_FACE_HUB_TOKEN", "hf_old").token()).isEqualTo("hf_file");
        assertThat(env("HF_TOKEN", "", "HUGGING_FACE_HUB_TOKEN", "hf_old").token()).isEqualTo("hf_old");
        assertThat(env("HF_TOKEN", "hf_a\nb").token()).isEqualTo("hf_ab");
    }

    @Test
    void cacheRootIsResolvedThroughSymlinksAsPathResolve() throws Exception {
        Path real = Files.createDirectories(tmp.resolve("real/inner"));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), real);
        assertThat(new HubCache(link.resolve("hub")).root()).isEqualTo(real.toRealPath().resolve("hub"));
        // '..' after a link leaves the link's target, as os.path.realpath
        assertThat(HubCache.resolveAsPython(link.resolve("../x"))).isEqualTo(real.toRealPath().getParent().resolve("x"));
        assertThat(HubCache.resolveAsPython(tmp.resolve("missing/../real/./inner")))
                .isEqualTo(real.toRealPath());
    }

    /**
     * As {@code get_token}: only a missing token file means no token; one that cannot be read (here a folder, and
     * bytes that are not UTF-8 text, which fail for root too) is an error naming it, never a request without it.
     */
    @Test
    void aTokenFileThatCannotBeReadIsAnErrorNotAMissingToken() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        assertThat(env().token()).isNull();
        Path token = home.resolve("token");
        Files.write(token, new byte[]{(byte) 0xff, (byte) 0xfe, 'h', 'f'});
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> env())
                .isInstanceOf(HubException.class)
                .hasMessageContaining("cannot read the token file " + token)
                .hasMessageContaining("not valid UTF-8 text")
                .message().doesNotContain("Exception");
        Files.delete(token);
        Files.createDirectories(token);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> env()).isInstanceOf(HubException.class)
                .hasMessageContaining(token.toString());
        // a given token, or none asked for, does not read the file; nor does finding the cache
        assertThat(env("HF_TOKEN", "hf_env").token()).isEqualTo("hf_env");
        assertThat(env("HF_HUB_DISABLE_IMPLICIT_TOKEN", "1").token()).isNull();
        assertThat(HubSettings.cacheDirFromEnvironment(Map.of("HF_HOME", home.toString()))).isEqualTo(home.resolve("hub"));
    }
}
