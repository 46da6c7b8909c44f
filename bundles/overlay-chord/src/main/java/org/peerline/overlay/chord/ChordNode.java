package org.peerline.overlay.chord;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.peerline.api.overlay.Id;
import org.peerline.api.overlay.Neighbor;
import org.peerline.api.overlay.OverlayEvent;
import org.peerline.api.overlay.OverlayException;
import org.peerline.overlay.core.Cancellable;
import org.peerline.overlay.core.Clock;
import org.peerline.overlay.core.Contact;
import org.peerline.overlay.core.Message;
import org.peerline.overlay.core.MessageType;
import org.peerline.overlay.core.Network;
import org.peerline.overlay.core.Signer;
import org.peerline.overlay.core.WireException;
import org.peerline.overlay.core.node.OverlayNode;

/**
 * Chord (Stoica, Morris, Liben-Nowell, Karger, Kaashoek, Dabek, Balakrishnan, "Chord: A Scalable Peer-to-peer Lookup
 * Protocol for Internet Applications", IEEE/ACM ToN 11(1), 2003) with CHORD-RELOAD's parameters (RFC 6940 §10) as
 * the routing strategy of an {@link OverlayNode}. State is a {@link ChordTable}.
 * <ul>
 * <li>§IV.C lookups, iterative (the paper's "iterative style", §IV.C): ask the closest preceding node known for
 * successor(key) (FIND_NODE); it answers with the key's successor and the nodes after it (F_RESULT 1) when the
 * key lies in (n, successor] (or in (predecessor, n]), else with its closest preceding nodes (F_RESULT 0). Hops =
 * nodes that answered. A node that times out is skipped for the next nearest (§V.B fail-over).</li>
 * <li>§IV.E join: look up the own id through the bootstrap node, JOIN the successor (it returns its lists), then
 * notify every new neighbour, who take the joiner into their lists at once (RFC 6940 §10.5: the joining peer
 * Updates its neighbours); then fix every finger by a lookup.</li>
 * <li>§IV.E.1 / RFC 6940 §10.7.4.1 stabilisation: every {@link Parameters#stabilize} each node sends
 * NEIGHBOR_NOTIFY, carrying its lists (RELOAD's Update), to every successor and predecessor; the reply carries the
 * neighbour's lists and the node learns from them (the paper's "x = successor.predecessor" included).</li>
 * <li>§IV.E.1 fix_fingers / RFC 6940 §10.7.4.2: {@link Parameters#fingersPerRound} fingers re-looked-up per period,
 * round robin.</li>
 * <li>§V.B failures: an Rpc timeout removes the node everywhere and the lists refill from what is left; it is not
 * re-learnt from third parties for two periods.</li>
 * <li>§V.C replication: {@code closest(key, k)} = successor(key) then its successors, read from the successor lists
 * (TABLE_REQUEST) until k are found or the ring is exhausted.</li>
 * </ul>
 */
public final class ChordNode extends OverlayNode {
    /**
     * @param successors successor list length (RFC 6940 §10.1: at least 3)
     * @param predecessors predecessor list length (at least 3)
     * @param fingers finger count (at least 16)
     * @param stabilize stabilisation and finger repair period (RFC 6940 §10.7.4.1's chord-update-interval; 30 s)
     * @param fingersPerRound fingers repaired per period (1: the paper's fix_fingers)
     */
    public record Parameters(int successors, int predecessors, int fingers, Duration stabilize, int fingersPerRound) {
        public static final Parameters DEFAULTS = new Parameters(3, 3, 16, Duration.ofSeconds(10), 1);

        public Parameters {
            if (successors < 1 || predecessors < 1 || fingers < 1 || fingers > Ring.BITS || fingersPerRound < 0
                    || stabilize.isNegative() || stabilize.isZero()) {
                throw new IllegalArgumentException("bad Chord parameters");
            }
        }
    }

    public static final String ALGORITHM = "chord";
    /** F_RESULT of a NODES reply: the contacts are successor(key) and the nodes after it. */
    static final int FOUND = 1;
    /** F_RESULT of a NODES reply: the contacts are closer preceding nodes to ask next. */
    static final int NEXT = 0;
    private static final int FAILOVER = 3;
    /** A lookup hop silent this long is passed over for the next candidate (one-way latencies reach 100 ms). */
    private static final long STALL_MS = 500;

    private final Parameters params;
    private final ChordTable table;
    private final Map<InetSocketAddress, Long> failed = new HashMap<>();
    private boolean maintaining;
    private int nextFinger;

    public ChordNode(Signer signer, Clock clock, Function<Network.Receiver, Network> network, Config config,
            Parameters params) {
        super(signer, clock, network, config);
        this.params = params;
        this.table = new ChordTable(signer.id(), params.successors(), params.predecessors(), params.fingers());
    }

    @Override
    public String algorithm() {
        return ALGORITHM;
    }

    /** The routing state (read it on the loop). */
    public ChordTable table() {
        return table;
    }

    @Override
    public List<Neighbor> neighbors() {
        List<Neighbor> out = new ArrayList<>();
        Set<Id> listed = new HashSet<>();
        List<Contact> s = table.successors();
        for (int i = 0; i < s.size(); i++) out.add(neighbor(s.get(i), "successor[" + i + "]", listed));
        List<Contact> p = table.predecessors();
        for (int i = 0; i < p.size(); i++) out.add(neighbor(p.get(i), "predecessor[" + i + "]", listed));
        for (int i = 0; i < table.fingerCount(); i++) {
            Contact f = table.finger(i);
            if (f != null && !listed.contains(f.id())) out.add(neighbor(f, "finger[" + i + "]", listed));
        }
        return out;
    }

    private Neighbor neighbor(Contact c, String role, Set<Id> listed) {
        listed.add(c.id());
        return new Neighbor(c.id(), c.address(), role, rpc.rtt(c.address()));
    }

    // ---- learning and failures (§IV.E.1 notify, §V.B) ----

    @Override
    protected void seen(Contact c) {
        failed.remove(c.address());
        learn(c);
    }

    private void learn(Contact c) {
        boolean wasNeighbor = isNeighbor(c);
        if (table.learn(c) && !wasNeighbor && isNeighbor(c)) fire(OverlayEvent.Type.NEIGHBOR_UP, c, "");
    }

    /** A contact another node told of: ignored if it failed us recently (no zombies from stale lists). */
    private void hearsay(Contact c) {
        Long at = failed.get(c.address());
        if (at != null && clock.now() - at < 2 * params.stabilize().toMillis()) return;
        if (at != null) failed.remove(c.address());
        learn(c);
    }

    private boolean isNeighbor(Contact c) {
        return table.isNeighbor(c);
    }

    @Override
    protected void unreachable(InetSocketAddress address) {
        failed.put(address, clock.now());
        if (failed.size() > 4096) failed.clear();
        Contact gone = table.remove(address);
        if (gone != null) fire(OverlayEvent.Type.NEIGHBOR_DOWN, gone, "no answer");
    }

    // ---- requests ----

    @Override
    protected Message handle(Message m, Contact from) throws WireException {
        switch (m.type()) {
            case FIND_NODE: {
                Id target = m.id(Message.F_TARGET);
                List<Contact> found = table.answer(target, self);
                if (found != null) {
                    return rpc.reply(m, MessageType.NODES).u8(Message.F_RESULT, FOUND)
                            .contacts(Message.F_CONTACTS, found).build();
                }
                return rpc.reply(m, MessageType.NODES).u8(Message.F_RESULT, NEXT)
                        .contacts(Message.F_CONTACTS, table.closestPreceding(target, FAILOVER)).build();
            }
            case TABLE_REQUEST: // the successor list, for replica walks (§V.C)
                m.id(Message.F_TARGET);
                return rpc.reply(m, MessageType.TABLE_REPLY).contacts(Message.F_CONTACTS, table.successors()).build();
            case JOIN:
            case NEIGHBOR_NOTIFY: { // notify (§IV.E.1) carrying the sender's lists (RFC 6940 Update)
                List<Contact> theirs = new ArrayList<>();
                if (m.has(Message.F_CONTACTS)) theirs.addAll(m.contacts(Message.F_CONTACTS));
                if (m.has(Message.F_PATH)) theirs.addAll(m.contacts(Message.F_PATH));
                learn(from);
                for (Contact c : theirs) hearsay(c);
                return rpc.reply(m, m.type() == MessageType.JOIN ? MessageType.JOIN_REPLY : MessageType.TABLE_REPLY)
                        .contacts(Message.F_CONTACTS, table.successors())
                        .contacts(Message.F_PATH, table.predecessors()).build();
            }
            default:
                return null;
        }
    }

    /** Sends NEIGHBOR_NOTIFY (or JOIN) with this node's lists; learns from the reply's lists. */
    private CompletableFuture<Void> notify(InetSocketAddress to, MessageType type) {
        Message.Builder b = rpc.newRequest(type).contacts(Message.F_CONTACTS, table.successors())
                .contacts(Message.F_PATH, table.predecessors());
        return rpc.request(to, b.build()).thenAccept(r -> {
            try {
                if (r.has(Message.F_CONTACTS)) for (Contact c : r.contacts(Message.F_CONTACTS)) hearsay(c);
                if (r.has(Message.F_PATH)) for (Contact c : r.contacts(Message.F_PATH)) hearsay(c);
            } catch (WireException e) {
                count("dropped.malformed", 1);
            }
        });
    }

    // ---- §IV.C lookups ----

    @Override
    protected CompletionStage<List<Contact>> closest(Id key, int count) {
        return lookup(key, true).thenCompose(found -> extend(key, found, count, new HashSet<>(), new HashSet<>()));
    }

    /**
     * Walks successor lists from the last node found until {@code count} nodes (§V.C: replicas on the successors);
     * stops when a list brings nothing new (the ring is smaller) or a node failed.
     */
    private CompletableFuture<List<Contact>> extend(Id key, List<Contact> found, int count, Set<Id> asked,
            Set<Id> dead) {
        List<Contact> list = new ArrayList<>(ChordTable.clockwiseFrom(key, found));
        list.removeIf(c -> dead.contains(c.id()));
        Contact last = list.isEmpty() ? null : list.get(list.size() - 1);
        if (list.size() >= count || last == null || !asked.add(last.id())) {
            return CompletableFuture.completedFuture(List.copyOf(list.subList(0, Math.min(count, list.size()))));
        }
        CompletableFuture<List<Contact>> next;
        if (last.equals(self)) {
            next = CompletableFuture.completedFuture(table.successors());
        } else {
            Message m = rpc.newRequest(MessageType.TABLE_REQUEST).id(Message.F_TARGET, last.id()).build();
            next = rpc.request(last.address(), m).thenApply(r -> {
                try {
                    return r.has(Message.F_CONTACTS) ? r.contacts(Message.F_CONTACTS) : List.<Contact>of();
                } catch (WireException e) {
                    count("dropped.malformed", 1);
                    return List.<Contact>of();
                }
            });
        }
        return next.handle((more, e) -> {
            if (e != null) dead.add(last.id());
            List<Contact> grown = new ArrayList<>(list);
            if (more != null) grown.addAll(more);
            return extend(key, grown, count, asked, dead);
        }).thenCompose(f -> f);
    }

    /**
     * successor(key) and the nodes after it. {@code local}: answer from the own table when it can (§IV.C); the
     * join looks up its own id remotely instead.
     */
    CompletableFuture<List<Contact>> lookup(Id key, boolean local) {
        if (local) {
            List<Contact> mine = table.answer(key, self);
            if (mine != null) {
                lookupDone(0, true);
                return CompletableFuture.completedFuture(mine);
            }
        }
        return new Lookup(key).start(table.closestPreceding(key, Integer.MAX_VALUE));
    }

    private final class Lookup {
        final Id key;
        final TreeMap<byte[], Contact> candidates = new TreeMap<>(Ring::compare); // by distance to the key
        final Set<Id> asked = new HashSet<>();
        final CompletableFuture<List<Contact>> done = new CompletableFuture<>();
        int hops;

        Lookup(Id key) {
            this.key = key;
        }

        CompletableFuture<List<Contact>> start(List<Contact> seeds) {
            for (Contact c : seeds) offer(c);
            next();
            return done;
        }

        void offer(Contact c) {
            if (c.id().equals(self.id()) || asked.contains(c.id())) return;
            candidates.putIfAbsent(Ring.distance(c.id(), key), c);
        }

        void next() {
            Map.Entry<byte[], Contact> e = candidates.pollFirstEntry();
            if (e == null) { // every route failed: the best guess from the own table
                lookupDone(hops, false);
                List<Contact> guess = new ArrayList<>(table.known());
                guess.add(self);
                done.complete(ChordTable.clockwiseFrom(key, guess));
                return;
            }
            Contact c = e.getValue();
            asked.add(c.id());
            Message m = rpc.newRequest(MessageType.FIND_NODE).id(Message.F_TARGET, key).build();
            boolean[] movedOn = {false};
            // a hop silent for STALL_MS is probably dead: try the next candidate meanwhile (§V.B fail-over without
            // waiting out the retransmission; the late answer still counts)
            Cancellable stall = clock.schedule(STALL_MS, () -> {
                if (!done.isDone() && !movedOn[0]) {
                    movedOn[0] = true;
                    count("lookup.stalls", 1);
                    next();
                }
            });
            rpc.request(c.address(), m).whenComplete((r, x) -> {
                stall.cancel(); // the answer or the failure decides from here: the stall timer would do nothing
                if (done.isDone()) return;
                if (x != null) {
                    if (!movedOn[0]) {
                        movedOn[0] = true;
                        next();
                    }
                    return;
                }
                movedOn[0] = true;
                try {
                    List<Contact> cs = r.has(Message.F_CONTACTS) ? r.contacts(Message.F_CONTACTS) : List.of();
                    hops++;
                    if (r.type() == MessageType.NODES && r.u8(Message.F_RESULT) == FOUND && !cs.isEmpty()) {
                        lookupDone(hops, true);
                        count("lookup.histogram." + hops, 1);
                        done.complete(cs);
                        return;
                    }
                    for (Contact n : cs) {
                        if (Ring.between(c.id(), n.id(), key)) offer(n); // progress only (§IV.C)
                    }
                } catch (WireException w) {
                    count("dropped.malformed", 1);
                }
                next();
            });
        }
    }

    // ---- §IV.E join, stabilisation, finger repair ----

    @Override
    public CompletionStage<Void> join(List<InetSocketAddress> bootstrap) {
        return super.join(bootstrap).thenRun(this::startMaintenance);
    }

    private void startMaintenance() {
        if (maintaining) return;
        maintaining = true;
        long period = params.stabilize().toMillis();
        long first = period / 2 + Math.floorMod(self.id().hashCode(), Math.max(1, period / 2));
        periodic(first, period, this::stabilize);
    }

    @Override
    protected CompletionStage<Void> joinVia(List<InetSocketAddress> bootstrap) {
        return bootstrapContact(bootstrap, 0).thenCompose(b -> {
            if (b == null) return CompletableFuture.<Void>failedFuture(new OverlayException("no bootstrap node answered"));
            return new Lookup(id()).start(List.of(b)).thenCompose(found -> {
                List<Contact> after = new ArrayList<>(found);
                after.remove(self);
                for (Contact c : after) hearsay(c);
                Contact successor = table.successor();
                if (successor == null) {
                    return CompletableFuture.<Void>failedFuture(new OverlayException("no successor found"));
                }
                return notify(successor.address(), MessageType.JOIN).exceptionally(e -> null)
                        .thenCompose(x -> notifyNeighbors()).thenCompose(x -> fixFingers(table.fingerCount()));
            });
        });
    }

    /** PINGs the bootstrap addresses in turn; the first that answers, as a contact (its PONG names it). */
    private CompletableFuture<Contact> bootstrapContact(List<InetSocketAddress> bootstrap, int i) {
        if (i >= bootstrap.size()) return CompletableFuture.completedFuture(null);
        InetSocketAddress a = bootstrap.get(i);
        return rpc.ping(a).handle((r, e) -> e == null ? CompletableFuture.completedFuture(new Contact(r.sender(), a))
                : bootstrapContact(bootstrap, i + 1)).thenCompose(f -> f);
    }

    /** NEIGHBOR_NOTIFY to every successor and predecessor (RFC 6940 §10.7.4.1 Update to each neighbour). */
    private CompletableFuture<Void> notifyNeighbors() {
        Map<Id, Contact> neighbors = new LinkedHashMap<>();
        for (Contact c : table.successors()) neighbors.putIfAbsent(c.id(), c);
        for (Contact c : table.predecessors()) neighbors.putIfAbsent(c.id(), c);
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (Contact c : neighbors.values()) {
            count("stabilize.notifies", 1);
            all.add(notify(c.address(), MessageType.NEIGHBOR_NOTIFY).exceptionally(e -> null));
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    }

    private void stabilize() {
        count("stabilize.rounds", 1);
        notifyNeighbors();
        fixFingers(params.fingersPerRound());
        findOwnSuccessor();
    }

    /**
     * Looks up successor(n) through a random finger, away from the neighbour lists (RFC 6940 §10.7.4 repairs the
     * neighbour table from lookups too). A node whose lists went wrong (it joined through a stale node, or the
     * nodes around it joined concurrently) otherwise only walks towards its true neighbours three nodes per round
     * (§IV.E.1's stabilise); the routed lookup ends at the true predecessor, whose answer names the true successors,
     * and the notifications of the next round make both sides learn this node.
     */
    private void findOwnSuccessor() {
        List<Contact> far = new ArrayList<>();
        for (int i = 0; i < table.fingerCount(); i++) {
            Contact f = table.finger(i);
            if (f != null && !isNeighbor(f)) far.add(f);
        }
        if (far.isEmpty()) return;
        count("stabilize.lookups", 1);
        new Lookup(id()).start(List.of(far.get(Math.floorMod(Long.hashCode(clock.now()) ^ id().hashCode(),
                far.size())))).thenAccept(found -> found.forEach(this::hearsay));
    }

    /** Re-looks-up the next {@code n} fingers, round robin (§IV.E.1 fix_fingers). */
    private CompletableFuture<Void> fixFingers(int n) {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (int k = 0; k < Math.min(n, table.fingerCount()); k++) {
            int i = nextFinger;
            nextFinger = (nextFinger + 1) % table.fingerCount();
            Id target = table.fingerTarget(i);
            count("fingers.fixed", 1);
            all.add(lookup(target, true).thenAccept(found -> {
                List<Contact> sorted = ChordTable.clockwiseFrom(target, found);
                table.setFinger(i, sorted.isEmpty() ? null : sorted.get(0));
            }).exceptionally(e -> null));
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    }
}
