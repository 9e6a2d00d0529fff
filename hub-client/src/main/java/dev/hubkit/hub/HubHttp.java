package dev.hubkit.hub;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Transport: Apache HttpClient 5 with timeouts, system proxies, no automatic redirects or
 * decompression, retries with exponential backoff and jitter on connection errors, 5xx and 429
 * (honouring {@code Retry-After}), and the bearer token only ever sent to the endpoint's host.
 */
final class HubHttp implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(HubHttp.class);

    private final HubSettings settings;
    private final URI endpoint;
    private final CloseableHttpClient client;
    /**
     * Set when a request gave up because the host could not be reached at all (unknown host, refused,
     * connect timeout) after every retry; later requests of this client then fail on their first such
     * error instead of waiting through the backoff again (a tokenizer lookup asks for several files in
     * turn). Any response from the server clears it.
     */
    private volatile boolean hostDown;

    HubHttp(HubSettings settings) {
        this.settings = settings;
        this.endpoint = URI.create(settings.endpoint() + "/");
        Timeout connect = Timeout.of(settings.connectTimeout());
        Timeout read = Timeout.of(settings.readTimeout());
        PoolingHttpClientConnectionManager cm = PoolingHttpClientConnectionManagerBuilder.create()
                .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(connect).setSocketTimeout(read).build())
                // no fixed SO_RCVBUF: on Linux that switches off receive-buffer autotuning, and the
                // autotuned window (as curl and Python get) moves the same bytes with fewer, larger reads
                .setDefaultSocketConfig(SocketConfig.custom().setSoTimeout(read).build())
                .setMaxConnTotal(128).setMaxConnPerRoute(64).build();
        this.client = HttpClients.custom()
                .setConnectionManager(cm)
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableContentCompression()
                .disableCookieManagement()
                .useSystemProperties()
                .setUserAgent("hubkit/0.1; java/" + System.getProperty("java.version"))
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(read).build())
                .build();
    }

    URI endpoint() {
        return endpoint;
    }

    /** Whether a request to {@code url} may carry the token: same scheme, host and port as the endpoint. */
    boolean sameHost(URI url) {
        return url.getHost() != null && url.getHost().equalsIgnoreCase(endpoint.getHost())
                && port(url) == port(endpoint)
                && url.getScheme().equalsIgnoreCase(endpoint.getScheme());
    }

    private static int port(URI u) {
        if (u.getPort() >= 0) {
            return u.getPort();
        }
        return "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    /**
     * Sends a request, retrying transient failures, and returns the open response (the caller
     * closes it). Statuses other than 5xx/429 are returned as they are.
     */
    ClassicHttpResponse open(String method, URI url, Map<String, String> headers, HttpEntity body, String what) {
        return open(method, url, headers, body, what, false);
    }

    /**
     * Like {@link #open(String, URI, Map, HttpEntity, String)}; with {@code cacheCanAnswer}, a host
     * that cannot be reached at all (refused, unknown, connect timeout) fails at once instead of
     * being retried, because the caller has the answer in its cache (as huggingface_hub falls back
     * to the cache on connection errors).
     */
    ClassicHttpResponse open(String method, URI url, Map<String, String> headers, HttpEntity body, String what,
                             boolean cacheCanAnswer) {
        int attempt = 0;
        while (true) {
            // user:password@ in the endpoint (HF_ENDPOINT=http://u:p@mirror/) becomes basic authentication, as
            // Python's HTTP clients make it; the URL itself goes without it
            String userInfo = url.getRawUserInfo();
            URI target = userInfo == null ? url : withoutUserInfo(url);
            HttpUriRequestBase req = new HttpUriRequestBase(method, target);
            headers.forEach(req::setHeader);
            if (settings.token() != null && sameHost(target)) {
                req.setHeader("Authorization", "Bearer " + settings.token());
            } else if (userInfo != null) {
                req.setHeader("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                        java.net.URLDecoder.decode(userInfo.replace("+", "%2B"), StandardCharsets.UTF_8)
                                .getBytes(StandardCharsets.UTF_8)));
            }
            if (body != null) {
                req.setEntity(body);
            }
            long waitMs;
            String cause;
            boolean failFast = cacheCanAnswer || hostDown;
            boolean lastUnreachable = false;
            try {
                ClassicHttpResponse resp = client.executeOpen(null, req, null);
                hostDown = false;
                int code = resp.getCode();
                if (code < 500 && code != 429) {
                    return resp;
                }
                waitMs = retryAfterMs(resp);
                cause = "HTTP " + code;
                EntityUtils.consumeQuietly(resp.getEntity());
                resp.close();
            } catch (InterruptedIOException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new HubTransportException(what + " was interrupted", e);
                }
                if (failFast && unreachable(e)) {
                    throw new HubTransportException(what + " failed: connect timed out at " + redact(url)
                            + unreachableHint(), e);
                }
                lastUnreachable = unreachable(e);
                waitMs = -1;
                cause = "timeout: " + PlainReasons.of(e);
            } catch (IOException e) {
                if (failFast && unreachable(e)) {
                    throw new HubTransportException(what + " failed: " + PlainReasons.of(e) + " at "
                            + redact(url) + unreachableHint(), e);
                }
                lastUnreachable = unreachable(e);
                waitMs = -1;
                cause = PlainReasons.of(e);
            }
            attempt++;
            if (attempt > settings.maxRetries()) {
                if (lastUnreachable) {
                    hostDown = true;
                }
                throw new HubTransportException(what + " failed after " + attempt + " attempts (" + cause + ") at "
                        + redact(url) + "; check the network, HF_ENDPOINT, or use --offline with a filled cache");
            }
            sleep(waitMs >= 0 ? waitMs : backoffMs(attempt), what);
            LOG.debug("retrying {} (attempt {}) after {}", what, attempt, cause);
        }
    }

    /** Why a request failed without retrying when an earlier one already found the host unreachable. */
    private String unreachableHint() {
        return hostDown ? " (it could not be reached by an earlier request either, so this one was not retried);"
                + " check the network or HF_ENDPOINT, or use --offline with a filled cache" : "";
    }

    /** Whether the failure means the host could not be reached at all (no request was sent). */
    static boolean unreachable(IOException e) {
        return e instanceof java.net.ConnectException || e instanceof java.net.UnknownHostException
                || e instanceof org.apache.hc.client5.http.ConnectTimeoutException
                || e instanceof java.net.NoRouteToHostException;
    }

    /** Delay before retry {@code attempt} (1-based): exponential with full jitter, capped. */
    long backoffMs(int attempt) {
        long base = settings.initialBackoff().toMillis();
        long cap = settings.maxBackoff().toMillis();
        long exp = Math.min(cap, base << Math.min(20, attempt - 1));
        return exp / 2 + ThreadLocalRandom.current().nextLong(exp / 2 + 1);
    }

    void sleep(long ms, String what) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HubTransportException(what + " was interrupted", e);
        }
    }

    int maxRetries() {
        return settings.maxRetries();
    }

    private long retryAfterMs(ClassicHttpResponse resp) {
        Header h = resp.getFirstHeader("Retry-After");
        if (h == null) {
            return -1;
        }
        String v = h.getValue().strip();
        try {
            long s = Long.parseLong(v);
            return Math.min(settings.maxBackoff().toMillis(), Math.max(0, s * 1000));
        } catch (NumberFormatException e) {
            // the other form RFC 9110 allows: an HTTP-date ("Fri, 27 Nov 2026 14:30:00 GMT")
            try {
                long at = java.time.ZonedDateTime.parse(v, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant().toEpochMilli();
                return Math.min(settings.maxBackoff().toMillis(), Math.max(0, at - System.currentTimeMillis()));
            } catch (java.time.format.DateTimeParseException notADate) {
                return -1;
            }
        }
    }

    static String header(ClassicHttpResponse resp, String name) {
        Header h = resp.getFirstHeader(name);
        return h == null ? null : h.getValue();
    }

    /** The URL without its query (signed URLs carry secrets there) and without user:password@. */
    static String redact(URI url) {
        String s = (url.getRawUserInfo() == null ? url : withoutUserInfo(url)).toString();
        int q = s.indexOf('?');
        return q < 0 ? s : s.substring(0, q) + "?...";
    }

    /** {@code url} less its {@code user:password@} part. */
    static URI withoutUserInfo(URI url) {
        String s = url.toString();
        String info = url.getRawUserInfo() + "@";
        int at = s.indexOf(info);
        return at < 0 ? url : URI.create(s.substring(0, at) + s.substring(at + info.length()));
    }

    static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    @Override
    public void close() throws IOException {
        client.close();
    }
}
