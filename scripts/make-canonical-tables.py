#!/usr/bin/env python3
"""Writes tokenizers/src/main/resources/dev/hubkit/tokenizers/text/canonical-composition.txt.

The table holds the canonical combining classes (ranges of equal non-zero class) and the primary
canonical composition pairs, which Java has no public API for. CanonicalTables reads it to replay
the NFC/NFKC alignment algorithm of Rust's unicode-normalization-alignments crate. Standard library
only; the Unicode version is that of the running Python's unicodedata (Debian bookworm: 14.0.0).
Hangul syllables are composed algorithmically and are not listed.

    python3 scripts/make-canonical-tables.py [OUT]
"""
import sys
import unicodedata

OUT = sys.argv[1] if len(sys.argv) > 1 else \
    "tokenizers/src/main/resources/dev/hubkit/tokenizers/text/canonical-composition.txt"
HANGUL_FIRST, HANGUL_LAST = 0xAC00, 0xD7A3


def combining_ranges():
    ranges, start, prev, cls = [], None, None, 0
    for cp in range(0x110000):
        c = unicodedata.combining(chr(cp))
        if c and start is not None and c == cls and cp == prev + 1:
            prev = cp
            continue
        if start is not None:
            ranges.append((start, prev, cls))
            start = None
        if c:
            start, prev, cls = cp, cp, c
    if start is not None:
        ranges.append((start, prev, cls))
    return ranges


def composition_pairs():
    pairs = []
    for cp in range(0x110000):
        if HANGUL_FIRST <= cp <= HANGUL_LAST:
            continue
        decomposition = unicodedata.decomposition(chr(cp))
        if not decomposition or decomposition.startswith("<"):
            continue
        parts = [int(p, 16) for p in decomposition.split()]
        if len(parts) != 2:
            continue
        pair = chr(parts[0]) + chr(parts[1])
        # A primary composite is what NFC gives back for its own decomposition pair.
        if unicodedata.normalize("NFC", pair) == chr(cp):
            pairs.append((parts[0], parts[1], cp))
    return pairs


def main():
    lines = [
        "# Canonical combining classes and canonical composition pairs (Unicode %s, from Python's unicodedata),"
        % unicodedata.unidata_version,
        "# used to replay the Rust tokenizers NFC/NFKC alignment algorithm. Generated; Hangul is algorithmic.",
        "# c <first hex> <last hex> <ccc>   |   p <first hex> <second hex> <composite hex>",
    ]
    lines += ["c %X %X %d" % r for r in combining_ranges()]
    lines += ["p %X %X %X" % p for p in composition_pairs()]
    with open(OUT, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
