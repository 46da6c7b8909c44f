package org.peerline.overlay.bamboo;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import org.peerline.api.overlay.Id;
import org.peerline.overlay.core.Contact;

/**
 * Pastry's routing table (Rowstron and Druschel 2001, §2.1) with b = 4: 40 rows of 16 columns; the node in row r,
 * column c shares the first r hex digits with this node and has c as digit r. Where two candidates fit one cell,
 * the one with the lower measured round-trip time stays (proximity neighbour selection, §2.5; Bamboo, Rhea et al.
 * USENIX 2004, "Proximity Neighbor Selection"). {@link #nextHop} is §2.2's routing procedure. Single-threaded.
 */
public final class RoutingTable {
    public static final int ROWS = Ring.DIGITS;
    public static final int COLUMNS = Ring.BASE;

    private final Id self;
    private final Contact[][] cells = new Contact[ROWS][COLUMNS];
    private final Map<InetSocketAddress, Contact> byAddress = new HashMap<>(); // every message asks by address
    private int rows; // rows below this one may hold entries (the deepest row ever filled, plus one)

    public RoutingTable(Id self) {
        this.self = self;
    }

    /** The row {@code id} belongs in: the length of its common prefix with this node (40 for this node's id). */
    public int rowOf(Id id) {
        return Ring.prefix(self, id);
    }

    /** Its column: digit {@code rowOf(id)} of {@code id}. */
    public int columnOf(Id id) {
        return Ring.digit(id, rowOf(id));
    }

    public Contact get(int row, int column) {
        return cells[row][column];
    }

    /**
     * Offers {@code c} for its cell: an empty cell takes it; a cell holding the same id takes its new address; a cell
     * holding another node swaps only if {@code c}'s RTT (by {@code rtt}, +infinity when unmeasured) is lower (PNS).
     * Returns the contact it displaced or, for an empty cell, {@code c}; null when nothing changed.
     */
    public Contact add(Contact c, ToDoubleFunction<Contact> rtt) {
        int r = rowOf(c.id());
        if (r == ROWS) return null;
        int col = Ring.digit(c.id(), r);
        Contact old = cells[r][col];
        if (old == null) {
            set(r, col, c);
            rows = Math.max(rows, r + 1);
            return c;
        }
        if (old.id().equals(c.id())) {
            if (!old.equals(c)) set(r, col, c);
            return null;
        }
        if (rtt.applyAsDouble(c) < rtt.applyAsDouble(old)) {
            set(r, col, c);
            return old;
        }
        return null;
    }

    private void set(int r, int col, Contact c) {
        Contact old = cells[r][col];
        if (old != null) byAddress.remove(old.address(), old);
        cells[r][col] = c;
        if (c != null) byAddress.put(c.address(), c);
    }

    /** Whether {@code c}'s cell is empty (it would be added without a comparison). */
    public boolean hole(Id id) {
        int r = rowOf(id);
        return r < ROWS && cells[r][Ring.digit(id, r)] == null;
    }

    public boolean contains(Id id) {
        int r = rowOf(id);
        return r < ROWS && cells[r][Ring.digit(id, r)] != null && cells[r][Ring.digit(id, r)].id().equals(id);
    }

    public Contact remove(Id id) {
        if (!contains(id)) return null;
        int r = rowOf(id);
        Contact c = cells[r][Ring.digit(id, r)];
        set(r, Ring.digit(id, r), null);
        return c;
    }

    /** The entry at this address, or null. */
    public Contact at(InetSocketAddress address) {
        return byAddress.get(address);
    }

    /** The entries of row {@code r}, by column. */
    public List<Contact> row(int r) {
        List<Contact> out = new ArrayList<>();
        for (Contact c : cells[r]) if (c != null) out.add(c);
        return out;
    }

    public List<Contact> all() {
        List<Contact> out = new ArrayList<>();
        for (int r = 0; r < rows; r++) out.addAll(row(r));
        return out;
    }

    /** The highest non-empty row, or -1. */
    public int depth() {
        for (int r = rows - 1; r >= 0; r--) if (!row(r).isEmpty()) return r;
        return -1;
    }

    /**
     * Pastry's routing procedure (§2.2) for {@code key}: within the leaf set's range, the numerically closest of the
     * leaves and this node; else the table entry sharing one more digit with the key; else (the rare case) any known
     * node sharing at least as long a prefix and numerically closer than this node, the closest such. Only nodes
     * passing {@code usable} are chosen. Returns null when this node is the root. While a side of the leaf set is
     * short (after failures, before repair) its range is the whole ring, and the table's nodes are candidates too,
     * so a far key is not delivered here by mistake.
     */
    public Contact nextHop(Id key, LeafSet leaves, Predicate<Contact> usable) {
        if (leaves.covers(key)) {
            Contact best = null;
            List<Contact> candidates = new ArrayList<>(leaves.members());
            if (!leaves.full()) candidates.addAll(all());
            for (Contact c : candidates) {
                if (usable.test(c) && Ring.closer(c.id(), best == null ? self : best.id(), key)) best = c;
            }
            return best;
        }
        int l = Ring.prefix(self, key);
        if (l == ROWS) return null;
        Contact entry = cells[l][Ring.digit(key, l)];
        if (entry != null && usable.test(entry)) return entry;
        Contact best = null;
        List<Contact> known = new ArrayList<>(leaves.members());
        known.addAll(all());
        for (Contact c : known) {
            if (!usable.test(c) || Ring.prefix(c.id(), key) < l) continue;
            if (Ring.closer(c.id(), best == null ? self : best.id(), key)) best = c;
        }
        return best;
    }
}
