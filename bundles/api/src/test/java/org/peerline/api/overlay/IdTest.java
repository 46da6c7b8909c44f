package org.peerline.api.overlay;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class IdTest {
    @Test
    void sha1OfNameIsTheKey() {
        // SHA-1("abc") from FIPS 180-2 appendix A.1
        assertEquals("a9993e364706816aba3e25717850c26c9cd0d89d", Id.of("abc").toString());
    }

    @Test
    void parsesAndOrdersUnsigned() {
        Id low = Id.parse("7fffffffffffffffffffffffffffffffffffffff");
        Id high = Id.parse("8000000000000000000000000000000000000000");
        assertTrue(low.compareTo(high) < 0, "0x80.. sorts above 0x7f.. (unsigned)");
        assertEquals(high, Id.of(high.toBytes()));
        assertEquals(8, high.digit(0, 4));
        assertEquals(0, high.digit(1, 4));
        assertEquals(1, high.bit(0));
        assertEquals(7, low.digit(0, 4));
    }

    @Test
    void rejectsWrongLengths() {
        assertThrows(IllegalArgumentException.class, () -> Id.parse("abcd"));
        assertThrows(IllegalArgumentException.class, () -> Id.of(new byte[19]));
    }

    @Test
    void minusIsClockwiseDistanceModuloTwoToThe160() {
        Id zero = Id.parse("0000000000000000000000000000000000000000");
        Id one = Id.parse("0000000000000000000000000000000000000001");
        Id max = Id.parse("ffffffffffffffffffffffffffffffffffffffff");
        assertEquals(one, one.minus(zero));
        assertEquals(max, zero.minus(one), "0 - 1 wraps to 2^160 - 1");
        assertEquals(Id.parse("0000000000000000000000000000000000000002"), one.minus(max), "1 - (2^160 - 1) = 2");
        Id a = Id.of("a");
        Id b = Id.of("b");
        java.math.BigInteger ring = java.math.BigInteger.ONE.shiftLeft(160);
        java.math.BigInteger expected = new java.math.BigInteger(1, a.toBytes())
                .subtract(new java.math.BigInteger(1, b.toBytes())).mod(ring);
        assertEquals(expected, new java.math.BigInteger(1, a.minus(b).toBytes()));
        assertEquals(0xa9, Id.of("abc").byteAt(0));
        assertEquals(Id.of("abc").hashCode(), Id.parse(Id.of("abc").toString()).hashCode());
    }
}
