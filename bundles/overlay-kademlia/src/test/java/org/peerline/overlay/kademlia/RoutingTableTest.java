package org.peerline.overlay.kademlia;

import static org.junit.jupiter.api.Assertions.*;

import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.peerline.api.overlay.Id;
import org.peerline.overlay.core.Contact;

/**
 * Kademlia §2.1-2.2: buckets by XOR distance, §4.2's split buckets, and closest() against a brute-force sort by XOR
 * distance.
 */
class RoutingTableTest {
    private static Id random(Random r) {
        byte[] b = new byte[Id.BYTES];
        r.nextBytes(b);
        return Id.of(b);
    }

    private static BigInteger xor(Id a, Id b) {
        return new BigInteger(1, a.toBytes()).xor(new BigInteger(1, b.toBytes()));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void closestIsTheXorNearestInOrderWithoutTheAsker(int bits) {
        Random r = new Random(7);
        Id self = random(r);
        RoutingTable t = new RoutingTable(self, 20, bits);
        List<Contact> all = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            Contact c = new Contact(random(r), new InetSocketAddress("10.0.0.1", 1000 + i));
            if (t.add(c)) all.add(c);
        }
        assertEquals(all.size(), t.size());
        assertTrue(t.size() < 3000, "far buckets fill up at k = 20");
        assertEquals(20 << (bits - 1), t.size(159), "bucket 159 holds 2^(b-1) full k-buckets");
        for (int trial = 0; trial < 200; trial++) {
            Id target = trial % 4 == 0 ? all.get(r.nextInt(all.size())).id() : random(r);
            int n = 1 + r.nextInt(25);
            Contact except = trial % 3 == 0 ? all.get(r.nextInt(all.size())) : null;
            List<Contact> expected = new ArrayList<>(all);
            expected.remove(except);
            expected.sort(Comparator.comparing(c -> xor(c.id(), target)));
            assertEquals(expected.subList(0, Math.min(n, expected.size())), t.closest(target, n, except),
                    "target " + target + ", n " + n);
        }
        assertEquals(List.of(), t.closest(self, 0));
    }

    @Test
    void bucketIsTheLengthOfTheCommonPrefix() {
        Id self = Id.parse("8000000000000000000000000000000000000000");
        RoutingTable t = new RoutingTable(self, 20);
        assertEquals(159, t.bucketOf(Id.parse("0000000000000000000000000000000000000000")));
        assertEquals(0, t.bucketOf(Id.parse("8000000000000000000000000000000000000001")));
        assertEquals(-1, t.bucketOf(self));
        Id inBucket = t.randomIdIn(5, new Random(1));
        assertEquals(5, t.bucketOf(inBucket));
    }

    private static Contact contact(String id, int port) {
        return new Contact(Id.parse(id), new InetSocketAddress("10.0.0.1", port));
    }

    @Test
    void withTwoBitsPerHopABucketSplitsOnTheBitAfterTheLeadingOne() {
        Id self = Id.parse("8000000000000000000000000000000000000000");
        RoutingTable t = new RoutingTable(self, 1, 2);
        assertEquals(2, t.parts());
        assertEquals(159 << 1, t.slot(Id.parse("0000000000000000000000000000000000000000")));
        assertEquals(159 << 1 | 1, t.slot(Id.parse("4000000000000000000000000000000000000000")));
        assertEquals(0, t.slot(Id.parse("8000000000000000000000000000000000000001")), "bit 0: no bit after it");
        assertTrue(t.add(contact("0000000000000000000000000000000000000001", 1)));
        assertFalse(t.add(contact("0000000000000000000000000000000000000002", 2)), "k = 1: that part is full");
        assertTrue(t.add(contact("4000000000000000000000000000000000000002", 3)), "the other part has room");
        Random r = new Random(3);
        for (int part = 0; part < 2; part++) {
            for (int i : new int[] {1, 40, 159}) assertEquals(i << 1 | part, t.slot(t.randomIdIn(i, part, r)));
        }
        assertThrows(IllegalArgumentException.class, () -> new RoutingTable(self, 20, 5));
    }
}
