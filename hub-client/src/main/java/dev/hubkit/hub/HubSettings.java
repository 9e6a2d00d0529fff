package dev.hubkit.hub;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Client settings, read from the environment the way huggingface_hub reads them
 * ({@code HF_ENDPOINT}, {@code HF_HOME}, {@code XDG_CACHE_HOME}, {@code HF_HUB_CACHE}, {@code HF_HUB_OFFLINE}
 * or else {@code TRANSFORMERS_OFFLINE}, {@code HF_TOKEN}, {@code HF_TOKEN_PATH}, {@code $HF_HOME/token},
 * {@code HF_HUB_DISABLE_IMPLICIT_TOKEN}, {@code HF_HUB_DISABLE_SYMLINKS}); every field can be overridden.
 *
 * @param endpoint        hub base URL without trailing slash
 * @param cacheDir        the hub cache ({@code $HF_HUB_CACHE}, default {@code $HF_HOME/hub})
 * @param token           access token or null; never printed
 * @param offline         never touch the network, answer from the cache only
 * @param connectTimeout  TCP connect timeout
 * @param readTimeout     socket read timeout (a stalled body fails after this)
 * @param maxRetries      retries on connection errors, 5xx and 429
 * @param initialBackoff  first retry delay (doubles, with jitter)
 * @param maxBackoff      upper bound of one retry delay
 * @param chunkThreshold  files at least this big are fetched in parallel ranged chunks
 * @param chunkSize       size of one chunk
 * @param chunkWorkers    parallel chunk downloads per file
 * @param symlinks        link snapshot files to their blobs; false ({@code HF_HUB_DISABLE_SYMLINKS}) puts real
 *                        files in {@code snapshots/} instead, as huggingface_hub does
 */
public record HubSettings(String endpoint, Path cacheDir, String token, boolean offline,
                          Duration connectTimeout, Duration readTimeout, int maxRetries,
                          Duration initialBackoff, Duration maxBackoff,
                          long chunkThreshold, long chunkSize, int chunkWorkers, boolean symlinks) {

    /** The public hub. */
    public static final String DEFAULT_ENDPOINT = "https://huggingface.co";
    private static final Set<String> TRUE = Set.of("1", "ON", "YES", "TRUE");

    public HubSettings {
        if (endpoint == null || endpoint.isBlank()) {
            endpoint = DEFAULT_ENDPOINT;
        }
        endpoint = endpoint.strip();
        while (endpoint.endsWith("/")) {
            endpoint = endpoint.substring(0, endpoint.length() - 1);
        }
        if (!endpoint.startsWith("http://") && !endpoint.startsWith("https://")) {
            throw new HubException("hub endpoint '" + endpoint + "' is not an http(s) URL: set HF_ENDPOINT or --endpoint "
                    + "to something like https://huggingface.co");
        }
        if (cacheDir == null) {
            throw new HubException("no hub cache folder: set HF_HUB_CACHE or HF_HOME, or pass a cache dir");
        }
        if (token != null && token.isBlank()) {
            token = null;
        }
        if (token != null) {
            token = token.strip();
        }
        if (maxRetries < 0 || chunkWorkers < 1 || chunkSize < 1) {
            throw new HubException("invalid hub settings: retries must be >= 0, chunk workers and size >= 1");
        }
    }

    /** Settings that link snapshot files to their blobs. */
    public HubSettings(String endpoint, Path cacheDir, String token, boolean offline, Duration connectTimeout,
                       Duration readTimeout, int maxRetries, Duration initialBackoff, Duration maxBackoff,
                       long chunkThreshold, long chunkSize, int chunkWorkers) {
        this(endpoint, cacheDir, token, offline, connectTimeout, readTimeout, maxRetries, initialBackoff, maxBackoff,
                chunkThreshold, chunkSize, chunkWorkers, true);
    }

    /** Settings from this process's environment. */
    public static HubSettings fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /**
     * Settings from the given environment map (testable).
     *
     * @throws HubException when the token file is there but cannot be read, as {@code get_token} raises then
     */
    public static HubSettings fromEnvironment(Map<String, String> env) {
        Path home = hfHome(env);
        Path cacheDir = cacheDirFromEnvironment(env);
        String token = null;
        if (!isTrue(env.get("HF_HUB_DISABLE_IMPLICIT_TOKEN"))) {
            // get_token(): HF_TOKEN, else HUGGING_FACE_HUB_TOKEN (the first non-empty one, cleaned), else the file
            token = cleanToken(or(env.get("HF_TOKEN"), env.get("HUGGING_FACE_HUB_TOKEN")));
            if (token == null) {
                String tp = env.get("HF_TOKEN_PATH");
                token = readToken(tp != null && !tp.isBlank() ? Path.of(expandPath(tp, env)) : home.resolve("token"));
            }
        }
        // constants.py: _is_true(HF_HUB_OFFLINE or TRANSFORMERS_OFFLINE)
        boolean offline = isTrue(or(env.get("HF_HUB_OFFLINE"), env.get("TRANSFORMERS_OFFLINE")));
        return new HubSettings(env.get("HF_ENDPOINT"), cacheDir, token, offline,
                Duration.ofSeconds(10), Duration.ofSeconds(30), 5, Duration.ofMillis(500), Duration.ofSeconds(20),
                64L << 20, 16L << 20, 4, !isTrue(env.get("HF_HUB_DISABLE_SYMLINKS")));
    }

    /**
     * The hub cache folder this process's environment names ({@code HF_HUB_CACHE}, else {@code HF_HOME/hub}, ...),
     * for commands that read only the cache: unlike {@link #fromEnvironment()}, it reads no token.
     */
    public static Path cacheDirFromEnvironment() {
        return cacheDirFromEnvironment(System.getenv());
    }

    /** {@link #cacheDirFromEnvironment()} from the given environment map (testable). */
    public static Path cacheDirFromEnvironment(Map<String, String> env) {
        String cache = env.get("HF_HUB_CACHE");
        if (cache == null || cache.isBlank()) {
            cache = env.get("HUGGINGFACE_HUB_CACHE");
        }
        return cache != null && !cache.isBlank() ? Path.of(expandPath(cache, env)) : hfHome(env).resolve("hub");
    }

    /** Defaults for a given endpoint and cache folder, ignoring the environment. */
    public static HubSettings of(String endpoint, Path cacheDir) {
        return new HubSettings(endpoint, cacheDir, null, false, Duration.ofSeconds(10), Duration.ofSeconds(30), 5,
                Duration.ofMillis(500), Duration.ofSeconds(20), 64L << 20, 16L << 20, 4);
    }

    static Path hfHome(Map<String, String> env) {
        String home = env.get("HF_HOME");
        if (home != null && !home.isBlank()) {
            return Path.of(expandPath(home, env));
        }
        String xdg = env.get("XDG_CACHE_HOME");
        if (xdg == null || xdg.isBlank()) {
            return Path.of(userHome(env), ".cache", "huggingface");
        }
        // the default of HF_HOME goes through expanduser/expandvars too
        return Path.of(expandPath(xdg + "/huggingface", env));
    }

    /** Python's {@code os.path.expanduser("~")}: {@code $HOME} when set and not empty, else the JVM's user home. */
    static String userHome(Map<String, String> env) {
        String home = env.get("HOME");
        return home != null && !home.isEmpty() ? home : System.getProperty("user.home");
    }

    /** Python's {@code a or b} on two environment values: {@code a} unless it is unset or empty. */
    private static String or(String a, String b) {
        return a != null && !a.isEmpty() ? a : b;
    }

    /** {@code _clean_token}: CR and LF removed, stripped; null when nothing is left. */
    private static String cleanToken(String t) {
        if (t == null) {
            return null;
        }
        String c = t.replace("\r", "").replace("\n", "").strip();
        return c.isEmpty() ? null : c;
    }

    /** {@code $NAME} or {@code ${NAME}} in a path setting, as Python's {@code os.path.expandvars} sees them. */
    private static final java.util.regex.Pattern VARIABLE = java.util.regex.Pattern.compile("\\$(\\w+|\\{[^}]*})");

    /**
     * A path setting as huggingface_hub reads it, {@code os.path.expandvars(os.path.expanduser(p))}: a
     * leading {@code ~} becomes the home folder, then {@code $NAME} and {@code ${NAME}} the variable's
     * value where it is set (an unset one stays as written).
     */
    static String expandPath(String p, Map<String, String> env) {
        String s = p;
        if (s.equals("~") || s.startsWith("~/")) {
            s = userHome(env) + s.substring(1);
        }
        if (s.indexOf('$') < 0) {
            return s;
        }
        java.util.regex.Matcher m = VARIABLE.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            if (name.startsWith("{")) {
                name = name.substring(1, name.length() - 1);
            }
            String value = env.get(name);
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(value != null ? value : m.group()));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** {@code _is_true}: upper-cased (not stripped) one of 1, ON, YES, TRUE. */
    private static boolean isTrue(String v) {
        return v != null && TRUE.contains(v.toUpperCase(Locale.ROOT));
    }

    /**
     * The token saved in {@code file}, as {@code _get_token_from_file} reads it: none when the file does not exist;
     * any other failure to read it is an error (never a silent request without the token the user saved).
     */
    private static String readToken(Path file) {
        try {
            return cleanToken(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new HubException("cannot read the token file " + file + " (" + PlainReasons.of(e) + "): make it"
                    + " readable by this user, or delete it and log in again; HF_TOKEN, or"
                    + " HF_HUB_DISABLE_IMPLICIT_TOKEN=1 for no token, avoids reading it", e);
        }
    }

    public HubSettings withEndpoint(String v) {
        return new HubSettings(v, cacheDir, token, offline, connectTimeout, readTimeout, maxRetries,
                initialBackoff, maxBackoff, chunkThreshold, chunkSize, chunkWorkers, symlinks);
    }

    public HubSettings withCacheDir(Path v) {
        return new HubSettings(endpoint, v, token, offline, connectTimeout, readTimeout, maxRetries,
                initialBackoff, maxBackoff, chunkThreshold, chunkSize, chunkWorkers, symlinks);
    }

    public HubSettings withToken(String v) {
        return new HubSettings(endpoint, cacheDir, v, offline, connectTimeout, readTimeout, maxRetries,
                initialBackoff, maxBackoff, chunkThreshold, chunkSize, chunkWorkers, symlinks);
    }

    public HubSettings withOffline(boolean v) {
        return new HubSettings(endpoint, cacheDir, token, v, connectTimeout, readTimeout, maxRetries,
                initialBackoff, maxBackoff, chunkThreshold, chunkSize, chunkWorkers, symlinks);
    }

    public HubSettings withTimeouts(Duration connect, Duration read) {
        return new HubSettings(endpoint, cacheDir, token, offline, connect, read, maxRetries,
                initialBackoff, maxBackoff, chunkThreshold, chunkSize, chunkWorkers, symlinks);
    }

    public HubSettings withRetries(int retries, Duration initial, Duration max) {
        return new HubSettings(endpoint, cacheDir, token, offline, connectTimeout, readTimeout, retries,
                initial, max, chunkThreshold, chunkSize, chunkWorkers, symlinks);
    }

    /** With {@code false}, snapshot files are real files (moved or copied blobs), as with HF_HUB_DISABLE_SYMLINKS. */
    public HubSettings withSymlinks(boolean v) {
        return new HubSettings(endpoint, cacheDir, token, offline, connectTimeout, readTimeout, maxRetries,
                initialBackoff, maxBackoff, chunkThreshold, chunkSize, chunkWorkers, v);
    }

    public HubSettings withChunks(long threshold, long size, int workers) {
        return new HubSettings(endpoint, cacheDir, token, offline, connectTimeout, readTimeout, maxRetries,
                initialBackoff, maxBackoff, threshold, size, workers, symlinks);
    }

    /** The endpoint as messages show it: without a {@code user:password@} part. */
    public String endpointForDisplay() {
        return HubHttp.redact(java.net.URI.create(endpoint));
    }

    @Override
    public String toString() {
        return "HubSettings[endpoint=" + endpointForDisplay() + ", cacheDir=" + cacheDir + ", token=" + (token == null ? "none" : "***")
                + ", offline=" + offline + "]";
    }
}
