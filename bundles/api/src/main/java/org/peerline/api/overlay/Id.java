package org.peerline.api.overlay;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A 160-bit identifier in the overlay's key space, for nodes and keys alike, ordered as an unsigned big-endian
 * number. Keys are usually the SHA-1 of a name ({@link #of(String)}), as in Bamboo and P2P-SIP.
 */
public final class Id implements Comparable<Id> {
    /** Length of an id in bytes. */
    public static final int BYTES = 20;
    private final byte[] bytes;
    private final int hash; // ids are map keys on every message a node handles

    private Id(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    /** The id with these 20 bytes (copied). */
    public static Id of(byte[] bytes) {
        if (bytes.length != BYTES) throw new IllegalArgumentException("an id has 20 bytes, not " + bytes.length);
        return new Id(bytes.clone());
    }

    /** The SHA-1 of the UTF-8 name: the key under which a name is stored. */
    public static Id of(String name) {
        try {
            return new Id(MessageDigest.getInstance("SHA-1").digest(name.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required by every Java platform", e);
        }
    }

    /** Parses 40 hex digits. */
    public static Id parse(String hex) {
        if (hex.length() != 2 * BYTES) throw new IllegalArgumentException("an id is 40 hex digits: " + hex);
        return new Id(HexFormat.of().parseHex(hex));
    }

    /** A copy of the 20 bytes. */
    public byte[] toBytes() {
        return bytes.clone();
    }

    /** Byte {@code i} (0 = most significant), unsigned: for arithmetic that allocates nothing. */
    public int byteAt(int i) {
        return bytes[i] & 0xff;
    }

    /** (this - other) mod 2^160: how far this id lies clockwise from {@code other} on the circle of ids. */
    public Id minus(Id other) {
        byte[] d = new byte[BYTES];
        int borrow = 0;
        for (int i = BYTES - 1; i >= 0; i--) {
            int v = (bytes[i] & 0xff) - (other.bytes[i] & 0xff) - borrow;
            borrow = v < 0 ? 1 : 0;
            d[i] = (byte) v;
        }
        return new Id(d);
    }

    /** Digit {@code i} (0 = most significant) in base 2^{@code bits}, for prefix routing (Pastry b=4: hex digits). */
    public int digit(int i, int bits) {
        int value = 0;
        for (int b = i * bits; b < (i + 1) * bits; b++) value = (value << 1) | bit(b);
        return value;
    }

    /** Bit {@code i}, 0 = most significant. */
    public int bit(int i) {
        return (bytes[i >>> 3] >>> (7 - (i & 7))) & 1;
    }

    @Override
    public int compareTo(Id o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof Id other && hash == other.hash && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /** 40 lower-case hex digits. */
    @Override
    public String toString() {
        return HexFormat.of().formatHex(bytes);
    }
}
