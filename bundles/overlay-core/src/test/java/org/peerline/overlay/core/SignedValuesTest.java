package org.peerline.overlay.core;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.peerline.api.overlay.Id;
import org.peerline.api.overlay.SignedValue;

class SignedValuesTest {
    static final Signer ALICE = Signer.generate();
    static final Signer MALLORY = Signer.generate();
    static final Id KEY = Id.of("sip:alice@example.com");
    static final Instant EXPIRES = Instant.ofEpochMilli(1_700_000_600_000L);

    static SignedValue value(String s, long seq) {
        return SignedValues.sign(KEY, s.getBytes(StandardCharsets.UTF_8), seq, EXPIRES, ALICE);
    }

    @Test
    void signAndVerifyRoundTrip() {
        SignedValue v = value("sip:alice@192.0.2.1:5060", 1);
        assertTrue(SignedValues.verify(v));
        assertArrayEquals(ALICE.publicKey(), v.owner());
        assertEquals(64, v.signature().length);
        assertTrue(SignedValues.verify(SignedValues.sign(KEY, new byte[0], 2, EXPIRES, ALICE.keyPair())));
    }

    @Test
    void expiryIsTruncatedToMilliseconds() {
        SignedValue v = SignedValues.sign(KEY, new byte[] {1}, 1, EXPIRES.plusNanos(123), ALICE);
        assertEquals(EXPIRES, v.expires());
        assertTrue(SignedValues.verify(v));
    }

    @Test
    void tamperedFieldsAreRejected() {
        SignedValue v = value("contact", 5);
        assertFalse(SignedValues.verify(new SignedValue(KEY, "CONTACT".getBytes(), v.owner(), 5, EXPIRES, v.signature())));
        assertFalse(SignedValues.verify(new SignedValue(KEY, v.value(), v.owner(), 6, EXPIRES, v.signature())));
        assertFalse(SignedValues.verify(new SignedValue(KEY, v.value(), v.owner(), 5, EXPIRES.plusMillis(1), v.signature())));
        assertFalse(SignedValues.verify(new SignedValue(Id.of("other"), v.value(), v.owner(), 5, EXPIRES, v.signature())));
        assertFalse(SignedValues.verify(new SignedValue(KEY, v.value(), MALLORY.publicKey(), 5, EXPIRES, v.signature())));
        byte[] sig = v.signature();
        sig[10] ^= 1;
        assertFalse(SignedValues.verify(new SignedValue(KEY, v.value(), v.owner(), 5, EXPIRES, sig)));
    }

    @Test
    void badKeysAndSignaturesGiveFalseNotExceptions() {
        SignedValue v = value("x", 1);
        assertFalse(SignedValues.verify(null));
        assertFalse(SignedValues.verify(new SignedValue(KEY, v.value(), new byte[0], 1, EXPIRES, v.signature())));
        assertFalse(SignedValues.verify(new SignedValue(KEY, v.value(), new byte[] {1, 2, 3}, 1, EXPIRES, v.signature())));
        assertFalse(SignedValues.verify(new SignedValue(KEY, v.value(), new byte[300], 1, EXPIRES, v.signature())));
        assertFalse(SignedValues.verify(new SignedValue(KEY, v.value(), v.owner(), 1, EXPIRES, new byte[0])));
        assertFalse(SignedValues.verify(new SignedValue(KEY, v.value(), v.owner(), 1, Instant.MAX, v.signature())));
        assertFalse(SignedValues.verify(new SignedValue(KEY, v.value(), v.owner(), 1, EXPIRES.plusNanos(1), v.signature())));
    }

    @Test
    void wireFormRoundTripsAndRejectsTruncation() throws WireException {
        SignedValue v = value("sip:alice@192.0.2.1", 9);
        byte[] wire = SignedValues.encode(v);
        SignedValue back = SignedValues.decode(wire);
        assertEquals(v, back);
        assertTrue(SignedValues.verify(back));
        for (int n = 0; n < wire.length; n++) {
            byte[] cut = java.util.Arrays.copyOf(wire, n);
            assertThrows(WireException.class, () -> SignedValues.decode(cut));
        }
    }

    @Test
    void nodeIdIsSha1OfThePublicKey() {
        assertEquals(Id.of(Crypto.sha1(ALICE.publicKey())), ALICE.id());
        assertNotEquals(ALICE.id(), MALLORY.id());
    }
}
