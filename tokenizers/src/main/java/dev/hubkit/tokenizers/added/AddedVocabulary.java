package dev.hubkit.tokenizers.added;

import dev.hubkit.tokenizers.models.Model;
import dev.hubkit.tokenizers.normalizers.Normalizer;
import dev.hubkit.tokenizers.text.Chars;
import dev.hubkit.tokenizers.text.NormalizedString;
import dev.hubkit.tokenizers.text.PreTokenizedString;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Added tokens: ids assigned as the Rust library assigns them, and extraction from the input before the
 * model sees it (non-normalized tokens matched on the raw text, normalized ones on each normalized piece,
 * leftmost-longest, honoring single_word, lstrip and rstrip). Immutable.
 */
public final class AddedVocabulary {
    private static final Logger LOG = LoggerFactory.getLogger(AddedVocabulary.class);

    private final Map<String, Integer> tokenToId = new HashMap<>();
    private final Map<Integer, AddedToken> idToToken = new HashMap<>();
    private final Set<String> specialContents = new HashSet<>();
    private final List<AddedToken> ordered;
    private final Matcher rawMatcher;
    private final Matcher normalizedMatcher;

    /**
     * @param tokens added tokens in file order, with the ids the file gave them (used only to warn)
     */
    public AddedVocabulary(List<AddedToken> tokens, List<Integer> fileIds, Model model, Normalizer normalizer) {
        this.ordered = List.copyOf(tokens);
        List<AddedToken> special = new ArrayList<>();
        List<AddedToken> classic = new ArrayList<>();
        for (AddedToken t : tokens) {
            if (t.special() && !t.content().isEmpty() && specialContents.add(t.content())) {
                special.add(t);
            }
        }
        for (int i = 0; i < tokens.size(); i++) {
            AddedToken t = tokens.get(i);
            if (t.content().isEmpty() || idToToken.containsValue(t)) {
                continue;
            }
            Integer existing = tokenToId.get(t.content());
            int id;
            if (existing != null) {
                id = existing;
            } else {
                int modelId = model.tokenToId(t.content());
                if (modelId >= 0) {
                    id = modelId;
                } else {
                    int vs = model.vocabSize();
                    int max = -1;
                    for (int v : tokenToId.values()) {
                        max = Math.max(max, v);
                    }
                    id = max < 0 ? vs : (max >= vs || vs == 0 ? max + 1 : vs);
                }
            }
            if (fileIds != null && i < fileIds.size() && fileIds.get(i) != null && fileIds.get(i) != id) {
                LOG.warn("added token '{}' has id {} in the file but gets id {}", t.content(), fileIds.get(i), id);
            }
            tokenToId.put(t.content(), id);
            idToToken.put(id, t);
            if (!specialContents.contains(t.content())) {
                classic.add(t);
            }
        }
        Map<String, Integer> raw = new LinkedHashMap<>();
        Map<String, Integer> norm = new LinkedHashMap<>();
        List<AddedToken> all = new ArrayList<>(special);
        all.addAll(classic);
        for (AddedToken t : all) {
            int id = tokenToId.get(t.content());
            if (t.normalized()) {
                String key = normalizer == null ? t.content() : normalizer.normalizeString(t.content());
                norm.putIfAbsent(key, id);
            } else {
                raw.putIfAbsent(t.content(), id);
            }
        }
        this.rawMatcher = new Matcher(raw);
        this.normalizedMatcher = new Matcher(norm);
    }

    /** Added tokens in file order. */
    public List<AddedToken> tokens() {
        return ordered;
    }

    /** Id of an added token, or -1. */
    public int tokenToId(String content) {
        Integer id = tokenToId.get(content);
        return id == null ? -1 : id;
    }

    /** Added token of an id, or null. */
    public AddedToken token(int id) {
        return idToToken.get(id);
    }

    /** Whether {@code content} is a special token. */
    public boolean isSpecial(String content) {
        return specialContents.contains(content);
    }

    /** Number of added tokens (distinct ids). */
    public int size() {
        return tokenToId.size();
    }

    /** id of every added token. */
    public Map<String, Integer> asMap() {
        return Collections.unmodifiableMap(tokenToId);
    }

    /**
     * Whether some added token occurs in {@code text} as it stands (matched without normalizing). When there is
     * no normalizer and this is false, {@link #extractAndNormalize} leaves {@code text} whole.
     */
    public boolean occursIn(String text) {
        if (rawMatcher.isEmpty() && normalizedMatcher.isEmpty()) {
            return false;
        }
        for (int i = 0, n = text.length(); i < n; i++) {
            if (rawMatcher.longestAt(text, i) >= 0 || normalizedMatcher.longestAt(text, i) >= 0) {
                return true;
            }
        }
        return false;
    }

    /** Splits added tokens off {@code text}, normalizing the remaining pieces with {@code normalizer}. */
    public PreTokenizedString extractAndNormalize(Normalizer normalizer, String text) {
        PreTokenizedString pts = new PreTokenizedString(text);
        if (!rawMatcher.isEmpty()) {
            pts.splitWithIds(ns -> splitWith(ns, rawMatcher));
        }
        pts.splitWithIds(ns -> {
            if (normalizer != null) {
                normalizer.normalize(ns);
            }
            return normalizedMatcher.isEmpty() ? List.of(PreTokenizedString.piece(ns, -1))
                    : splitWith(ns, normalizedMatcher);
        });
        return pts;
    }

    private List<PreTokenizedString.Split> splitWith(NormalizedString ns, Matcher m) {
        String s = ns.get();
        int n = s.length();
        List<PreTokenizedString.Split> out = new ArrayList<>();
        if (n == 0) {
            out.add(PreTokenizedString.piece(ns, -1));
            return out;
        }
        int startOffset = 0;
        int i = 0;
        while (i < n) {
            long found = m.longestAt(s, i);
            if (found < 0) {
                i++;
                continue;
            }
            int end = (int) (found >>> 32);
            int id = (int) found;
            int start = i;
            int stop = end;
            i = end;
            AddedToken tok = idToToken.get(id);
            if (tok.singleWord()) {
                boolean startSpace = start == 0 || !Chars.isWordChar(s.codePointBefore(start));
                boolean stopSpace = stop == n || !Chars.isWordChar(s.codePointAt(stop));
                if (!startSpace || !stopSpace) {
                    continue;
                }
            }
            if (tok.lstrip()) {
                int ns2 = start;
                while (ns2 > 0 && Chars.isWhitespace(s.codePointBefore(ns2))) {
                    ns2 -= Character.charCount(s.codePointBefore(ns2));
                }
                start = Math.max(ns2, startOffset);
            }
            if (tok.rstrip()) {
                while (stop < n && Chars.isWhitespace(s.codePointAt(stop))) {
                    stop += Character.charCount(s.codePointAt(stop));
                }
            }
            if (startOffset < start) {
                out.add(PreTokenizedString.piece(ns.slice(startOffset, start), -1));
            }
            // As the Rust library: the next match is searched from the end of this one, not of its rstrip, so a
            // token whose content starts with whitespace can still match there (its split is clamped by lstrip,
            // or overlaps this one without it).
            out.add(PreTokenizedString.piece(ns.slice(start, stop), id));
            startOffset = stop;
        }
        if (startOffset != n) {
            out.add(PreTokenizedString.piece(ns.slice(startOffset, n), -1));
        }
        return out;
    }

    /** Leftmost-longest literal matcher over a char trie. */
    private static final class Matcher {
        private final List<Map<Character, Integer>> children = new ArrayList<>();
        private final List<Integer> terminal = new ArrayList<>();
        private final boolean[] firstChar = new boolean[0x10000];

        Matcher(Map<String, Integer> patterns) {
            children.add(new HashMap<>());
            terminal.add(-1);
            for (Map.Entry<String, Integer> e : patterns.entrySet()) {
                String p = e.getKey();
                if (p.isEmpty()) {
                    continue;
                }
                firstChar[p.charAt(0)] = true;
                int node = 0;
                for (int k = 0; k < p.length(); k++) {
                    Integer c = children.get(node).get(p.charAt(k));
                    if (c == null) {
                        c = children.size();
                        children.get(node).put(p.charAt(k), c);
                        children.add(new HashMap<>());
                        terminal.add(-1);
                    }
                    node = c;
                }
                if (terminal.get(node) < 0) {
                    terminal.set(node, e.getValue());
                }
            }
        }

        boolean isEmpty() {
            return children.size() == 1;
        }

        /** (end << 32 | id) of the longest pattern starting at {@code i}, or -1. */
        long longestAt(String s, int i) {
            if (!firstChar[s.charAt(i)]) {
                return -1;
            }
            int node = 0;
            long best = -1;
            for (int k = i; k < s.length(); k++) {
                Integer c = children.get(node).get(s.charAt(k));
                if (c == null) {
                    break;
                }
                node = c;
                int id = terminal.get(node);
                if (id >= 0) {
                    best = ((long) (k + 1) << 32) | id;
                }
            }
            return best;
        }
    }
}
