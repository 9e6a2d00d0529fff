package dev.hubkit.runtime.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Turns per-token scores into entities following transformers' TokenClassificationPipeline
 * ({@code aggregate}, {@code aggregate_words}, {@code group_entities}), then drops ignored labels.
 */
public final class TokenAggregator {

    /**
     * One non-special token with its label distribution.
     *
     * @param index     position in the encoding
     * @param token     the token as transformers' {@code convert_ids_to_tokens} gives it (for the
     *                  unknown token: the text it covers)
     * @param start     UTF-16 start offset
     * @param end       UTF-16 end offset
     * @param scores    probabilities per label id
     * @param isSubword true when the token continues the previous token's word
     */
    public record Token(int index, String token, int start, int end, double[] scores, boolean isSubword) {
    }

    private record Scored(String label, double score, List<String> tokens, int start, int end, int index) {
    }

    private final Map<Integer, String> id2label;
    private final Function<List<String>, String> tokensToString;
    private final Set<String> ignoreLabels;

    /**
     * @param id2label     label names
     * @param tokensToString tokens to text, as transformers' {@code convert_tokens_to_string} (the
     *                     tokenizer's decoder on token strings, or the tokens joined by spaces without one)
     * @param ignoreLabels labels dropped from the result (transformers' default: "O")
     */
    public TokenAggregator(Map<Integer, String> id2label, Function<List<String>, String> tokensToString,
                           Set<String> ignoreLabels) {
        this.id2label = Map.copyOf(id2label);
        this.tokensToString = tokensToString;
        this.ignoreLabels = Set.copyOf(ignoreLabels);
    }

    /** Entities of one input, in text order. */
    public List<Entity> aggregate(List<Token> tokens, Aggregation strategy) {
        List<Scored> entities = new ArrayList<>();
        if (strategy == Aggregation.NONE || strategy == Aggregation.SIMPLE) {
            for (Token t : tokens) {
                int best = argmax(t.scores());
                entities.add(new Scored(label(best), t.scores()[best], List.of(t.token()), t.start(), t.end(), t.index()));
            }
        } else {
            entities = aggregateWords(tokens, strategy);
        }
        List<Entity> out = new ArrayList<>();
        if (strategy == Aggregation.NONE) {
            for (Scored s : entities) {
                if (!ignoreLabels.contains(s.label())) {
                    out.add(new Entity(s.label(), s.score(), s.tokens().get(0), s.start(), s.end(), s.index()));
                }
            }
            return out;
        }
        for (Entity e : groupEntities(entities)) {
            if (!ignoreLabels.contains(e.label())) {
                out.add(e);
            }
        }
        return out;
    }

    private List<Scored> aggregateWords(List<Token> tokens, Aggregation strategy) {
        List<Scored> words = new ArrayList<>();
        List<Token> group = new ArrayList<>();
        for (Token t : tokens) {
            if (!group.isEmpty() && !t.isSubword()) {
                words.add(aggregateWord(group, strategy));
                group = new ArrayList<>();
            }
            group.add(t);
        }
        if (!group.isEmpty()) {
            words.add(aggregateWord(group, strategy));
        }
        return words;
    }

    private Scored aggregateWord(List<Token> group, Aggregation strategy) {
        double[] scores;
        switch (strategy) {
            case FIRST -> scores = group.get(0).scores();
            case MAX -> {
                Token best = group.get(0);
                for (Token t : group) {
                    if (max(t.scores()) > max(best.scores())) {
                        best = t;
                    }
                }
                scores = best.scores();
            }
            case AVERAGE -> {
                scores = new double[group.get(0).scores().length];
                for (Token t : group) {
                    for (int i = 0; i < scores.length; i++) {
                        scores[i] += t.scores()[i];
                    }
                }
                for (int i = 0; i < scores.length; i++) {
                    scores[i] /= group.size();
                }
            }
            default -> throw new IllegalArgumentException("not a word aggregation: " + strategy);
        }
        int best = argmax(scores);
        // transformers makes the word with convert_tokens_to_string, then groups its result as one token
        String word = tokensToString.apply(group.stream().map(Token::token).toList());
        return new Scored(label(best), scores[best], List.of(word), group.get(0).start(), group.get(group.size() - 1).end(),
                group.get(0).index());
    }

    private List<Entity> groupEntities(List<Scored> entities) {
        List<Entity> groups = new ArrayList<>();
        List<Scored> current = new ArrayList<>();
        for (Scored e : entities) {
            if (current.isEmpty()) {
                current.add(e);
                continue;
            }
            String[] tag = tag(e.label());
            String[] last = tag(current.get(current.size() - 1).label());
            if (tag[1].equals(last[1]) && !tag[0].equals("B")) {
                current.add(e);
            } else {
                groups.add(groupSubEntities(current));
                current = new ArrayList<>();
                current.add(e);
            }
        }
        if (!current.isEmpty()) {
            groups.add(groupSubEntities(current));
        }
        return groups;
    }

    private Entity groupSubEntities(List<Scored> members) {
        String label = members.get(0).label();
        int dash = label.indexOf('-');
        String group = dash >= 0 ? label.substring(dash + 1) : label;
        double sum = 0;
        List<String> tokens = new ArrayList<>();
        for (Scored s : members) {
            sum += s.score();
            tokens.addAll(s.tokens());
        }
        return new Entity(group, sum / members.size(), tokensToString.apply(tokens), members.get(0).start(),
                members.get(members.size() - 1).end(), -1);
    }

    /** {bi, tag}: "B-PER" → {B, PER}; "I-PER" → {I, PER}; "O" → {I, O}. */
    private static String[] tag(String label) {
        if (label.startsWith("B-")) {
            return new String[] {"B", label.substring(2)};
        }
        if (label.startsWith("I-")) {
            return new String[] {"I", label.substring(2)};
        }
        return new String[] {"I", label};
    }

    private String label(int i) {
        String l = id2label.get(i);
        return l != null ? l : "LABEL_" + i;
    }

    private static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    private static double max(double[] v) {
        return v[argmax(v)];
    }
}
