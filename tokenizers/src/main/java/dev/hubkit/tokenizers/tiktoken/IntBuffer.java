package dev.hubkit.tokenizers.tiktoken;

import java.util.Arrays;

/** A growable int array. */
final class IntBuffer {
    private int[] data;
    private int size;

    IntBuffer(int capacity) {
        data = new int[Math.max(4, capacity)];
    }

    void add(int v) {
        if (size == data.length) {
            data = Arrays.copyOf(data, data.length * 2);
        }
        data[size++] = v;
    }

    int[] toArray() {
        return Arrays.copyOf(data, size);
    }
}
