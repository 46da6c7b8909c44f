package org.peerline.overlay.bamboo;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.peerline.api.overlay.Id;
import org.peerline.overlay.core.Contact;

/**
 * Pastry's leaf set (Rowstron and Druschel 2001, §2.1): the {@code perSide} nodes numerically closest to this node
 * clockwise (larger ids, mod 2^160) and as many counter-clockwise. Routing delivers to the closest leaf when a key
 * lies within the set's range (§2.2), and the set holds a key's replicas (PAST; Bamboo/the seed replicate on it).
 * A side with fewer than {@code perSide} members means this node knows the whole ring, so the range is everything.
 * In a small ring a node may sit on both sides. Pure bookkeeping, single-threaded (the node's loop).
 */
public final class LeafSet {
    private final Id self;
    private final int perSide;
    private final TreeMap<Id, Contact> right = new TreeMap<>(); // by clockwise distance from self
    private final TreeMap<Id, Contact> left = new TreeMap<>(); // by counter-clockwise distance
    private final Map<InetSocketAddress, Contact> byAddress = new HashMap<>(); // the members, for every message

    public LeafSet(Id self, int perSide) {
        if (perSide < 1) throw new IllegalArgumentException("perSide: " + perSide);
        this.self = self;
        this.perSide = perSide;
    }

    public int perSide() {
        return perSide;
    }

    /** Adds (or refreshes the address of) {@code c} where it fits; true if it was not a member and now is. */
    public boolean add(Contact c) {
        if (c.id().equals(self) || c.equals(byAddress.get(c.address()))) return false; // none, or unchanged
        Id r = Ring.clockwise(self, c.id());
        Id l = Ring.clockwise(c.id(), self);
        if (beyond(right, r) && beyond(left, l)) return false; // farther than both full sides reach: not wanted
        boolean was = right.containsKey(r) || left.containsKey(l);
        if (place(right, r, c) | place(left, l, c)) reindex();
        return !was && (right.containsKey(r) || left.containsKey(l));
    }

    private void reindex() {
        byAddress.clear();
        for (Contact c : right.values()) byAddress.put(c.address(), c);
        for (Contact c : left.values()) byAddress.put(c.address(), c);
    }

    private boolean beyond(TreeMap<Id, Contact> side, Id d) {
        return side.size() >= perSide && d.compareTo(side.lastKey()) > 0;
    }

    /** Puts {@code c} on a side at distance {@code d} if it is among the {@code perSide} nearest; true if put. */
    private boolean place(TreeMap<Id, Contact> side, Id d, Contact c) {
        if (beyond(side, d)) return false;
        side.put(d, c);
        if (side.size() > perSide) side.pollLastEntry();
        return true;
    }

    /** Whether {@link #add} would make {@code c} a member. */
    public boolean wouldAccept(Contact c) {
        if (c.id().equals(self) || contains(c.id())) return false;
        return fits(right, Ring.clockwise(self, c.id())) || fits(left, Ring.clockwise(c.id(), self));
    }

    private boolean fits(TreeMap<Id, Contact> side, Id d) {
        return side.size() < perSide || d.compareTo(side.lastKey()) < 0;
    }

    public Contact remove(Id id) {
        Contact a = right.remove(Ring.clockwise(self, id));
        Contact b = left.remove(Ring.clockwise(id, self));
        if (a != null || b != null) reindex();
        return a != null ? a : b;
    }

    public boolean contains(Id id) {
        return right.containsKey(Ring.clockwise(self, id)) || left.containsKey(Ring.clockwise(id, self));
    }

    /** The member at this address, or null. */
    public Contact at(InetSocketAddress address) {
        return byAddress.get(address);
    }

    /** Whether both sides hold {@code perSide} members. */
    public boolean full() {
        return right.size() >= perSide && left.size() >= perSide;
    }

    /** Whether {@code key} lies within [farthest left, farthest right] (§2.2); always, while a side is not full. */
    public boolean covers(Id key) {
        if (!full()) return true;
        Id low = left.lastEntry().getValue().id();
        Id high = right.lastEntry().getValue().id();
        return Ring.clockwise(low, key).compareTo(Ring.clockwise(low, high)) <= 0;
    }

    /** Members in ring order: farthest left first, then nearest right to farthest right; each once. */
    public List<Contact> members() {
        Map<Id, Contact> out = new LinkedHashMap<>();
        for (Contact c : left.descendingMap().values()) out.putIfAbsent(c.id(), c);
        for (Contact c : right.values()) out.putIfAbsent(c.id(), c);
        return new ArrayList<>(out.values());
    }

    /** Clockwise neighbours, nearest first. */
    public List<Contact> right() {
        return new ArrayList<>(right.values());
    }

    /** Counter-clockwise neighbours, nearest first. */
    public List<Contact> left() {
        return new ArrayList<>(left.values());
    }

    /**
     * The {@code n} nodes of this set and {@code me} numerically closest to {@code key}, closest first (Pastry's
     * replica set: PAST stores a file on the k nodes closest to its id, all within the root's leaf set).
     */
    public List<Contact> replicas(Id key, int n, Contact me, Predicate<Contact> usable) {
        List<Contact> all = new ArrayList<>();
        all.add(me);
        for (Contact c : members()) if (usable.test(c)) all.add(c);
        all.sort((a, b) -> Ring.closestTo(key).compare(a.id(), b.id()));
        return new ArrayList<>(all.subList(0, Math.min(n, all.size())));
    }

    public int size() {
        return members().size();
    }
}
