package org.peerline.overlay.kademlia;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
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
    @SuppressWarnings("unchecked") // created on first use: most of the 160 stay empty (memory at 10^5 nodes)
    private final LinkedHashMap<Id, Contact>[] buckets = new LinkedHashMap[BUCKETS];
    private final Map<InetSocketAddress, Id> byAddress = new HashMap<>();

    public RoutingTable(Id self, int k) {
        this.self = self;
        this.selfBytes = self.toBytes();
        this.k = k;
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
        return b >= 0 && buckets[b] != null && buckets[b].containsKey(id);
    }

    /** Moves a known contact to the tail (most recently seen); false if it is not in the table. */
    public boolean touch(Contact c) {
        int b = bucketOf(c.id());
        if (b < 0) return false;
        LinkedHashMap<Id, Contact> bucket = buckets[b];
        if (bucket == null || bucket.remove(c.id()) == null) return false;
        bucket.put(c.id(), c);
        byAddress.put(c.address(), c.id());
        return true;
    }

    /** Adds a contact at the tail if its bucket has room; false if it is full (or the id is this node's). */
    public boolean add(Contact c) {
        int b = bucketOf(c.id());
        if (b < 0 || size(b) >= k) return false;
        if (buckets[b] == null) buckets[b] = new LinkedHashMap<>(k * 2);
        buckets[b].put(c.id(), c);
        byAddress.put(c.address(), c.id());
        return true;
    }

    /** The least recently seen contact of the bucket {@code id} falls in, or null. */
    public Contact oldest(Id id) {
        int b = bucketOf(id);
        return b < 0 || size(b) == 0 ? null : buckets[b].values().iterator().next();
    }

    public Contact remove(Id id) {
        int b = bucketOf(id);
        Contact c = b < 0 || buckets[b] == null ? null : buckets[b].remove(id);
        if (c != null) byAddress.remove(c.address());
        return c;
    }

    /** The contact at this address, or null. */
    public Contact at(InetSocketAddress address) {
        Id id = byAddress.get(address);
        if (id == null) return null;
        int b = bucketOf(id);
        return b < 0 || buckets[b] == null ? null : buckets[b].get(id);
    }

    /**
     * The {@code n} known contacts closest to {@code target} by XOR, closest first. With t = bucketOf(target),
     * d(c, target) = d(c, self) XOR d(self, target): bucket t holds the closest, then every bucket below t (all at
     * distance [2^t, 2^(t+1))), then the buckets above t in ascending order; only the group cut by {@code n} is
     * sorted.
     */
    public List<Contact> closest(Id target, int n) {
        return closest(target, n, null);
    }

    /** {@link #closest(Id, int)} without the contact {@code except} (the asking node), if given. */
    public List<Contact> closest(Id target, int n, Contact except) {
        int t = bucketOf(target);
        List<Contact> out = new ArrayList<>(n);
        if (t >= 0 && buckets[t] != null && take(out, buckets[t].values(), n, target, except)) {
            return sortByDistance(out, target);
        }
        List<Contact> below = new ArrayList<>();
        for (int b = 0; b < t; b++) if (buckets[b] != null) below.addAll(buckets[b].values());
        if (take(out, below, n, target, except)) return sortByDistance(out, target);
        for (int b = t + 1; b < BUCKETS; b++) {
            if (buckets[b] != null && take(out, buckets[b].values(), n, target, except)) break;
        }
        return sortByDistance(out, target);
    }

    /** Adds {@code group} to {@code out}, the closest of it only when it does not all fit; true when full. */
    private static boolean take(List<Contact> out, Collection<Contact> group, int n, Id target, Contact except) {
        List<Contact> g = new ArrayList<>(group);
        if (except != null) g.remove(except);
        if (out.size() + g.size() <= n) {
            out.addAll(g);
            return out.size() == n;
        }
        out.addAll(sortByDistance(g, target).subList(0, n - out.size()));
        return true;
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
        return buckets[i] == null ? List.of() : List.copyOf(buckets[i].values());
    }

    public int size() {
        return byAddress.size();
    }

    /** Index of the lowest non-empty bucket (the closest neighbour's), or BUCKETS if the table is empty. */
    public int lowestNonEmpty() {
        for (int i = 0; i < BUCKETS; i++) if (size(i) > 0) return i;
        return BUCKETS;
    }

    /** How many contacts bucket {@code b} holds. */
    public int size(int b) {
        return buckets[b] == null ? 0 : buckets[b].size();
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
