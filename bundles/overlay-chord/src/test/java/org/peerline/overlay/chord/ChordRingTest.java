package org.peerline.overlay.chord;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.peerline.api.overlay.Id;
import org.peerline.overlay.core.Contact;
import org.peerline.overlay.core.node.OverlayConformance;

/**
 * Ring arithmetic (Stoica et al. 2003 §IV.A intervals with wrap-around), finger targets (RFC 6940 §10.1 spacing),
 * successor/predecessor list maintenance (§V.B).
 */
class ChordRingTest {
    static Id id(int lastByte, int firstByte) {
        byte[] b = new byte[Id.BYTES];
        b[0] = (byte) firstByte;
        b[Id.BYTES - 1] = (byte) lastByte;
        return Id.of(b);
    }

    static Id id(int v) {
        return id(v, 0);
    }

    static Contact contact(int v) {
        return new Contact(id(v), OverlayConformance.address(v));
    }

    @Test
    void betweenWrapsAroundZero() {
        assertTrue(Ring.between(id(10), id(20), id(30)));
        assertFalse(Ring.between(id(10), id(10), id(30)));
        assertFalse(Ring.between(id(10), id(30), id(30)));
        assertTrue(Ring.betweenRightIncluded(id(10), id(30), id(30)));
        assertFalse(Ring.between(id(10), id(40), id(30)));
        Id high = id(0, 0xf0);
        assertTrue(Ring.between(high, id(5), id(10)), "wraps past zero");
        assertTrue(Ring.between(high, id(0, 0xf8), id(10)));
        assertFalse(Ring.between(high, id(20), id(10)));
        assertTrue(Ring.between(id(7), id(3), id(7)), "(a, a) is the circle without a");
        assertFalse(Ring.between(id(7), id(7), id(7)));
        assertTrue(Ring.betweenRightIncluded(id(7), id(7), id(7)), "(a, a] is the whole circle");
    }

    @Test
    void distanceAndPowersOfTwoWrap() {
        assertEquals(0, Ring.compare(Ring.distance(id(10), id(30)), id(20).toBytes()));
        byte[] wrapped = Ring.distance(id(30), id(10)); // 2^160 - 20
        assertEquals((byte) 0xff, wrapped[0]);
        assertEquals((byte) (256 - 20), wrapped[Id.BYTES - 1]);
        assertEquals(id(0xff + 0), Ring.plusPowerOfTwo(id(0x7f), 7));
        assertEquals(id(0, 0x80), Ring.plusPowerOfTwo(id(0), 159));
        assertEquals(id(5, 0x00), Ring.plusPowerOfTwo(id(5, 0x80), 159), "wraps modulo 2^160");
        byte[] carry = new byte[Id.BYTES];
        java.util.Arrays.fill(carry, 1, Id.BYTES, (byte) 0xff);
        assertEquals(id(0, 1), Ring.plusPowerOfTwo(Id.of(carry), 0), "carries across every byte");
    }

    @Test
    void fingerTargetsFollowChordReloadSpacing() {
        ChordTable t = new ChordTable(id(0), 3, 3, 16);
        assertEquals(16, t.fingerCount());
        for (int i = 0; i < 16; i++) {
            assertEquals(Ring.plusPowerOfTwo(id(0), 144 + i), t.fingerTarget(i), "n + 2^(160 - 16 + i)");
        }
        assertEquals(id(0, 0x80), t.fingerTarget(15), "the last finger is half way round");
        ChordTable paper = new ChordTable(id(0), 3, 3, 160);
        assertEquals(id(1), paper.fingerTarget(0), "F = 160 gives the paper's n + 2^i");
        // a contact goes to every finger it is the nearest at or after the target of
        Contact far = new Contact(id(0, 0x90), OverlayConformance.address(1));
        t.learn(far);
        assertEquals(far, t.finger(15));
        Contact nearer = new Contact(id(1, 0x80), OverlayConformance.address(2));
        t.learn(nearer);
        assertEquals(nearer, t.finger(15));
        assertEquals(nearer, t.finger(0), "nearest known at or after 2^144");
    }

    @Test
    void successorAndPredecessorListsKeepTheNearestAndRefillOnFailure() {
        ChordTable t = new ChordTable(id(100), 3, 3, 16);
        assertNull(t.successor());
        for (int v : new int[] {150, 110, 90, 200, 130, 50, 95, 120}) t.learn(contact(v));
        assertEquals(List.of(contact(110), contact(120), contact(130)), t.successors());
        assertEquals(List.of(contact(95), contact(90), contact(50)), t.predecessors());
        assertFalse(t.learn(contact(100)), "never itself");
        t.remove(OverlayConformance.address(110));
        assertEquals(List.of(contact(120), contact(130), contact(50)), t.successors(), "refilled from what is left (150 and 200 were"
                + " forgotten when pushed out; 50 follows clockwise after the wrap)");
        assertEquals(List.of(contact(130), contact(120)), t.closestPreceding(id(160), 3), "in (n, key), nearest the key first");
        assertTrue(t.wouldTake(contact(125)), "between two successors: worth a PING");
        assertFalse(t.wouldTake(contact(120)), "held already");
        assertEquals(List.of(contact(120), contact(130), contact(50)), t.successors(), "wouldTake changes nothing");
        Contact moved = new Contact(id(120), OverlayConformance.address(777));
        t.learn(moved);
        assertEquals(moved, t.successor(), "a known node at a new address");
    }
}
