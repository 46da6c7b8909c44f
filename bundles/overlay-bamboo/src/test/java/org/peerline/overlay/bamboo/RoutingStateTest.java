package org.peerline.overlay.bamboo;

import static org.junit.jupiter.api.Assertions.*;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.peerline.api.overlay.Id;
import org.peerline.overlay.core.Contact;

/** Pastry's state without a network (Rowstron and Druschel 2001, §2.1-2.2; PNS as Rhea et al. 2004). */
class RoutingStateTest {
    private static int port = 1;

    /** An id from a hex prefix, padded with {@code fill}. */
    static Id id(String prefix, char fill) {
        return Id.parse((prefix + String.valueOf(fill).repeat(40)).substring(0, 40));
    }

    static Contact contact(Id id) {
        try {
            return new Contact(id, new InetSocketAddress(InetAddress.getByAddress(new byte[] {10, 0, 0, 1}), port++));
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    static List<String> prefixes(List<Contact> cs) {
        return cs.stream().map(c -> c.id().toString().substring(0, 4)).collect(Collectors.toList());
    }

    @Test
    void prefixAndDigits() {
        Id a = id("a3f0", '0');
        assertEquals(40, Ring.prefix(a, a));
        assertEquals(0, Ring.prefix(a, id("b3f0", '0')));
        assertEquals(1, Ring.prefix(a, id("a4f0", '0'))); // differs in the low nibble of byte 0
        assertEquals(2, Ring.prefix(a, id("a3e0", '0')));
        assertEquals(39, Ring.prefix(id("", '0'), id("000000000000000000000000000000000000000f", '0')));
        assertEquals(0xa, Ring.digit(a, 0));
        assertEquals(0x3, Ring.digit(a, 1));
        assertEquals(0xf, Ring.digit(a, 2));
        Id r = Ring.randomIn(a, 3, 0x7, new Random(1));
        assertEquals(3, Ring.prefix(a, r));
        assertEquals(0x7, Ring.digit(r, 3));
    }

    @Test
    void ringDistanceWrapsAndTiesGoClockwise() {
        Id low = id("0001", '0');
        Id high = id("ffff", 'f');
        assertTrue(Ring.closer(high, id("8000", '0'), low), "ffff.. is 2 units before 0001.. round the ring");
        Id key = id("5", '0');
        Id before = id("4", '0');
        Id after = id("6", '0');
        assertTrue(Ring.closer(after, before, key), "equal distance: the clockwise node is the root");
    }

    @Test
    void cellPlacementAndProximitySelection() {
        Id self = id("a3f0", '0');
        RoutingTable t = new RoutingTable(self);
        Contact c = contact(id("a3c5", '1'));
        assertEquals(2, t.rowOf(c.id()));
        assertEquals(0xc, t.columnOf(c.id()));
        assertTrue(t.hole(c.id()));
        Map<Contact, Double> rtt = new java.util.HashMap<>();
        assertSame(c, t.add(c, x -> rtt.getOrDefault(x, Double.POSITIVE_INFINITY)));
        assertSame(c, t.get(2, 0xc));
        Contact rival = contact(id("a3c9", '2')); // same cell
        assertNull(t.add(rival, x -> rtt.getOrDefault(x, Double.POSITIVE_INFINITY)), "both unmeasured: keep");
        rtt.put(c, 40.0);
        rtt.put(rival, 60.0);
        assertNull(t.add(rival, rtt::get), "slower: keep the incumbent");
        rtt.put(rival, 10.0);
        assertSame(c, t.add(rival, rtt::get), "faster: PNS swaps and returns the displaced");
        assertSame(rival, t.get(2, 0xc));
        assertNull(t.add(contact(self), x -> 0), "never itself");
        assertSame(rival, t.remove(rival.id()));
        assertTrue(t.all().isEmpty());
    }

    @Test
    void leafSetOrdersBothSidesAroundTheRing() {
        Id self = id("08", '0');
        LeafSet ls = new LeafSet(self, 2);
        for (String p : List.of("01", "03", "05", "0a", "0c", "0e", "f0", "f8")) ls.add(contact(id(p, '0')));
        assertEquals(List.of("0a00", "0c00"), prefixes(ls.right()), "clockwise, nearest first");
        assertEquals(List.of("0500", "0300"), prefixes(ls.left()), "counter-clockwise, nearest first");
        assertEquals(List.of("0300", "0500", "0a00", "0c00"), prefixes(ls.members()), "ring order");
        assertTrue(ls.covers(id("04", '0')));
        assertFalse(ls.covers(id("0d", '0')));
        assertFalse(ls.wouldAccept(contact(id("f8", '0'))));
        assertTrue(ls.wouldAccept(contact(id("09", '0'))));
        Contact nine = contact(id("09", '0'));
        assertTrue(ls.add(nine));
        assertEquals(List.of("0900", "0a00"), prefixes(ls.right()));
        Contact me = contact(self);
        assertEquals(List.of("0900", "0800", "0a00"),
                prefixes(ls.replicas(id("0880", '0'), 3, me, c -> true)), "closest to 088.. first");
        assertSame(nine, ls.remove(nine.id()));
        assertEquals(List.of("0a00"), prefixes(ls.right()), "an evicted node is not remembered");
        assertFalse(ls.full());
        assertTrue(ls.covers(id("0d", '0')), "a side short of members: the whole ring until maintenance refills it");
        // wrap-around: near the top of the ring, the right side continues at 0
        LeafSet top = new LeafSet(id("fe", '0'), 2);
        for (String p : List.of("01", "03", "f0", "fa", "80")) top.add(contact(id(p, '0')));
        assertEquals(List.of("0100", "0300"), prefixes(top.right()));
        assertEquals(List.of("fa00", "f000"), prefixes(top.left()));
        assertTrue(top.covers(id("00", '0')));
    }

    @Test
    void smallLeafSetCoversTheWholeRing() {
        LeafSet ls = new LeafSet(id("80", '0'), 8);
        ls.add(contact(id("10", '0')));
        ls.add(contact(id("f0", '0')));
        assertTrue(ls.covers(id("40", '0')));
        assertEquals(2, ls.size(), "a node may sit on both sides; listed once");
    }

    @Test
    void nextHopLeafSetThenTableThenRareCase() {
        Id self = id("8000", '0');
        LeafSet ls = new LeafSet(self, 2);
        RoutingTable t = new RoutingTable(self);
        Contact[] leaves = {contact(id("7f", '0')), contact(id("7e", '0')), contact(id("81", '0')),
                contact(id("82", '0'))};
        for (Contact c : leaves) {
            ls.add(c);
            t.add(c, x -> 1);
        }
        Contact c3 = contact(id("3", '7'));
        Contact c85 = contact(id("85", '0'));
        t.add(c3, x -> 1);
        t.add(c85, x -> 1);
        // within the leaf-set range: the closest leaf, or null when this node is closest
        assertEquals(leaves[2], t.nextHop(id("8100", '1'), ls, c -> true));
        assertNull(t.nextHop(id("8001", '0'), ls, c -> true));
        // outside: the table entry sharing one more digit
        assertEquals(c3, t.nextHop(id("3abc", '0'), ls, c -> true));
        assertEquals(c85, t.nextHop(id("85f", '0'), ls, c -> true));
        // the rare case: no entry in the cell (row 0, column 6), so any known node closer to the key
        assertEquals(leaves[1], t.nextHop(id("6", '0'), ls, c -> true));
        // an excluded (failed) node is routed around
        assertEquals(leaves[3], t.nextHop(id("8200", '1'), ls, c -> true));
        assertEquals(leaves[2], t.nextHop(id("8200", '1'), ls, c -> !c.equals(leaves[3])));
        assertEquals(leaves[1], t.nextHop(id("3abc", '0'), ls, c -> !c.equals(c3)), "c3 failed: the rare case");
        // a leaf set short of a side considers the table too (the seed fell back to the leaves only)
        ls.remove(leaves[2].id());
        ls.remove(leaves[3].id());
        assertEquals(c85, t.nextHop(id("85f", '0'), ls, c -> true));
        assertNull(t.nextHop(id("8000", '1'), ls, c -> true));
    }
}
