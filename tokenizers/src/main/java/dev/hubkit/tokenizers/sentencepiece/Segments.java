package dev.hubkit.tokenizers.sentencepiece;

import java.util.Arrays;

/** Growable list of (begin, end, id) triples over the normalized bytes. */
final class Segments {
    private int[] data = new int[48];
    private int size;

    void add(int begin, int end, int id) {
        if (size + 3 > data.length) {
            data = Arrays.copyOf(data, data.length * 2);
        }
        data[size] = begin;
        data[size + 1] = end;
        data[size + 2] = id;
        size += 3;
    }

    int count() {
        return size / 3;
    }

    int begin(int i) {
        return data[i * 3];
    }

    int end(int i) {
        return data[i * 3 + 1];
    }

    int id(int i) {
        return data[i * 3 + 2];
    }

    /** Reverses the order of the triples. */
    void reverse() {
        int n = count();
        for (int i = 0, j = n - 1; i < j; i++, j--) {
            for (int k = 0; k < 3; k++) {
                int t = data[i * 3 + k];
                data[i * 3 + k] = data[j * 3 + k];
                data[j * 3 + k] = t;
            }
        }
    }
}
