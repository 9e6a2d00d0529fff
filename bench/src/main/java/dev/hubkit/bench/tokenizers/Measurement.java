package dev.hubkit.bench.tokenizers;

/**
 * Results for one subject on one input.
 *
 * <p>Whole-process peers have no all-core, allocation or latency figures: those are NaN.
 *
 * @param singleMbPerS median single-thread throughput, MB (10^6 bytes) of UTF-8 per second
 * @param singleTokensPerS median single-thread tokens per second
 * @param allCoreMbPerS all-core throughput (one shared instance, one slice per thread)
 * @param bytesPerToken Java heap bytes allocated per token on the calling thread (native memory of
 *     JNI peers is not visible here)
 * @param p50Micros median latency of one short sentence, microseconds
 * @param tokens tokens produced for the whole corpus (to show the subjects do the same work)
 */
public record Measurement(double singleMbPerS, double singleTokensPerS, double allCoreMbPerS,
    double bytesPerToken, double p50Micros, long tokens) {}
