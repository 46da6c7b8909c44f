package org.peerline.overlay.core;

/**
 * SipHash-2-4 (Aumasson and Bernstein, "SipHash: a fast short-input PRF", 2012): a keyed 64-bit hash of short
 * messages, here the MAC of {@link org.peerline.overlay.core.node.Rpc}'s address-validation tokens. Two
 * compression rounds per 8-byte little-endian word, the last word carrying the length in its top byte, four
 * finalization rounds after XORing 0xff into v2.
 */
public final class SipHash {
    private SipHash() {
    }

    /** SipHash-2-4 of {@code m} under the 128-bit key (k0, k1), each the little-endian half of the key bytes. */
    public static long hash(long k0, long k1, byte[] m) {
        long v0 = k0 ^ 0x736f6d6570736575L;
        long v1 = k1 ^ 0x646f72616e646f6dL;
        long v2 = k0 ^ 0x6c7967656e657261L;
        long v3 = k1 ^ 0x7465646279746573L;
        int words = m.length / 8;
        for (int w = 0; w <= words; w++) {
            long x = 0;
            if (w < words) {
                for (int i = 7; i >= 0; i--) x = x << 8 | (m[w * 8 + i] & 0xffL);
            } else { // the last word: the remaining bytes and the length's low byte on top
                for (int i = m.length - 1; i >= words * 8; i--) x = x << 8 | (m[i] & 0xffL);
                x |= (long) m.length << 56;
            }
            v3 ^= x;
            for (int r = 0; r < 2; r++) {
                v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
                v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
                v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
                v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
            }
            v0 ^= x;
        }
        v2 ^= 0xff;
        for (int r = 0; r < 4; r++) {
            v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
            v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
            v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
            v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
        }
        return v0 ^ v1 ^ v2 ^ v3;
    }
}
