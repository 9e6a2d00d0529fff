package dev.hubkit.tokenizers.tiktoken;

import dev.hubkit.tokenizers.TokenizerException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/** Parses tiktoken rank files: one {@code base64(token) rank} pair per line. */
final class TiktokenFileReader {
    private TiktokenFileReader() {
    }

    static RankTable read(InputStream in, String source) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII), 1 << 16);
        byte[] pool = new byte[1 << 20];
        int poolSize = 0;
        int[] offsets = new int[1 << 16];
        int[] ranks = new int[1 << 16];
        int n = 0;
        Base64.Decoder b64 = Base64.getDecoder();
        int lineNo = 0;
        for (String line = r.readLine(); line != null; line = r.readLine()) {
            lineNo++;
            if (line.isEmpty()) {
                continue;
            }
            int sp = line.indexOf(' ');
            if (sp <= 0 || sp != line.lastIndexOf(' ')) {
                throw bad(source, lineNo, "expected '<base64 token> <rank>' but got '" + abbreviate(line) + "'");
            }
            byte[] token;
            try {
                token = b64.decode(line.substring(0, sp));
            } catch (IllegalArgumentException e) {
                throw bad(source, lineNo, "the token '" + abbreviate(line.substring(0, sp)) + "' is not valid base64");
            }
            if (token.length == 0) {
                throw bad(source, lineNo, "the token is empty");
            }
            int rank;
            try {
                rank = Integer.parseInt(line.substring(sp + 1));
            } catch (NumberFormatException e) {
                throw bad(source, lineNo, "the rank '" + abbreviate(line.substring(sp + 1)) + "' is not an integer");
            }
            if (rank < 0 || rank >= (1 << 28)) {
                throw bad(source, lineNo, "the rank " + rank + " is out of range [0, 2^28)");
            }
            if (n + 1 >= offsets.length) {
                offsets = Arrays.copyOf(offsets, offsets.length * 2);
                ranks = Arrays.copyOf(ranks, ranks.length * 2);
            }
            while (poolSize + token.length > pool.length) {
                pool = Arrays.copyOf(pool, pool.length * 2);
            }
            offsets[n] = poolSize;
            System.arraycopy(token, 0, pool, poolSize, token.length);
            poolSize += token.length;
            ranks[n++] = rank;
        }
        if (n == 0) {
            throw new TokenizerException("tiktoken file " + source + " holds no tokens; it is empty or not a"
                    + " .tiktoken rank file.");
        }
        offsets[n] = poolSize;
        int[] offs = Arrays.copyOf(offsets, n + 1);
        int[] rks = Arrays.copyOf(ranks, n);
        byte[] pl = Arrays.copyOf(pool, poolSize);
        return checkDistinct(source, pl, offs, rks);
    }

    private static RankTable checkDistinct(String source, byte[] pool, int[] offsets, int[] ranks) {
        int n = ranks.length;
        int maxRank = 0;
        for (int rk : ranks) {
            maxRank = Math.max(maxRank, rk);
        }
        int[] lineOfRank = new int[maxRank + 1];
        for (int i = 0; i < n; i++) {
            if (lineOfRank[ranks[i]] != 0) {
                throw new TokenizerException("tiktoken file " + source + ": rank " + ranks[i] + " appears twice"
                        + " (entries " + lineOfRank[ranks[i]] + " and " + (i + 1) + "); ranks must be unique.");
            }
            lineOfRank[ranks[i]] = i + 1;
        }
        RankTable probe = RankTable.of(pool, offsets, ranks);
        for (int i = 0; i < n; i++) {
            int r = probe.rank(pool, offsets[i], offsets[i + 1]);
            if (r != ranks[i]) {
                throw new TokenizerException("tiktoken file " + source + ": entry " + (i + 1) + " (rank " + ranks[i]
                        + ") repeats the token of rank " + r + "; tokens must be unique.");
            }
        }
        byte[] one = new byte[1];
        for (int b = 0; b < 256; b++) {
            one[0] = (byte) b;
            if (probe.rank(one, 0, 1) == RankTable.NONE) {
                throw new TokenizerException("tiktoken file " + source + " has no token for the single byte 0x"
                        + String.format("%02X", b) + "; byte-level BPE needs all 256 bytes. The file is incomplete.");
            }
        }
        return probe;
    }

    private static TokenizerException bad(String source, int line, String what) {
        return new TokenizerException("tiktoken file " + source + " line " + line + ": " + what
                + ". The file is corrupt or not a .tiktoken rank file.");
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "...";
    }
}
