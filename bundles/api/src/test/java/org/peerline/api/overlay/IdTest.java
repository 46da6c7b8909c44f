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
}
