package org.peerline.overlay.kademlia;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.peerline.api.overlay.Id;
import org.peerline.overlay.core.Contact;

/**
 * Kademlia's routing table (§2.2): 160 k-buckets; bucket i holds contacts at XOR distance [2^i, 2^(i+1)), least
 * recently seen first. With {@code b > 1}, §4.2's accelerated lookups: each bucket is split by the b - 1 distance
 * bits after its leading one into 2^(b-1) k-buckets, so that a contact in the right one shares at least b more bits
 * with a target than this node (the paper's b bits per hop; 2^(b-1) times the contacts, where the paper's irregular
 * tree keeps (2^b - 1) / b). Pure bookkeeping: what to do when a bucket is full (ping the oldest) is the node's
 * job. Single-threaded (the node's loop).
 */
public final class RoutingTable {
    public static final int BUCKETS = Id.BYTES * 8;

    private final Id self;
    private final byte[] selfBytes;
    private final int k;
    private final int split; // b - 1: distance bits after the leading one that choose a bucket's part
    private final LinkedHashMap<Id, Contact>[] buckets; // [bucket << split | part], created on first use
    private final Map<InetSocketAddress, Id> byAddress = new HashMap<>();

    /** Kademlia's table, one k-bucket per distance bit (b = 1). */
    public RoutingTable(Id self, int k) {
        this(self, k, 1);
    }

    /** @param b bits per hop (§4.2, 1 to 4): each distance bucket is split into 2^(b-1) k-buckets */
    @SuppressWarnings("unchecked") // most of the 160 stay empty: created on first use (memory at 10^5 nodes)
    public RoutingTable(Id self, int k, int b) {
        if (b < 1 || b > 4) throw new IllegalArgumentException("b is 1 to 4 bits: " + b);
        this.self = self;
        this.selfBytes = self.toBytes();
        this.k = k;
        this.split = b - 1;
        this.buckets = new LinkedHashMap[BUCKETS << split];
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
        for (int i = 0; i < Id.BYTES; i++) {
            int x = (other.byteAt(i) ^ selfBytes[i]) & 0xff;
            if (x != 0) return BUCKETS - 1 - (i * 8 + Integer.numberOfLeadingZeros(x) - 24);
        }
        return -1;
    }

    /**
     * The k-bucket of {@code other}: its distance bucket, and the {@code b - 1} distance bits after the leading one
     * (zeros past bit 0); -1 for this node's id.
     */
    public int slot(Id other) {
        int b = bucketOf(other);
        if (b < 0 || split == 0) return b;
        int part = 0;
        for (int i = 1; i <= split; i++) {
            int bit = BUCKETS - 1 - b + i; // from the most significant bit
            int x = bit < BUCKETS ? other.byteAt(bit >>> 3) ^ selfBytes[bit >>> 3] & 0xff : 0;
            part = part << 1 | x >>> (7 - (bit & 7)) & 1;
        }
        return b << split | part;
    }

    public boolean contains(Id id) {
        int b = slot(id);
        return b >= 0 && buckets[b] != null && buckets[b].containsKey(id);
    }

    /** Moves a known contact to the tail (most recently seen); false if it is not in the table. */
    public boolean touch(Contact c) {
        int b = slot(c.id());
        if (b < 0) return false;
        LinkedHashMap<Id, Contact> bucket = buckets[b];
        if (bucket == null || bucket.remove(c.id()) == null) return false;
        bucket.put(c.id(), c);
        byAddress.put(c.address(), c.id());
        return true;
    }

    /** Adds a contact at the tail if its k-bucket has room; false if it is full (or the id is this node's). */
    public boolean add(Contact c) {
        int b = slot(c.id());
        if (b < 0 || buckets[b] != null && buckets[b].size() >= k) return false;
        if (buckets[b] == null) buckets[b] = new LinkedHashMap<>(k * 2);
        buckets[b].put(c.id(), c);
        byAddress.put(c.address(), c.id());
        return true;
    }

    /** The least recently seen contact of the k-bucket {@code id} falls in, or null. */
    public Contact oldest(Id id) {
        int b = slot(id);
        return b < 0 || buckets[b] == null || buckets[b].isEmpty() ? null : buckets[b].values().iterator().next();
    }

    public Contact remove(Id id) {
        int b = slot(id);
        Contact c = b < 0 || buckets[b] == null ? null : buckets[b].remove(id);
        if (c != null) byAddress.remove(c.address());
        return c;
    }

    /** The contact at this address, or null. */
    public Contact at(InetSocketAddress address) {
        Id id = byAddress.get(address);
        if (id == null) return null;
        int b = slot(id);
        return b < 0 || buckets[b] == null ? null : buckets[b].get(id);
    }

    /**
     * The {@code n} known contacts closest to {@code target} by XOR, closest first. With t = bucketOf(target),
     * d(c, target) = d(c, self) XOR d(self, target): bucket t holds the closest, then every bucket below t (all at
     * distance [2^t, 2^(t+1))), then the buckets above t in ascending order; the scan stops after the group that
     * fills the n places (a distance bucket's parts are one group). No copies and no sort: each contact is compared
     * into a bounded, ordered array.
     */
    public List<Contact> closest(Id target, int n) {
        return closest(target, n, null);
    }

    /** {@link #closest(Id, int)} without the contact {@code except} (the asking node), if given. */
    public List<Contact> closest(Id target, int n, Contact except) {
        if (n <= 0) return new ArrayList<>();
        int t = bucketOf(target);
        Contact[] best = new Contact[n];
        int size = 0;
        if (t >= 0) size = offer(best, size, t, target, except);
        if (size < n) for (int b = 0; b < t; b++) size = offer(best, size, b, target, except);
        for (int b = t + 1; b < BUCKETS && size < n; b++) size = offer(best, size, b, target, except);
        return new ArrayList<>(Arrays.asList(best).subList(0, size));
    }

    private int offer(Contact[] best, int size, int bucket, Id target, Contact except) {
        for (int s = bucket << split, end = s + (1 << split); s < end; s++) {
            size = offer(best, size, buckets[s], target, except);
        }
        return size;
    }

    /** Inserts the bucket's contacts that rank among the closest into {@code best[0..size)}; the new size. */
    private static int offer(Contact[] best, int size, LinkedHashMap<Id, Contact> bucket, Id target, Contact except) {
        if (bucket == null) return size;
        for (Contact c : bucket.values()) {
            if (c.equals(except)) continue;
            if (size == best.length && compareXor(c.id(), best[size - 1].id(), target) >= 0) continue;
            int i = size == best.length ? size - 1 : size++;
            for (; i > 0 && compareXor(c.id(), best[i - 1].id(), target) < 0; i--) best[i] = best[i - 1];
            best[i] = c;
        }
        return size;
    }

    /** Orders {@code a} and {@code b} by XOR distance to {@code target} (§2.1), byte by byte, allocating nothing. */
    static int compareXor(Id a, Id b, Id target) {
        for (int i = 0; i < Id.BYTES; i++) {
            int x = a.byteAt(i) ^ target.byteAt(i);
            int y = b.byteAt(i) ^ target.byteAt(i);
            if (x != y) return Integer.compare(x, y);
        }
        return 0;
    }

    /** Sorts (a copy of) contacts by XOR distance to {@code target}. */
    public static List<Contact> sortByDistance(List<Contact> contacts, Id target) {
        List<Contact> out = new ArrayList<>(contacts);
        out.sort((a, b) -> compareXor(a.id(), b.id(), target));
        return out;
    }

    /** The contacts of distance bucket {@code i}, least recently seen first in each of its parts. */
    public List<Contact> bucket(int i) {
        List<Contact> out = new ArrayList<>();
        for (int s = i << split, end = s + (1 << split); s < end; s++) {
            if (buckets[s] != null) out.addAll(buckets[s].values());
        }
        return out;
    }

    /** How many k-buckets split one distance bucket (2^(b-1)). */
    public int parts() {
        return 1 << split;
    }

    public int size() {
        return byAddress.size();
    }

    /** Index of the lowest non-empty bucket (the closest neighbour's), or BUCKETS if the table is empty. */
    public int lowestNonEmpty() {
        for (int i = 0; i < BUCKETS; i++) if (size(i) > 0) return i;
        return BUCKETS;
    }

    /** How many contacts distance bucket {@code b} holds. */
    public int size(int b) {
        int n = 0;
        for (int s = b << split, end = s + (1 << split); s < end; s++) n += buckets[s] == null ? 0 : buckets[s].size();
        return n;
    }

    /** How many contacts part {@code part} of distance bucket {@code b} holds (at most k). */
    public int size(int b, int part) {
        LinkedHashMap<Id, Contact> bucket = buckets[b << split | part];
        return bucket == null ? 0 : bucket.size();
    }

    /** A random id in bucket {@code i}'s range: shares this node's first 159 - i bits, differs at bit 159 - i. */
    public Id randomIdIn(int i, java.util.Random random) {
        return randomIdIn(i, random.nextInt(parts()), random);
    }

    /** A random id in part {@code part} of bucket {@code i}: the b - 1 distance bits after the leading one. */
    public Id randomIdIn(int i, int part, java.util.Random random) {
        byte[] id = selfBytes.clone();
        int bit = BUCKETS - 1 - i;
        id[bit >>> 3] ^= (byte) (0x80 >>> (bit & 7));
        for (int b = bit + 1; b < BUCKETS; b++) {
            int p = b - bit; // 1.. : bits 1..split come from part, the rest are random
            boolean flip = p <= split ? (part >>> (split - p) & 1) == 1 : random.nextBoolean();
            if (flip) id[b >>> 3] ^= (byte) (0x80 >>> (b & 7));
        }
        return Id.of(id);
    }

    public Id self() {
        return self;
    }
}
