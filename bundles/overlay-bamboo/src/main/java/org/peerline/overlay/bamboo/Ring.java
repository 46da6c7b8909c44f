package org.peerline.overlay.bamboo;

import java.util.Comparator;
import java.util.Random;
import org.peerline.api.overlay.Id;

/**
 * Pastry's id space (Rowstron and Druschel 2001, §2): 160-bit ids on a circle of 2^160, read as 40 digits of base
 * 2^b with b = 4. "Numerically closest" is the shorter way round the circle; an exact tie (two nodes d apart on each
 * side of the key) goes to the clockwise one, so every node picks the same root.
 */
public final class Ring {
    /** Bits per digit (Pastry's b). */
    public static final int B = 4;
    /** Digits in an id: rows of the routing table. */
    public static final int DIGITS = Id.BYTES * 8 / B;
    /** Digit values: columns of the routing table. */
    public static final int BASE = 1 << B;

    private Ring() {
    }

    /** How far {@code to} lies clockwise from {@code from}: (to - from) mod 2^160. */
    public static Id clockwise(Id from, Id to) {
        return to.minus(from);
    }

    /** The ring distance: the shorter of the two ways round (below 2^159 clockwise means clockwise is shorter). */
    public static Id distance(Id a, Id b) {
        Id d = b.minus(a);
        return d.bit(0) == 0 ? d : a.minus(b);
    }

    /** The length of the common prefix of {@code a} and {@code b} in digits (0..40; 40 when equal). */
    public static int prefix(Id a, Id b) {
        for (int i = 0; i < Id.BYTES; i++) {
            int d = a.byteAt(i) ^ b.byteAt(i);
            if (d != 0) return 2 * i + ((d & 0xf0) != 0 ? 0 : 1);
        }
        return DIGITS;
    }

    /** Digit {@code i} of {@code id} (0 = most significant). */
    public static int digit(Id id, int i) {
        return id.digit(i, B);
    }

    /** Orders ids by numerical closeness to {@code key} (clockwise wins a tie). */
    public static Comparator<Id> closestTo(Id key) {
        return Comparator.<Id, Id>comparing(x -> distance(x, key)).thenComparing(x -> clockwise(key, x));
    }

    /** Whether {@code a} is strictly closer to {@code key} than {@code b} in {@link #closestTo} order. */
    public static boolean closer(Id a, Id b, Id key) {
        return closestTo(key).compare(a, b) < 0;
    }

    /** A random id sharing the first {@code row} digits of {@code self} and with {@code column} as digit {@code row}. */
    public static Id randomIn(Id self, int row, int column, Random random) {
        byte[] id = new byte[Id.BYTES];
        random.nextBytes(id);
        for (int i = 0; i < row; i++) setDigit(id, i, digit(self, i));
        setDigit(id, row, column);
        return Id.of(id);
    }

    private static void setDigit(byte[] id, int i, int value) {
        int shift = (i & 1) == 0 ? 4 : 0;
        id[i >>> 1] = (byte) ((id[i >>> 1] & ~(0xf << shift)) | (value << shift));
    }
}
