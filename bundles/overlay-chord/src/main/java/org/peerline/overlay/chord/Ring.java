package org.peerline.overlay.chord;

import java.util.Arrays;
import org.peerline.api.overlay.Id;

/**
 * Arithmetic on Chord's identifier circle (Stoica et al. 2003 §IV.A): ids are 160-bit numbers modulo 2^160, ordered
 * clockwise; intervals wrap around zero, and an interval whose ends coincide is the whole circle (as the paper's
 * pseudocode needs for a ring of one). Byte arithmetic, no BigInteger, for the simulator's 10^5 nodes.
 */
public final class Ring {
    public static final int BITS = Id.BYTES * 8;

    private Ring() {
    }

    /** The clockwise distance from {@code a} to {@code b}, (b - a) mod 2^160, as 20 unsigned big-endian bytes. */
    public static byte[] distance(Id a, Id b) {
        byte[] x = a.toBytes();
        byte[] y = b.toBytes();
        byte[] d = new byte[Id.BYTES];
        int borrow = 0;
        for (int i = Id.BYTES - 1; i >= 0; i--) {
            int v = (y[i] & 0xff) - (x[i] & 0xff) - borrow;
            borrow = v < 0 ? 1 : 0;
            d[i] = (byte) v;
        }
        return d;
    }

    /** Compares two distances from {@link #distance}. */
    public static int compare(byte[] d1, byte[] d2) {
        return Arrays.compareUnsigned(d1, d2);
    }

    /** x in the open interval (a, b) clockwise; (a, a) is the circle without a. Compares, allocates nothing. */
    public static boolean between(Id a, Id x, Id b) {
        int ax = x.compareTo(a);
        if (ax == 0) return false;
        int ab = b.compareTo(a);
        if (ab == 0) return true;
        int xb = x.compareTo(b);
        return ab > 0 ? ax > 0 && xb < 0 : ax > 0 || xb < 0;
    }

    /** x in the half-open interval (a, b] clockwise; (a, a] is the whole circle. */
    public static boolean betweenRightIncluded(Id a, Id x, Id b) {
        int ab = b.compareTo(a);
        if (ab == 0) return true;
        int ax = x.compareTo(a);
        if (ax == 0) return false;
        int xb = x.compareTo(b);
        return ab > 0 ? ax > 0 && xb <= 0 : ax > 0 || xb <= 0;
    }

    /**
     * Orders {@code x} and {@code y} by clockwise distance from {@code from} (as comparing {@code distance(from, x)}
     * with {@code distance(from, y)}), without allocating: ids at or after {@code from} come before those that
     * wrap past zero, each group in numeric order.
     */
    static int compareClockwise(Id from, Id x, Id y) {
        boolean xWraps = x.compareTo(from) < 0;
        boolean yWraps = y.compareTo(from) < 0;
        return xWraps != yWraps ? (xWraps ? 1 : -1) : x.compareTo(y);
    }

    /** (id + 2^k) mod 2^160, 0 &lt;= k &lt; 160. */
    public static Id plusPowerOfTwo(Id id, int k) {
        if (k < 0 || k >= BITS) throw new IllegalArgumentException("k: " + k);
        byte[] b = id.toBytes();
        int i = Id.BYTES - 1 - k / 8;
        int carry = 1 << (k % 8);
        for (; i >= 0 && carry != 0; i--) {
            int v = (b[i] & 0xff) + carry;
            b[i] = (byte) v;
            carry = v >>> 8;
        }
        return Id.of(b);
    }

    /** The index of the highest set bit of a distance (0 = least significant), -1 for zero. */
    public static int highestBit(byte[] d) {
        for (int i = 0; i < d.length; i++) {
            if (d[i] != 0) return (d.length - 1 - i) * 8 + 31 - Integer.numberOfLeadingZeros(d[i] & 0xff);
        }
        return -1;
    }

}
