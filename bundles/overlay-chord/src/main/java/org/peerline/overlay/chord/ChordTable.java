package org.peerline.overlay.chord;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.peerline.api.overlay.Id;
import org.peerline.overlay.core.Contact;

/**
 * A Chord node's routing state, pure bookkeeping (who to ask and when is {@link ChordNode}'s job):
 * <ul>
 * <li>the successor list (Stoica et al. 2003 §V.B: the r nearest nodes clockwise) and the predecessor list, both
 * at least 3 long as RFC 6940 §10.1 requires of CHORD-RELOAD's neighbour table;</li>
 * <li>F fingers (RFC 6940 §10.1: at least 16): finger i, 0 &lt;= i &lt; F, is the first node at or after
 * {@code n + 2^(160 - F + i)}; that is RFC 6940's {@code n + 2^(numBitsInNodeId - j)} with j = F - i, and with
 * F = 160 the paper's {@code finger[i+1].start = n + 2^i} (§IV.D, Table I).</li>
 * </ul>
 * Any live contact is offered to every slot ({@link #learn}): it enters a list if it is among the r nearest on
 * that side, a finger if it is nearer its target than the current one (the paper's notify, generalised).
 * Single-threaded (the node's loop).
 */
public final class ChordTable {
    private final Id self;
    private final int maxSuccessors;
    private final int maxPredecessors;
    private final Id[] targets;
    private final Contact[] fingers;
    private final byte[][] fingerDistance; // D(finger i), clockwise from this node
    private final int[] fingerTop; // its highest set bit
    private final List<Contact> successors = new ArrayList<>();
    private final List<Contact> predecessors = new ArrayList<>();

    public ChordTable(Id self, int successors, int predecessors, int fingers) {
        if (successors < 1 || predecessors < 1 || fingers < 1 || fingers > Ring.BITS) {
            throw new IllegalArgumentException("successors, predecessors >= 1, 1 <= fingers <= 160");
        }
        this.self = self;
        this.maxSuccessors = successors;
        this.maxPredecessors = predecessors;
        this.targets = new Id[fingers];
        this.fingers = new Contact[fingers];
        this.fingerDistance = new byte[fingers][];
        this.fingerTop = new int[fingers];
        for (int i = 0; i < fingers; i++) targets[i] = Ring.plusPowerOfTwo(self, Ring.BITS - fingers + i);
    }

    public Id self() {
        return self;
    }

    /** Where finger {@code i} should point: the first node at or after this id. */
    public Id fingerTarget(int i) {
        return targets[i];
    }

    public int fingerCount() {
        return fingers.length;
    }

    public Contact finger(int i) {
        return fingers[i];
    }

    /** Sets finger {@code i} to a lookup's answer (null or this node clears it); the lists are offered it too. */
    public void setFinger(int i, Contact c) {
        if (c != null) learn(c);
        fingers[i] = c == null || c.id().equals(self) ? null : c;
        if (fingers[i] != null) {
            fingerDistance[i] = Ring.distance(self, c.id());
            fingerTop[i] = Ring.highestBit(fingerDistance[i]);
        }
    }

    /** Nearest first. */
    public List<Contact> successors() {
        return List.copyOf(successors);
    }

    /** Nearest (the immediate predecessor) first. */
    public List<Contact> predecessors() {
        return List.copyOf(predecessors);
    }

    /** The immediate successor, or null in a ring of one. */
    public Contact successor() {
        return successors.isEmpty() ? null : successors.get(0);
    }

    public Contact predecessor() {
        return predecessors.isEmpty() ? null : predecessors.get(0);
    }

    /**
     * Offers a live contact to the lists and fingers; true if any slot took it. A contact already held at the same
     * address changes nothing (every slot was offered it when it came, and {@link #remove} re-offers what is left),
     * so the common case, a message from a known neighbour, costs a scan of the slots.
     */
    public boolean learn(Contact c) {
        if (held(c)) return false;
        return offer(c, true);
    }

    /** Whether {@link #learn} would take {@code c} into a slot (changes nothing): worth verifying a hearsay node. */
    public boolean wouldTake(Contact c) {
        return !held(c) && offer(c, false);
    }

    private boolean held(Contact c) {
        for (Contact x : successors) if (same(x, c)) return true;
        for (Contact x : predecessors) if (same(x, c)) return true;
        for (Contact x : fingers) if (x != null && same(x, c)) return true;
        return false;
    }

    private static boolean same(Contact x, Contact c) {
        return x == c || x.id().equals(c.id()) && (x.address() == c.address() || x.address().equals(c.address()));
    }

    /**
     * Finger i wants the first node at or after n + 2^p (p = 160 - F + i). With D(x) the clockwise distance from n,
     * x lies at or after the target, before wrapping past n, iff D(x) &gt;= 2^p; c beats the current finger f iff
     * both are on the same side of the target and D(c) &lt; D(f), or only c is at or after it.
     */
    private boolean offer(Contact c, boolean apply) {
        if (c.id().equals(self)) return false;
        boolean changed = false;
        byte[] after = Ring.distance(self, c.id());
        changed |= insert(successors, c, maxSuccessors, (x, y) -> Ring.compareClockwise(self, x.id(), y.id()), apply);
        // counter-clockwise from this node: the reverse order, as c is not this node
        changed |= insert(predecessors, c, maxPredecessors, (x, y) -> Ring.compareClockwise(self, y.id(), x.id()),
                apply);
        if (!apply && changed) return true;
        int top = Ring.highestBit(after);
        for (int i = 0; i < fingers.length; i++) {
            Contact f = fingers[i];
            if (f != null && f.id().equals(c.id())) {
                if (apply && !f.address().equals(c.address())) fingers[i] = c;
                continue;
            }
            int p = Ring.BITS - fingers.length + i;
            boolean cPast = top >= p;
            boolean better = f == null || (cPast == (fingerTop[i] >= p) ? Ring.compare(after, fingerDistance[i]) < 0
                    : cPast);
            if (better && !apply) return true;
            if (better) {
                fingers[i] = c;
                fingerDistance[i] = after;
                fingerTop[i] = top;
                changed = true;
            }
        }
        return changed;
    }

    private static boolean insert(List<Contact> list, Contact c, int max, Comparator<Contact> nearer, boolean apply) {
        for (int i = 0; i < list.size(); i++) {
            Contact x = list.get(i);
            if (x.id().equals(c.id())) {
                if (apply) list.set(i, c); // the same node, maybe at a new address
                return false;
            }
        }
        if (!apply) { // it would enter if nearer than the last, or the list has room
            return list.size() < max || nearer.compare(c, list.get(list.size() - 1)) < 0;
        }
        for (int i = list.size() - 1; i >= 0; i--) { // another node now listens there
            InetSocketAddress a = list.get(i).address();
            if (a == c.address() || a.equals(c.address())) list.remove(i);
        }
        int at = 0;
        while (at < list.size() && nearer.compare(list.get(at), c) < 0) at++;
        if (at >= max) return false;
        list.add(at, c);
        if (list.size() > max) list.remove(list.size() - 1);
        return true;
    }

    /**
     * Forgets the node at {@code address} everywhere (it failed an RPC, §V.B), then refills the lists from what is
     * left (the paper's fallback to the next successor, and to fingers when the whole list failed). Returns it.
     */
    public Contact remove(InetSocketAddress address) {
        Contact gone = null;
        for (Contact c : successors) if (c.address().equals(address)) gone = c;
        for (Contact c : predecessors) if (c.address().equals(address)) gone = c;
        for (int i = 0; i < fingers.length; i++) {
            if (fingers[i] != null && fingers[i].address().equals(address)) {
                gone = fingers[i];
                fingers[i] = null;
            }
        }
        if (gone == null) return null;
        successors.removeIf(c -> c.address().equals(address));
        predecessors.removeIf(c -> c.address().equals(address));
        for (Contact c : known()) offer(c, true);
        return gone;
    }

    /** Every distinct contact: successors, predecessors, fingers. */
    public List<Contact> known() {
        List<Contact> all = new ArrayList<>(successors.size() + predecessors.size() + fingers.length);
        for (Contact c : successors) addNew(all, c);
        for (Contact c : predecessors) addNew(all, c);
        for (Contact c : fingers) if (c != null) addNew(all, c);
        return all;
    }

    private static void addNew(List<Contact> all, Contact c) {
        for (int i = 0; i < all.size(); i++) {
            Contact x = all.get(i);
            if (x == c || x.id().equals(c.id())) return;
        }
        all.add(c);
    }

    /** Whether {@code c} is a successor or a predecessor. */
    public boolean isNeighbor(Contact c) {
        for (int i = 0; i < successors.size(); i++) if (same(successors.get(i), c)) return true;
        for (int i = 0; i < predecessors.size(); i++) if (same(predecessors.get(i), c)) return true;
        return false;
    }

    /**
     * The paper's closest_preceding_node (Fig. 5) widened to a list for fail-over (§V.B): known nodes strictly in
     * (n, key), nearest to the key first, at most {@code max}.
     */
    public List<Contact> closestPreceding(Id key, int max) {
        return closestPreceding(key, max, c -> true);
    }

    /** {@link #closestPreceding(Id, int)} among the contacts that pass {@code usable} (RFC 6940 §10.3 routing). */
    public List<Contact> closestPreceding(Id key, int max, Predicate<Contact> usable) {
        List<Contact> out = new ArrayList<>();
        for (int i = 0; i < successors.size(); i++) precedes(out, successors.get(i), key, usable);
        for (int i = 0; i < predecessors.size(); i++) precedes(out, predecessors.get(i), key, usable);
        for (Contact c : fingers) if (c != null) precedes(out, c, key, usable);
        // all lie in (n, key): nearest the key first is farthest clockwise from n first
        out.sort((x, y) -> Ring.compareClockwise(self, y.id(), x.id()));
        return out.size() > max ? new ArrayList<>(out.subList(0, max)) : out;
    }

    private void precedes(List<Contact> out, Contact c, Id key, Predicate<Contact> usable) {
        if (Ring.between(self, c.id(), key) && usable.test(c)) addNew(out, c);
    }

    /** Sorts contacts clockwise from {@code key} (successor(key) first), dropping repeated ids. */
    public static List<Contact> clockwiseFrom(Id key, List<Contact> contacts) {
        Map<Id, Contact> unique = new LinkedHashMap<>();
        for (Contact c : contacts) unique.putIfAbsent(c.id(), c);
        List<Contact> out = new ArrayList<>(unique.values());
        out.sort((x, y) -> Ring.compareClockwise(key, x.id(), y.id()));
        return out;
    }
}
