package org.peerline.overlay.bamboo;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Predicate;
import org.peerline.api.overlay.Id;
import org.peerline.api.overlay.Neighbor;
import org.peerline.api.overlay.OverlayEvent;
import org.peerline.api.overlay.OverlayException;
import org.peerline.api.overlay.SignedValue;
import org.peerline.overlay.core.Clock;
import org.peerline.overlay.core.Contact;
import org.peerline.overlay.core.Message;
import org.peerline.overlay.core.MessageType;
import org.peerline.overlay.core.Network;
import org.peerline.overlay.core.Signer;
import org.peerline.overlay.core.Wire;
import org.peerline.overlay.core.WireException;
import org.peerline.overlay.core.node.OverlayNode;

/**
 * Bamboo (Rhea, Geels, Roscoe and Kubiatowicz, "Handling Churn in a DHT", USENIX 2004) over Pastry (Rowstron and
 * Druschel, "Pastry", Middleware 2001) as the routing strategy of an {@link OverlayNode}:
 * <ul>
 * <li>State (Pastry §2.1): a b = 4 {@link RoutingTable} and a {@link LeafSet} ({@link Parameters#leaves} per side,
 * 8 by default; the seed used 4).</li>
 * <li>Routing (§2.2), iteratively (Bamboo supports iterative and recursive routing): the origin asks each hop for its
 * next hop with FIND_NODE; the root (no next hop) answers with the {@code count} closest of its leaf set, the
 * replica set. A hop that times out is excluded and the previous one asked again; the excluded list tells that node
 * to probe its entry (Pastry §2.4, repair on failure).</li>
 * <li>Join (§2.4): JOIN routed iteratively to the joiner's own id; each hop answers with its next hop, its table
 * rows up to the prefix it shares with the joiner, and its leaf set (the root's is the joiner's leaf set). The
 * joiner PINGs everything it hears of (measuring RTTs for PNS), which also announces it (the others PING back, then
 * add it), and finally pushes its leaf set to every leaf.</li>
 * <li>Guarded adds (the seed's, and Bamboo's): a contact enters the tables only once it has answered this node and
 * was heard from within {@link Parameters#probe}; otherwise it is PINGed first, so spoofed or dead nodes heard of
 * second-hand never enter.</li>
 * <li>Periodic recovery (Rhea et al., "Reactive vs. Periodic Recovery"): leaf-set push/pull with a random leaf
 * ({@link Parameters#leafSetPush}); near routing-table probing, asking a random node of row r for its row r
 * ({@link Parameters#nearProbe}); far probing, a lookup of a random id in a hole of the table
 * ({@link Parameters#farProbe}); liveness PINGs of neighbours not heard from within {@link Parameters#probe}.</li>
 * <li>Failure detection: Rpc's per-neighbour timeouts (Rhea et al., "Timeout Calculation": mean + 4 deviations); a
 * node that fails is removed from both tables; a lost leaf triggers a pull from the farthest leaf of each side
 * (Pastry §2.4), a lost table entry a row request to another node of its row.</li>
 * <li>Proximity neighbour selection (Pastry §2.5, Bamboo "Proximity Neighbor Selection"): of two candidates for a
 * cell the one with the lower measured RTT stays.</li>
 * <li>Replicas on the leaf set (Pastry §2 with PAST's k closest): a node STOREs each record it replicates to a leaf
 * that enters the record's replica set, when a leaf joins or a failed one leaves it, so a lost replica is remade
 * within one failure-detection period instead of the runtime's 5/10-minute re-publish.</li>
 * </ul>
 */
public final class BambooNode extends OverlayNode {
    /**
     * @param leaves leaf-set members per side (8; the seed used 4)
     * @param leafSetPush period of the leaf-set push/pull with a random leaf (20 s)
     * @param nearProbe period of the near routing-table probe (row r from a node of row r; 40 s)
     * @param farProbe period of the far probe (a lookup into a table hole; 60 s)
     * @param probe neighbours not heard from within this period are PINGed (10 s). Rhea et al. §4 ("Reactive vs.
     *     Periodic Recovery", "Timeout Calculation"): under churn, consistency is bought with fast failure detection,
     *     not with more state exchange; at an 84 s median session a 30 s probe left dead hops in lookups (92.9%
     *     consistent), a 10 s probe with half as frequent push/pull and near probes gives about 97% for the same
     *     budget (under 900 B/s per node in {@code peerline sim})
     * @param maxHops a lookup gives up (and takes the closest it heard of) after this many hops
     */
    public record Parameters(int leaves, Duration leafSetPush, Duration nearProbe, Duration farProbe, Duration probe,
            int maxHops) {
        public static final Parameters DEFAULTS = new Parameters(8, Duration.ofSeconds(20), Duration.ofSeconds(40),
                Duration.ofSeconds(60), Duration.ofSeconds(10), 32);

        public Parameters {
            if (leaves < 1 || maxHops < 1) throw new IllegalArgumentException("leaves/maxHops");
        }
    }

    public static final String ALGORITHM = "bamboo";
    /** Room a JOIN reply leaves for its header, the next hop and field headers. */
    private static final int JOIN_SLACK = 96;
    private static final int MAX_FAILURES = 5;

    private final Parameters params;
    private final RoutingTable table;
    private final LeafSet leaves;
    private final Random random;
    private final Map<InetSocketAddress, CompletableFuture<Void>> pinging = new HashMap<>();
    private boolean maintaining;
    private boolean halted;

    public BambooNode(Signer signer, Clock clock, Function<Network.Receiver, Network> network, Config config,
            Parameters params) {
        super(signer, clock, network, config);
        this.params = params;
        this.table = new RoutingTable(signer.id());
        this.leaves = new LeafSet(signer.id(), params.leaves());
        this.random = new Random(signer.id().hashCode());
    }

    @Override
    public String algorithm() {
        return ALGORITHM;
    }

    /** The routing table (read it on the loop). */
    public RoutingTable table() {
        return table;
    }

    /** The leaf set (read it on the loop). */
    public LeafSet leafSet() {
        return leaves;
    }

    @Override
    public List<Neighbor> neighbors() {
        List<Neighbor> out = new ArrayList<>();
        for (Contact c : leaves.members()) out.add(new Neighbor(c.id(), c.address(), "leaf", rpc.rtt(c.address())));
        for (Contact c : table.all()) {
            String role = "route[" + table.rowOf(c.id()) + "][" + Integer.toHexString(table.columnOf(c.id())) + "]";
            out.add(new Neighbor(c.id(), c.address(), role, rpc.rtt(c.address())));
        }
        return out;
    }

    /** Starts periodic recovery once joined; a network of one starts it too (OverlayNode has no joined hook). */
    @Override
    public CompletionStage<Void> join(List<InetSocketAddress> bootstrap) {
        return super.join(bootstrap).thenRun(this::startMaintenance);
    }

    @Override
    public void stop() {
        halted = true;
        super.stop();
    }

    // ---- learning and forgetting nodes ----

    @Override
    protected void seen(Contact c) {
        learn(c, false);
    }

    /**
     * Offers {@code c} to the tables: added at once if it answered this node and was heard from recently, else PINGed
     * first when it would fill a leaf slot or a table hole (or always, with {@code pns}, to compare RTTs). Returns
     * the PING's completion, or null when none was sent.
     */
    private CompletableFuture<Void> learn(Contact c, boolean pns) {
        if (halted || c.id().equals(self.id())) return null;
        boolean verified = rpc.known(c.address()) && rpc.sinceHeard(c.address()) <= params.probe().toMillis();
        if (verified) {
            add(c);
            return null;
        }
        if (leaves.contains(c.id()) || table.contains(c.id())) return null;
        if (!pns && !leaves.wouldAccept(c) && !table.hole(c.id())) return null;
        return ping(c.address());
    }

    private CompletableFuture<Void> ping(InetSocketAddress address) {
        CompletableFuture<Void> p = pinging.get(address);
        if (p != null) return p;
        CompletableFuture<Void> f = rpc.ping(address).handle((r, e) -> (Void) null);
        if (!f.isDone()) {
            pinging.put(address, f);
            f.whenComplete((x, e) -> pinging.remove(address));
        }
        return f;
    }

    private void add(Contact c) {
        Contact stale = leaves.at(c.address());
        if (stale != null && !stale.id().equals(c.id())) leaves.remove(stale.id()); // a new node at that address
        stale = table.at(c.address());
        if (stale != null && !stale.id().equals(c.id())) table.remove(stale.id());
        boolean leaf = leaves.add(c);
        Contact displaced = table.add(c, this::rttOf);
        if (leaf || displaced != null) {
            fire(OverlayEvent.Type.NEIGHBOR_UP, c, leaf ? "leaf" : "route[" + table.rowOf(c.id()) + "]");
        }
        if (displaced != null && displaced != c) count("pns.replaced", 1);
        if (leaf && joined()) handOver(c);
        startMaintenance();
    }

    /**
     * A new leaf gets the records whose replica set it has entered (PAST/Pastry: replicas live on the leaf set and
     * move as it changes; Bamboo pushes to new neighbours). Only records this node is itself a replica of are sent.
     */
    private void handOver(Contact leaf) {
        for (SignedValue v : storage.all(now())) {
            List<Contact> replicas = replicaSet(v.key());
            if (replicas.contains(leaf) && replicas.contains(self)) store(leaf, v);
        }
    }

    /** The replica sets of the stored records as this node's leaf set sees them (for {@link #handOverChanged}). */
    private Map<SignedValue, List<Contact>> replicaSets() {
        Map<SignedValue, List<Contact>> out = new LinkedHashMap<>();
        for (SignedValue v : storage.all(now())) out.put(v, replicaSet(v.key()));
        return out;
    }

    /** After leaves failed: each record goes to the members that entered its replica set (a dead one left it). */
    private void handOverChanged(Map<SignedValue, List<Contact>> before) {
        for (Map.Entry<SignedValue, List<Contact>> e : before.entrySet()) {
            List<Contact> after = replicaSet(e.getKey().key());
            if (!after.contains(self)) continue;
            for (Contact c : after) if (!c.equals(self) && !e.getValue().contains(c)) store(c, e.getKey());
        }
    }

    private List<Contact> replicaSet(Id key) {
        return leaves.replicas(key, config.replicas(), self, c -> true);
    }

    private void store(Contact to, SignedValue v) {
        count("replicated.leafset", 1);
        rpc.request(to.address(), rpc.newRequest(MessageType.STORE).signedValue(Message.F_VALUE, v).build())
                .exceptionally(e -> null);
    }

    private double rttOf(Contact c) {
        Duration d = rpc.rtt(c.address());
        return d == null ? Double.POSITIVE_INFINITY : d.toNanos();
    }

    @Override
    protected void unreachable(InetSocketAddress address) {
        Contact leaf = leaves.at(address);
        Contact entry = table.at(address);
        Map<SignedValue, List<Contact>> before = leaf != null && joined() ? replicaSets() : Map.of();
        if (leaf != null) leaves.remove(leaf.id());
        if (entry != null) table.remove(entry.id());
        Contact gone = leaf != null ? leaf : entry;
        if (gone == null) return;
        fire(OverlayEvent.Type.NEIGHBOR_DOWN, gone, "no answer");
        count("neighbors.failed", 1);
        if (leaf != null) { // refill from the table (the seed's), then ask the farthest leaf of each side (Pastry §2.4)
            for (Contact c : table.all()) leaves.add(c);
            handOverChanged(before);
            List<Contact> l = leaves.left();
            List<Contact> r = leaves.right();
            if (!l.isEmpty()) pushLeafSet(l.get(l.size() - 1));
            if (!r.isEmpty() && (l.isEmpty() || !r.get(r.size() - 1).equals(l.get(l.size() - 1)))) {
                pushLeafSet(r.get(r.size() - 1));
            }
        }
        if (entry != null) { // §2.4: another node of the same row may know a replacement for the cell
            List<Contact> row = table.row(table.rowOf(entry.id()));
            if (!row.isEmpty()) requestRow(row.get(random.nextInt(row.size())), table.rowOf(entry.id()));
        }
    }

    // ---- requests ----

    @Override
    protected Message handle(Message m, Contact from) throws WireException {
        switch (m.type()) {
            case FIND_NODE: {
                Id key = m.id(Message.F_TARGET);
                int count = m.has(Message.F_COUNT) ? m.u8(Message.F_COUNT) : 1;
                Set<Id> excluded = new HashSet<>();
                if (m.has(Message.F_CONTACTS)) {
                    for (Contact c : m.contacts(Message.F_CONTACTS)) {
                        excluded.add(c.id());
                        if (leaves.contains(c.id()) || table.contains(c.id())) ping(c.address()); // suspect
                    }
                }
                Predicate<Contact> usable = c -> !excluded.contains(c.id());
                Contact next = table.nextHop(key, leaves, usable);
                Message.Builder b = rpc.reply(m, MessageType.NODES);
                if (next != null) return b.contact(Message.F_CONTACT, next).build();
                return b.contacts(Message.F_CONTACTS, leaves.replicas(key, Math.max(1, count), self, usable)).build();
            }
            case JOIN: {
                Id joiner = m.id(Message.F_TARGET);
                Predicate<Contact> usable = c -> !c.id().equals(joiner) && !c.address().equals(from.address());
                Contact next = table.nextHop(joiner, leaves, usable);
                Map<Id, Contact> state = new LinkedHashMap<>();
                for (Contact c : leaves.members()) if (usable.test(c)) state.put(c.id(), c);
                int shared = Math.min(Ring.prefix(self.id(), joiner), RoutingTable.ROWS - 1);
                int budget = config.maxMessage() - Wire.HEADER_BYTES - JOIN_SLACK;
                for (Contact c : state.values()) budget -= Wire.contactBytes(c);
                for (int r = 0; r <= shared; r++) {
                    for (Contact c : table.row(r)) {
                        if (budget >= Wire.contactBytes(c) && usable.test(c) && state.putIfAbsent(c.id(), c) == null) {
                            budget -= Wire.contactBytes(c);
                        }
                    }
                }
                Message.Builder b = rpc.reply(m, MessageType.JOIN_REPLY)
                        .contacts(Message.F_CONTACTS, new ArrayList<>(state.values()));
                if (next != null) b.contact(Message.F_CONTACT, next);
                return b.build();
            }
            case LEAFSET_PUSH: {
                if (m.has(Message.F_CONTACTS)) for (Contact c : m.contacts(Message.F_CONTACTS)) learn(c, false);
                List<Contact> mine = leaves.members();
                mine.remove(from);
                return rpc.reply(m, MessageType.LEAFSET_REPLY).contacts(Message.F_CONTACTS, mine).build();
            }
            case TABLE_REQUEST: {
                int level = m.u8(Message.F_LEVEL);
                if (level >= RoutingTable.ROWS) throw new WireException("TABLE_REQUEST: row " + level);
                return rpc.reply(m, MessageType.TABLE_REPLY).contacts(Message.F_CONTACTS, table.row(level)).build();
            }
            default:
                return null;
        }
    }

    private List<Contact> contactsOf(Message r) {
        try {
            return r.has(Message.F_CONTACTS) ? r.contacts(Message.F_CONTACTS) : new ArrayList<>();
        } catch (WireException e) {
            count("dropped.malformed", 1);
            return new ArrayList<>();
        }
    }

    // ---- lookups (Pastry §2.2, iterative) ----

    @Override
    protected CompletionStage<List<Contact>> closest(Id key, int count) {
        return new Lookup(key, Math.min(255, count)).start();
    }

    private final class Lookup {
        final Id key;
        final int count;
        final CompletableFuture<List<Contact>> done = new CompletableFuture<>();
        final Map<Id, Contact> failed = new LinkedHashMap<>();
        final Set<Id> asked = new HashSet<>();
        final Map<Id, Contact> heardOf = new LinkedHashMap<>();
        int hops;

        Lookup(Id key, int count) {
            this.key = key;
            this.count = count;
        }

        CompletableFuture<List<Contact>> start() {
            fromHere();
            return done;
        }

        /** Routes from this node's own state (initially, or after the first hop failed). */
        void fromHere() {
            Contact next = table.nextHop(key, leaves, c -> !failed.containsKey(c.id()) && !asked.contains(c.id()));
            if (next == null) {
                finish(leaves.replicas(key, count, self, c -> !failed.containsKey(c.id())), true);
            } else {
                ask(next, null);
            }
        }

        void ask(Contact hop, Contact previous) {
            if (asked.size() >= params.maxHops() || failed.size() > MAX_FAILURES) {
                fallback();
                return;
            }
            asked.add(hop.id());
            heardOf.put(hop.id(), hop);
            Message.Builder b = rpc.newRequest(MessageType.FIND_NODE).id(Message.F_TARGET, key).u8(Message.F_COUNT,
                    count);
            if (!failed.isEmpty()) b.contacts(Message.F_CONTACTS, new ArrayList<>(failed.values()));
            rpc.request(hop.address(), b.build()).whenComplete((r, e) -> {
                if (done.isDone()) return;
                if (e != null) {
                    failed.put(hop.id(), hop);
                    asked.remove(hop.id());
                    heardOf.remove(hop.id());
                    if (previous == null) fromHere();
                    else ask(previous, null); // ask it again, now excluding the failed hop
                    return;
                }
                hops++;
                Contact next;
                try {
                    next = r.has(Message.F_CONTACT) ? r.contact(Message.F_CONTACT) : null;
                } catch (WireException x) {
                    count("dropped.malformed", 1);
                    fallback();
                    return;
                }
                if (next == null) {
                    List<Contact> replicas = contactsOf(r);
                    replicas.removeIf(c -> failed.containsKey(c.id()));
                    finish(replicas.isEmpty() ? List.of(hop) : replicas, true);
                } else if (next.id().equals(self.id())) {
                    Contact mine = table.nextHop(key, leaves, c -> !failed.containsKey(c.id())
                            && !asked.contains(c.id()));
                    if (mine == null) finish(leaves.replicas(key, count, self, c -> !failed.containsKey(c.id())), true);
                    else ask(mine, hop);
                } else if (asked.contains(next.id()) || failed.containsKey(next.id())) {
                    count("lookup.loops", 1);
                    fallback();
                } else {
                    heardOf.put(next.id(), next);
                    ask(next, hop);
                }
            });
        }

        /** No root found: the closest nodes heard of (and this one). */
        void fallback() {
            List<Contact> all = new ArrayList<>(heardOf.values());
            all.add(self);
            all.sort((a, b) -> Ring.closestTo(key).compare(a.id(), b.id()));
            finish(all.subList(0, Math.min(count, all.size())), false);
        }

        void finish(List<Contact> result, boolean ok) {
            if (done.isDone()) return;
            lookupDone(hops, ok);
            List<Contact> sorted = new ArrayList<>(result);
            sorted.sort((a, b) -> Ring.closestTo(key).compare(a.id(), b.id()));
            done.complete(sorted.subList(0, Math.min(count, sorted.size())));
        }
    }

    // ---- join (Pastry §2.4) ----

    @Override
    protected CompletionStage<Void> joinVia(List<InetSocketAddress> bootstrap) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        List<CompletableFuture<Void>> pings = new ArrayList<>();
        Set<InetSocketAddress> asked = new HashSet<>();
        new Object() {
            int next;

            void viaBootstrap() {
                if (next >= bootstrap.size()) {
                    if (asked.isEmpty() || leaves.size() == 0 && pings.isEmpty()) {
                        done.completeExceptionally(new OverlayException("no bootstrap node answered"));
                    } else {
                        done.complete(null);
                    }
                    return;
                }
                step(bootstrap.get(next++), true);
            }

            void step(InetSocketAddress hop, boolean first) {
                if (!asked.add(hop) || asked.size() > params.maxHops()) {
                    done.complete(null);
                    return;
                }
                Message m = rpc.newRequest(MessageType.JOIN).id(Message.F_TARGET, id()).build();
                rpc.request(hop, m).whenComplete((r, e) -> {
                    if (e != null) {
                        if (first) viaBootstrap();
                        else done.complete(null); // keep what the path gave; maintenance repairs the rest
                        return;
                    }
                    for (Contact c : contactsOf(r)) {
                        CompletableFuture<Void> p = learn(c, true);
                        if (p != null) pings.add(p);
                    }
                    Contact to = null;
                    try {
                        to = r.has(Message.F_CONTACT) ? r.contact(Message.F_CONTACT) : null;
                    } catch (WireException x) {
                        count("dropped.malformed", 1);
                    }
                    if (to == null || to.id().equals(id())) done.complete(null);
                    else step(to.address(), false);
                });
            }
        }.viaBootstrap();
        return done.thenCompose(x -> CompletableFuture.allOf(pings.toArray(CompletableFuture[]::new)))
                .thenCompose(x -> {
                    if (leaves.size() == 0) {
                        return CompletableFuture.<Void>failedFuture(new OverlayException("no node answered the join"));
                    }
                    List<CompletableFuture<Void>> pushes = new ArrayList<>();
                    for (Contact c : leaves.members()) pushes.add(pushLeafSet(c));
                    return CompletableFuture.allOf(pushes.toArray(CompletableFuture[]::new));
                });
    }

    // ---- periodic recovery (Rhea et al. 2004) ----

    private void startMaintenance() {
        if (maintaining || halted || !joined()) return;
        maintaining = true;
        schedule(params.leafSetPush(), () -> {
            List<Contact> m = leaves.members();
            if (!m.isEmpty()) pushLeafSet(m.get(random.nextInt(m.size())));
        });
        schedule(params.nearProbe(), this::nearProbe);
        schedule(params.farProbe(), this::farProbe);
        schedule(params.probe(), this::probeNeighbours);
    }

    /** {@link #periodic} with the first run jittered uniformly in [0.5T, 1.5T] (as the seed's maintenance). */
    private void schedule(Duration period, Runnable task) {
        long t = period.toMillis();
        periodic(t / 2 + (long) (random.nextDouble() * t), t, task);
    }

    /** Leaf-set push/pull: send ours, learn theirs. */
    private CompletableFuture<Void> pushLeafSet(Contact to) {
        count("maintenance.leafset", 1);
        List<Contact> mine = leaves.members();
        mine.remove(to);
        Message m = rpc.newRequest(MessageType.LEAFSET_PUSH).contacts(Message.F_CONTACTS, mine).build();
        return rpc.request(to.address(), m).thenAccept(r -> {
            for (Contact c : contactsOf(r)) learn(c, false);
        }).exceptionally(e -> null);
    }

    /** Near probing: a random node of a random non-empty row r is asked for its row r; candidates are PINGed (PNS). */
    private void nearProbe() {
        List<Integer> rows = new ArrayList<>();
        for (int r = 0; r < RoutingTable.ROWS; r++) if (!table.row(r).isEmpty()) rows.add(r);
        if (rows.isEmpty()) return;
        int r = rows.get(random.nextInt(rows.size()));
        List<Contact> row = table.row(r);
        requestRow(row.get(random.nextInt(row.size())), r);
    }

    private void requestRow(Contact to, int row) {
        count("maintenance.near", 1);
        Message m = rpc.newRequest(MessageType.TABLE_REQUEST).u8(Message.F_LEVEL, row).build();
        rpc.request(to.address(), m).thenAccept(r -> {
            for (Contact c : contactsOf(r)) learn(c, true);
        }).exceptionally(e -> null);
    }

    /** Far probing: a lookup of a random id in a hole of the rows in use; every hop answering is learned. */
    private void farProbe() {
        int depth = Math.min(table.depth() + 1, RoutingTable.ROWS - 1);
        List<int[]> holes = new ArrayList<>();
        for (int r = 0; r <= depth; r++) {
            for (int c = 0; c < RoutingTable.COLUMNS; c++) {
                if (c != Ring.digit(id(), r) && table.get(r, c) == null) holes.add(new int[] {r, c});
            }
        }
        if (holes.isEmpty()) return;
        int[] h = holes.get(random.nextInt(holes.size()));
        count("maintenance.far", 1);
        new Lookup(Ring.randomIn(id(), h[0], h[1], random), 1).start()
                .thenAccept(found -> found.forEach(c -> learn(c, false)));
    }

    /** Failure detection: PING neighbours not heard from within the probe period; timeouts remove them. */
    private void probeNeighbours() {
        Set<InetSocketAddress> all = new HashSet<>();
        for (Contact c : leaves.members()) all.add(c.address());
        for (Contact c : table.all()) all.add(c.address());
        for (InetSocketAddress a : all) if (rpc.sinceHeard(a) > params.probe().toMillis()) ping(a);
    }
}
