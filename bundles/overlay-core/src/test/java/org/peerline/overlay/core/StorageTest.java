package org.peerline.overlay.core;

import static org.junit.jupiter.api.Assertions.*;
import static org.peerline.overlay.core.Storage.Result.*;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.peerline.api.overlay.Id;
import org.peerline.api.overlay.SignedValue;

class StorageTest {
    static final Signer ALICE = SignedValuesTest.ALICE;
    static final Signer MALLORY = SignedValuesTest.MALLORY;
    static final Id KEY = Id.of("sip:alice@example.com");
    static final Instant NOW = Instant.ofEpochMilli(1_700_000_000_000L);

    static SignedValue v(Signer s, String value, long seq, Duration life) {
        return SignedValues.sign(KEY, value.getBytes(StandardCharsets.UTF_8), seq, NOW.plus(life), s);
    }

    static SignedValue v(Signer s, String value, long seq) {
        return v(s, value, seq, Duration.ofMinutes(10));
    }

    static String text(SignedValue v) {
        return new String(v.value(), StandardCharsets.UTF_8);
    }

    @Test
    void storesAndReturnsLiveValues() {
        Storage st = new Storage();
        assertEquals(STORED, st.put(v(ALICE, "a1", 1), NOW));
        assertEquals(List.of("a1"), st.get(KEY, NOW).stream().map(StorageTest::text).toList());
        assertEquals(STORED, st.put(v(ALICE, "a2", 2), NOW));
        assertEquals(List.of("a2"), st.get(KEY, NOW).stream().map(StorageTest::text).toList());
        assertEquals(1, st.size());
    }

    @Test
    void replayAndRollbackAreRejected() {
        Storage st = new Storage();
        SignedValue v5 = v(ALICE, "five", 5);
        assertEquals(STORED, st.put(v5, NOW));
        assertEquals(DUPLICATE, st.put(v5, NOW), "identical replay is an idempotent no-op");
        assertEquals(STALE_SEQ, st.put(v(ALICE, "other five", 5), NOW), "same seq, different bytes");
        assertEquals(STALE_SEQ, st.put(v(ALICE, "four", 4), NOW), "rollback");
        assertEquals("five", text(st.get(KEY, NOW).get(0)));
    }

    @Test
    void anotherKeyCannotOverwriteOrRemoveSomeoneElsesRecord() {
        Storage st = new Storage();
        SignedValue alice = v(ALICE, "alice", 1);
        assertEquals(STORED, st.put(alice, NOW));
        // Mallory signs with her own key: a separate (key, owner) record, Alice's stays.
        assertEquals(STORED, st.put(v(MALLORY, "mallory", 100), NOW));
        assertEquals(STORED, st.put(v(MALLORY, "", 101), NOW));
        assertEquals(List.of(alice), st.get(KEY, NOW));
        // Mallory claims Alice's key as owner: the signature fails, for a write and for a tombstone.
        SignedValue forged = v(MALLORY, "evil", 200);
        assertEquals(BAD_SIGNATURE, st.put(new SignedValue(KEY, forged.value(), ALICE.publicKey(), 200,
                forged.expires(), forged.signature()), NOW));
        SignedValue forgedTomb = v(MALLORY, "", 201);
        assertEquals(BAD_SIGNATURE, st.put(new SignedValue(KEY, new byte[0], ALICE.publicKey(), 201,
                forgedTomb.expires(), forgedTomb.signature()), NOW));
        // Alice's own signature over a modified seq fails too.
        assertEquals(BAD_SIGNATURE, st.put(new SignedValue(KEY, alice.value(), alice.owner(), 2, alice.expires(),
                alice.signature()), NOW));
        assertEquals(List.of(alice), st.get(KEY, NOW));
    }

    @Test
    void tombstoneRemovesAndBlocksResurrection() {
        Storage st = new Storage();
        SignedValue old = v(ALICE, "old", 1, Duration.ofHours(2));
        assertEquals(STORED, st.put(old, NOW));
        assertEquals(STORED, st.put(v(ALICE, "", 2, Duration.ofMinutes(10)), NOW));
        assertTrue(st.get(KEY, NOW).isEmpty());
        assertEquals(STALE_SEQ, st.put(old, NOW));
        assertTrue(st.get(KEY, NOW.plusSeconds(1)).isEmpty());
        // The tombstone lapses, but the record stays until the removed value's own expiry: no resurrection.
        Instant later = NOW.plus(Duration.ofMinutes(30));
        assertEquals(0, st.expire(later));
        assertEquals(STALE_SEQ, st.put(old, later));
        assertTrue(st.get(KEY, later).isEmpty());
        assertEquals(1, st.expire(NOW.plus(Duration.ofHours(2))));
        assertEquals(0, st.size());
        assertEquals(STORED, st.put(v(ALICE, "new", 3, Duration.ofHours(3)), NOW.plus(Duration.ofHours(2))));
    }

    @Test
    void expiryAndLifetimeBounds() {
        Storage st = new Storage();
        assertEquals(EXPIRED, st.put(v(ALICE, "x", 1, Duration.ZERO), NOW));
        assertEquals(EXPIRED, st.put(v(ALICE, "x", 1, Duration.ofSeconds(-1)), NOW));
        assertEquals(LIFETIME_TOO_LONG, st.put(v(ALICE, "x", 1, Duration.ofHours(24).plusMillis(1)), NOW));
        assertEquals(STORED, st.put(v(ALICE, "x", 1, Duration.ofHours(24)), NOW));
        assertEquals(1, st.get(KEY, NOW.plus(Duration.ofHours(23))).size());
        assertTrue(st.get(KEY, NOW.plus(Duration.ofHours(24))).isEmpty());
        assertEquals(1, st.expire(NOW.plus(Duration.ofHours(24))));
        assertEquals(0, st.size());
    }

    @Test
    void sizeAndCountBounds() {
        Storage st = new Storage(new Storage.Limits(8, 2, 3, Duration.ofHours(1)));
        assertEquals(TOO_LARGE, st.put(v(ALICE, "123456789", 1), NOW));
        assertEquals(STORED, st.put(v(ALICE, "12345678", 1), NOW));
        assertEquals(STORED, st.put(v(MALLORY, "m", 1), NOW));
        assertEquals(FULL, st.put(v(Signer.generate(), "3rd", 1), NOW));
        assertEquals(STORED, st.put(v(ALICE, "update", 2), NOW), "updating an existing record is not bounded");
        assertEquals(STORED, st.put(SignedValues.sign(Id.of("k2"), new byte[] {1}, 1, NOW.plusSeconds(60), ALICE), NOW));
        assertEquals(FULL, st.put(SignedValues.sign(Id.of("k3"), new byte[] {1}, 1, NOW.plusSeconds(60), ALICE), NOW));
        assertFalse(FULL.ok());
        assertTrue(DUPLICATE.ok());
    }

    @Test
    void digestAndDiffForAntiEntropy() {
        Storage a = new Storage();
        Storage b = new Storage();
        Id low = Id.parse("0000000000000000000000000000000000000000");
        Id high = Id.parse("ffffffffffffffffffffffffffffffffffffffff");
        SignedValue x1 = SignedValues.sign(Id.of("x"), new byte[] {1}, 1, NOW.plusSeconds(600), ALICE);
        SignedValue x2 = SignedValues.sign(Id.of("x"), new byte[] {2}, 2, NOW.plusSeconds(600), ALICE);
        SignedValue y = SignedValues.sign(Id.of("y"), new byte[] {3}, 1, NOW.plusSeconds(600), MALLORY);
        SignedValue z = SignedValues.sign(Id.of("z"), new byte[] {4}, 7, NOW.plusSeconds(600), ALICE);
        for (SignedValue v : List.of(x1, y)) a.put(v, NOW);
        for (SignedValue v : List.of(x1, y)) b.put(v, NOW);
        assertEquals(a.digest(low, high, NOW), b.digest(low, high, NOW));
        b.put(x2, NOW);
        a.put(z, NOW);
        assertNotEquals(a.digest(low, high, NOW), b.digest(low, high, NOW));
        Storage.Diff d = Storage.diff(a.summary(low, high, NOW), b.summary(low, high, NOW));
        assertEquals(List.of(new Storage.Entry(x2.key(), ALICE.id(), 2)), d.fetch());
        assertEquals(List.of(new Storage.Entry(z.key(), ALICE.id(), 7)), d.push());
        // Repair: a fetches x2 from b, b gets z from a; then both agree.
        a.put(b.get(x2.key(), ALICE.id(), NOW).orElseThrow(), NOW);
        b.put(a.get(z.key(), ALICE.id(), NOW).orElseThrow(), NOW);
        assertEquals(a.digest(low, high, NOW), b.digest(low, high, NOW));
        assertTrue(Storage.diff(a.summary(low, high, NOW), b.summary(low, high, NOW)).fetch().isEmpty());
    }

    @Test
    void ringRangesWrap() {
        Storage st = new Storage();
        Id lo = Id.parse("1000000000000000000000000000000000000000");
        Id hi = Id.parse("f000000000000000000000000000000000000000");
        Id small = Id.parse("0100000000000000000000000000000000000000");
        Id big = Id.parse("ff00000000000000000000000000000000000000");
        Id mid = Id.parse("8000000000000000000000000000000000000000");
        for (Id k : List.of(small, mid, big)) {
            assertEquals(STORED, st.put(SignedValues.sign(k, new byte[] {1}, 1, NOW.plusSeconds(60), ALICE), NOW));
        }
        assertEquals(List.of(mid), st.values(lo, hi, NOW).stream().map(SignedValue::key).toList());
        assertEquals(List.of(big, small), st.values(hi, lo, NOW).stream().map(SignedValue::key).toList());
        assertTrue(Storage.inRange(small, hi, lo));
        assertFalse(Storage.inRange(mid, hi, lo));
        assertEquals(2, st.summary(hi, lo, NOW).size());
    }
}
