package org.peerline.overlay.kademlia;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.peerline.api.overlay.Id;
import org.peerline.overlay.core.Contact;

/**
 * Kademlia's routing table (§2.2): 160 k-buckets; bucket i holds contacts at XOR distance [2^i, 2^(i+1)), least
 * recently seen first. Pure bookkeeping: what to do when a bucket is full (ping the oldest) is the node's job.
 * Single-threaded (the node's loop).
 */
public final class RoutingTable {
    public static final int BUCKETS = Id.BYTES * 8;

    private final Id self;
    private final byte[] selfBytes;
    private final int k;
    private final List<LinkedHashMap<Id, Contact>> buckets = new ArrayList<>(BUCKETS);
    private final Map<InetSocketAddress, Id> byAddress = new HashMap<>();

    public RoutingTable(Id self, int k) {
        this.self = self;
        this.selfBytes = self.toBytes();
        this.k = k;
        for (int i = 0; i < BUCKETS; i++) buckets.add(new LinkedHashMap<>());
    }

    /** XOR distance (§2.1) as 20 unsigned big-endian bytes. */
    public static byte[] distance(Id a, Id b) {
        byte[] x = a.toBytes();
        byte[] y = b.toBytes();
        for (int i = 0; i < x.length; i++) x[i] ^= y[i];
        return x;
    }

    /** The bucket of {@code other}: 159 minus the length of the common prefix; -1 for this node's id. */
    public int bucketOf(Id other) {
        byte[] o = other.toBytes();
        for (int i = 0; i < o.length; i++) {
            int x = (o[i] ^ selfBytes[i]) & 0xff;
            if (x != 0) return BUCKETS - 1 - (i * 8 + Integer.numberOfLeadingZeros(x) - 24);
        }
        return -1;
    }

    public boolean contains(Id id) {
        int b = bucketOf(id);
        return b >= 0 && buckets.get(b).containsKey(id);
    }

    /** Moves a known contact to the tail (most recently seen); false if it is not in the table. */
    public boolean touch(Contact c) {
        int b = bucketOf(c.id());
        if (b < 0) return false;
        LinkedHashMap<Id, Contact> bucket = buckets.get(b);
        if (bucket.remove(c.id()) == null) return false;
        bucket.put(c.id(), c);
        byAddress.put(c.address(), c.id());
        return true;
    }

    /** Adds a contact at the tail if its bucket has room; false if it is full (or the id is this node's). */
    public boolean add(Contact c) {
        int b = bucketOf(c.id());
        if (b < 0 || buckets.get(b).size() >= k) return false;
        buckets.get(b).put(c.id(), c);
        byAddress.put(c.address(), c.id());
        return true;
    }

    /** The least recently seen contact of the bucket {@code id} falls in, or null. */
    public Contact oldest(Id id) {
        int b = bucketOf(id);
        return b < 0 || buckets.get(b).isEmpty() ? null : buckets.get(b).values().iterator().next();
    }

    public Contact remove(Id id) {
        int b = bucketOf(id);
        Contact c = b < 0 ? null : buckets.get(b).remove(id);
        if (c != null) byAddress.remove(c.address());
        return c;
    }

    /** The contact at this address, or null. */
    public Contact at(InetSocketAddress address) {
        Id id = byAddress.get(address);
        if (id == null) return null;
        int b = bucketOf(id);
        return b < 0 ? null : buckets.get(b).get(id);
    }

    /** The {@code n} known contacts closest to {@code target} by XOR, closest first. */
    public List<Contact> closest(Id target, int n) {
        List<Contact> all = new ArrayList<>();
        for (LinkedHashMap<Id, Contact> b : buckets) all.addAll(b.values());
        return sortByDistance(all, target).subList(0, Math.min(n, all.size()));
    }

    /** Sorts (a copy of) contacts by XOR distance to {@code target}. */
    public static List<Contact> sortByDistance(List<Contact> contacts, Id target) {
        record D(byte[] d, Contact c) {
        }
        List<D> ds = new ArrayList<>(contacts.size());
        for (Contact c : contacts) ds.add(new D(distance(c.id(), target), c));
        ds.sort(Comparator.comparing(D::d, Arrays::compareUnsigned));
        List<Contact> out = new ArrayList<>(ds.size());
        for (D d : ds) out.add(d.c());
        return out;
    }

    /** The contacts of bucket {@code i}, least recently seen first. */
    public List<Contact> bucket(int i) {
        return List.copyOf(buckets.get(i).values());
    }

    public int size() {
        return byAddress.size();
    }

    /** Index of the lowest non-empty bucket (the closest neighbour's), or BUCKETS if the table is empty. */
    public int lowestNonEmpty() {
        for (int i = 0; i < BUCKETS; i++) if (!buckets.get(i).isEmpty()) return i;
        return BUCKETS;
    }

    /** A random id in bucket {@code i}'s range: shares this node's first 159 - i bits, differs at bit 159 - i. */
    public Id randomIdIn(int i, java.util.Random random) {
        byte[] id = selfBytes.clone();
        int bit = BUCKETS - 1 - i;
        id[bit >>> 3] ^= (byte) (0x80 >>> (bit & 7));
        for (int b = bit + 1; b < BUCKETS; b++) {
            if (random.nextBoolean()) id[b >>> 3] ^= (byte) (0x80 >>> (b & 7));
        }
        return Id.of(id);
    }

    public Id self() {
        return self;
    }
}
