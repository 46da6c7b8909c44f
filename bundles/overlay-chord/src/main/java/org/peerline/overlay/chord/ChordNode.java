package org.peerline.overlay.chord;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 * successor(key) (FIND_NODE); it answers with the key's successor and the nodes after it (F_RESULT {@link #FOUND})
 * when the key lies in (n, last successor] (or in (predecessor, n]), else with its closest preceding nodes
 * ({@link #NEXT}), among those heard from directly in the last two periods. Hops = nodes that answered. A node
 * silent for twice its measured RTT is passed over for the next nearest (§V.B fail-over); at most
 * {@link #MAX_ASKS} are asked.</li>
 * <li>Answers vouched for by liveness (§V.B; RFC 6940 §10.7.1): a node claims (predecessor, n] only while that
 * predecessor keeps notifying it, and answers {@link #FOUND} for (n, successor] only while the successor confirms
 * it as its predecessor, both within {@link #fresh()}; any other answer is {@link #FOUND_UNVERIFIED} and the lookup
 * asks the named successor itself, then the next of the list when it is silent. A lookup thus never ends on a
 * node nobody heard from lately, and a node whose lists went wrong (all predecessors lost, refilled from far
 * fingers) claims nothing.</li>
 * <li>§IV.E join: look up the own id through the bootstrap node, JOIN the successor (it returns its lists, the
 * fingers are copied from it as §IV.E's "practical optimization" suggests), then notify every new neighbour (RFC
 * 6940 §10.5: the joining peer Updates its neighbours).</li>
 * <li>§IV.E.1 stabilize/notify every {@link Parameters#ping}: NEIGHBOR_NOTIFY without lists to the successor, whose
 * reply names its predecessor (the paper's "x = successor.predecessor"); a predecessor that stopped notifying is
 * PINGed; a new successor is notified at once (RFC 6940 §10.7.1, reactive recovery). RFC 6940 §10.7.4.1 Update
 * every {@link Parameters#stabilize}: NEIGHBOR_NOTIFY carrying the lists to the successor and the predecessor; the
 * other list members silent for a period, and fingers silent for longer, are PINGed.</li>
 * <li>§IV.E.1 fix_fingers / RFC 6940 §10.7.4.2: {@link Parameters#fingersPerRound} fingers re-looked-up per period,
 * round robin.</li>
 * <li>§V.B failures: an Rpc timeout removes the node everywhere and the lists refill from what is left. Nodes heard
 * of from third parties enter only after answering a PING (RFC 6940 §10.7.3: a peer connects to a new neighbour
 * before using it), so dead nodes in other nodes' lists do not come back.</li>
 * <li>§V.C replication: {@code closest(key, k)} = successor(key) then its successors, read from the successor lists
 * (TABLE_REQUEST) until k are found or the ring is exhausted.</li>
 * </ul>
 */
public final class ChordNode extends OverlayNode {
    /**
     * @param successors successor list length (RFC 6940 §10.1: at least 3)
     * @param predecessors predecessor list length (at least 3)
     * @param fingers finger count (at least 16)
     * @param stabilize period of the Update with the lists and of finger repair (RFC 6940 §10.7.4.1's
     *     chord-update-interval; 10 s)
     * @param fingersPerRound fingers repaired per period (1: the paper's fix_fingers)
     * @param ping period of §IV.E.1's stabilize/notify with the successor, which is also its failure detector
     *     (1 s). Under churn consistency is bought with fast failure detection of the nearest neighbours (Rhea et
     *     al., USENIX 2004 §4): at an 84 s median session a lookup must not end on a successor dead for seconds
     */
    public record Parameters(int successors, int predecessors, int fingers, Duration stabilize, int fingersPerRound,
            Duration ping) {
        public static final Parameters DEFAULTS = new Parameters(3, 3, 16, Duration.ofSeconds(10), 1,
                Duration.ofSeconds(1));

        public Parameters {
            if (successors < 1 || predecessors < 1 || fingers < 1 || fingers > Ring.BITS || fingersPerRound < 0
                    || stabilize.isNegative() || stabilize.isZero() || ping.isNegative() || ping.isZero()) {
                throw new IllegalArgumentException("bad Chord parameters");
            }
        }

        /** The five CHORD-RELOAD parameters, with the default ping period. */
        public Parameters(int successors, int predecessors, int fingers, Duration stabilize, int fingersPerRound) {
            this(successors, predecessors, fingers, stabilize, fingersPerRound, DEFAULTS.ping());
        }
    }

    public static final String ALGORITHM = "chord";
    /** F_RESULT of a NODES reply: the contacts are successor(key), vouched for, and the nodes after it. */
    static final int FOUND = 1;
    /** F_RESULT of a NODES reply: the contacts are closer preceding nodes to ask next. */
    static final int NEXT = 0;
    /** F_RESULT of a NODES reply: successor(key) and the nodes after it as far as known, not heard from lately. */
    static final int FOUND_UNVERIFIED = 2;
    /** TABLE_REQUEST F_LEVEL for the fingers (§IV.E's join optimisation); without it, the successor list. */
    static final int FINGERS = 1;
    private static final int FAILOVER = 3;
    /** A lookup ends after asking this many nodes (Bamboo's maxHops), with the best root it has. */
    private static final int MAX_ASKS = 32;
    /** A lookup hop to a node with no RTT sample is passed over after this long (one-way latencies reach 100 ms). */
    private static final long STALL_MS = 500;
    private static final long MIN_STALL_MS = 50;

    private final Parameters params;
    private final ChordTable table;
    private final Map<InetSocketAddress, Long> failed = new HashMap<>();
    private final Set<InetSocketAddress> pinging = new HashSet<>();
    private Id notifier; // the predecessor that last notified this node, and when
    private long notifiedAt;
    private Id confirmer; // the successor that last named this node its predecessor, and when
    private long confirmedAt;
    private Id lastSuccessor;
    private boolean maintaining;
    private boolean halted;
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

    /** A crash fails the pending RPCs inside {@link #stop()}; lookups then complete on the next event, not in it. */
    @Override
    public void stop() {
        halted = true;
        super.stop();
    }

    /** How recent a neighbour's notification or confirmation must be to vouch for an answer: two ping periods. */
    private long fresh() {
        return 2 * params.ping().toMillis();
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
        successorChanged();
    }

    /**
     * A contact another node told of: PINGed first if it would take a slot (RFC 6940 §10.7.3), its PONG makes it
     * {@link #seen}; ignored if it failed us recently. Returns the PING's completion, or null.
     */
    private CompletableFuture<Void> hearsay(Contact c) {
        InetSocketAddress a = c.address();
        if (c.id().equals(id()) || pinging.contains(a) || !table.wouldTake(c)) return null;
        Long at = failed.get(a);
        if (at != null && clock.now() - at < 2 * params.stabilize().toMillis()) return null;
        pinging.add(a);
        return rpc.ping(a).handle((r, e) -> {
            pinging.remove(a);
            return (Void) null;
        });
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
        successorChanged();
    }

    /** A new first successor is notified at once (RFC 6940 §10.7.1, reactive recovery; §IV.E.1 notify). */
    private void successorChanged() {
        Contact s = table.successor();
        Id now = s == null ? null : s.id();
        if (Objects.equals(now, lastSuccessor)) return;
        lastSuccessor = now;
        if (maintaining && s != null) notify(s.address(), MessageType.NEIGHBOR_NOTIFY, false).exceptionally(e -> null);
    }

    // ---- requests ----

    /** successor(key) and the nodes after it as this node knows them (§IV.C), with whether it vouches for them. */
    private record Answer(List<Contact> nodes, boolean vouched) {
    }

    /**
     * This node's answer for {@code key}, or null when it is not near it: itself for keys in (predecessor, n]
     * while that predecessor notifies it; the first successor at or after the key for keys up to the last
     * successor, vouched for while the first successor confirms this node as its predecessor.
     */
    private Answer answer(Id key) {
        List<Contact> succ = table.successors();
        if (succ.isEmpty()) return new Answer(List.of(self), true); // a ring of one
        long now = clock.now();
        Contact p = table.predecessor();
        if (key.equals(id()) || p != null && p.id().equals(notifier) && now - notifiedAt <= fresh()
                && Ring.betweenRightIncluded(p.id(), key, id())) {
            List<Contact> out = new ArrayList<>(succ.size() + 1);
            out.add(self);
            out.addAll(succ);
            return new Answer(out, true);
        }
        for (int i = 0; i < succ.size(); i++) {
            if (Ring.betweenRightIncluded(i == 0 ? id() : succ.get(i - 1).id(), key, succ.get(i).id())) {
                boolean vouched = i == 0 && succ.get(0).id().equals(confirmer) && now - confirmedAt <= fresh();
                return new Answer(succ.subList(i, succ.size()), vouched);
            }
        }
        return null;
    }

    @Override
    protected Message handle(Message m, Contact from) throws WireException {
        switch (m.type()) {
            case FIND_NODE: {
                Id target = m.id(Message.F_TARGET);
                Answer a = answer(target);
                if (a != null) {
                    return rpc.reply(m, MessageType.NODES).u8(Message.F_RESULT, a.vouched() ? FOUND : FOUND_UNVERIFIED)
                            .contacts(Message.F_CONTACTS, a.nodes()).build();
                }
                return rpc.reply(m, MessageType.NODES).u8(Message.F_RESULT, NEXT)
                        .contacts(Message.F_CONTACTS, preceding(target, FAILOVER)).build();
            }
            case TABLE_REQUEST: { // the successor list, for replica walks (§V.C), or the fingers, for a joiner (§IV.E)
                m.id(Message.F_TARGET);
                boolean fingers = m.has(Message.F_LEVEL) && m.u8(Message.F_LEVEL) == FINGERS;
                List<Contact> out = new ArrayList<>();
                if (fingers) {
                    for (int i = 0; i < table.fingerCount(); i++) if (table.finger(i) != null) out.add(table.finger(i));
                }
                return rpc.reply(m, MessageType.TABLE_REPLY)
                        .contacts(Message.F_CONTACTS, fingers ? ChordTable.clockwiseFrom(id(), out) : table.successors())
                        .build();
            }
            case JOIN:
            case NEIGHBOR_NOTIFY: { // notify (§IV.E.1), with the sender's lists if an Update (RFC 6940 §10.7.4.1)
                boolean update = m.has(Message.F_CONTACTS) || m.has(Message.F_PATH);
                List<Contact> theirs = new ArrayList<>();
                if (m.has(Message.F_CONTACTS)) theirs.addAll(m.contacts(Message.F_CONTACTS));
                if (m.has(Message.F_PATH)) theirs.addAll(m.contacts(Message.F_PATH));
                learn(from);
                Contact p = table.predecessor();
                if (p != null && p.id().equals(from.id())) {
                    notifier = from.id();
                    notifiedAt = clock.now();
                }
                for (Contact c : theirs) hearsay(c);
                Message.Builder b = rpc.reply(m, m.type() == MessageType.JOIN ? MessageType.JOIN_REPLY
                        : MessageType.TABLE_REPLY);
                if (update || m.type() == MessageType.JOIN) {
                    return b.contacts(Message.F_CONTACTS, table.successors())
                            .contacts(Message.F_PATH, table.predecessors()).build();
                }
                return b.contacts(Message.F_PATH, p == null ? List.of() : List.of(p)).build(); // "successor.predecessor"
            }
            default:
                return null;
        }
    }

    /**
     * The closest preceding nodes (Fig. 5's closest_preceding_node, widened for §V.B fail-over) among those heard
     * from directly within {@link #recent()}; all of them if none was.
     */
    private List<Contact> preceding(Id key, int max) {
        List<Contact> live = table.closestPreceding(key, max, c -> rpc.sinceHeard(c.address()) <= recent());
        return live.isEmpty() ? table.closestPreceding(key, max) : live;
    }

    /** Routing entries not heard from within this long are PINGed, and not advertised meanwhile: two periods. */
    private long recent() {
        return 2 * params.stabilize().toMillis();
    }

    /**
     * Sends NEIGHBOR_NOTIFY (or JOIN), with this node's lists if {@code lists}; learns from the reply: the first
     * of its predecessors is this node (the successor confirms it) or a node to verify, maybe nearer (§IV.E.1).
     */
    private CompletableFuture<Void> notify(InetSocketAddress to, MessageType type, boolean lists) {
        Message.Builder b = rpc.newRequest(type);
        if (lists) {
            b.contacts(Message.F_CONTACTS, table.successors()).contacts(Message.F_PATH, table.predecessors());
        }
        count(lists ? "stabilize.updates" : "stabilize.notifies", 1);
        return rpc.request(to, b.build()).thenAccept(r -> {
            try {
                List<Contact> preds = r.has(Message.F_PATH) ? r.contacts(Message.F_PATH) : List.of();
                Contact s = table.successor();
                if (!preds.isEmpty() && preds.get(0).id().equals(id()) && s != null && s.address().equals(to)) {
                    confirmer = s.id();
                    confirmedAt = clock.now();
                }
                if (r.has(Message.F_CONTACTS)) for (Contact c : r.contacts(Message.F_CONTACTS)) hearsay(c);
                for (Contact c : preds) hearsay(c);
            } catch (WireException e) {
                count("dropped.malformed", 1);
            }
        });
    }

    // ---- §IV.C lookups ----

    @Override
    protected CompletionStage<List<Contact>> closest(Id key, int count) {
        CompletableFuture<List<Contact>> out = new CompletableFuture<>();
        lookup(key, true).thenCompose(found -> extend(key, found, count, new HashSet<>(), new HashSet<>()))
                .whenComplete((v, e) -> {
                    Runnable complete = () -> {
                        if (e != null) out.completeExceptionally(e);
                        else out.complete(v);
                    };
                    if (halted) clock.schedule(0, complete); // not inside stop(): its caller may still be at work
                    else complete.run();
                });
        return out;
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
            next = rpc.request(last.address(), m).thenApply(this::contactsOf);
        }
        return next.handle((more, e) -> {
            if (e != null) dead.add(last.id());
            List<Contact> grown = new ArrayList<>(list);
            if (more != null) grown.addAll(more);
            return extend(key, grown, count, asked, dead);
        }).thenCompose(f -> f);
    }

    private List<Contact> contactsOf(Message r) {
        try {
            return r.has(Message.F_CONTACTS) ? r.contacts(Message.F_CONTACTS) : List.of();
        } catch (WireException e) {
            count("dropped.malformed", 1);
            return List.of();
        }
    }

    /**
     * successor(key) and the nodes after it. {@code local}: answer from the own table when it can (§IV.C); the
     * join looks up its own id remotely instead.
     */
    CompletableFuture<List<Contact>> lookup(Id key, boolean local) {
        Lookup l = new Lookup(key);
        if (local) {
            Answer mine = answer(key);
            if (mine != null && mine.vouched()) {
                lookupDone(0, true);
                return CompletableFuture.completedFuture(mine.nodes());
            }
            if (mine != null) l.roots = mine.nodes();
        }
        return l.start(preceding(key, Integer.MAX_VALUE));
    }

    private final class Lookup {
        final Id key;
        final TreeMap<byte[], Contact> candidates = new TreeMap<>(Ring::compare); // by distance to the key
        final Set<Id> asked = new HashSet<>();
        final Set<Id> answered = new HashSet<>();
        final Set<Id> silent = new HashSet<>();
        final CompletableFuture<List<Contact>> done = new CompletableFuture<>();
        /** successor(key) and the nodes after it as an answer named them, not vouched for: asked in turn. */
        List<Contact> roots = List.of();
        /** Nodes after the key that answered without claiming it: the best root if routing finds no better. */
        List<Contact> fallback;
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

        void finish(List<Contact> found, boolean ok) {
            if (done.isDone()) return;
            lookupDone(hops, ok);
            if (ok) count("lookup.histogram." + hops, 1);
            done.complete(found);
        }

        /** Verifies the next root named (a silent one is dropped, one that answered is alive), else routes on. */
        void next() {
            if (done.isDone()) return;
            while (!roots.isEmpty()) {
                Contact r = roots.get(0);
                if (r.equals(self) || answered.contains(r.id())) {
                    finish(roots, true);
                    return;
                }
                if (!silent.contains(r.id()) && !asked.contains(r.id())) {
                    count("lookup.verifications", 1);
                    ask(r);
                    return;
                }
                roots = roots.subList(1, roots.size());
            }
            Map.Entry<byte[], Contact> e = asked.size() < MAX_ASKS ? candidates.pollFirstEntry() : null;
            if (e != null) {
                ask(e.getValue());
            } else if (fallback != null) {
                finish(fallback, true);
            } else { // every route failed: the best guess from the own table
                List<Contact> guess = new ArrayList<>(table.known());
                guess.add(self);
                guess.removeIf(c -> silent.contains(c.id()));
                finish(ChordTable.clockwiseFrom(key, guess), false);
            }
        }

        void ask(Contact c) {
            asked.add(c.id());
            Message m = rpc.newRequest(MessageType.FIND_NODE).id(Message.F_TARGET, key).build();
            boolean[] movedOn = {false};
            // a hop silent for twice its RTT is probably dead: try the next candidate meanwhile (§V.B fail-over
            // without waiting out the retransmission; the late answer still counts)
            Cancellable stall = clock.schedule(stallMs(c), () -> {
                if (!done.isDone() && !movedOn[0]) {
                    movedOn[0] = true;
                    silent.add(c.id());
                    count("lookup.stalls", 1);
                    next();
                }
            });
            rpc.request(c.address(), m).whenComplete((r, x) -> {
                stall.cancel(); // the answer or the failure decides from here: the stall timer would do nothing
                if (done.isDone()) return;
                if (halted) {
                    done.completeExceptionally(new OverlayException("node stopped"));
                    return;
                }
                if (x != null) {
                    silent.add(c.id());
                    if (!movedOn[0]) {
                        movedOn[0] = true;
                        next();
                    }
                    return;
                }
                movedOn[0] = true;
                silent.remove(c.id());
                answered.add(c.id());
                hops++;
                try {
                    List<Contact> cs = r.has(Message.F_CONTACTS) ? r.contacts(Message.F_CONTACTS) : List.of();
                    int result = r.has(Message.F_RESULT) ? r.u8(Message.F_RESULT) : NEXT;
                    if (r.type() == MessageType.NODES && result != NEXT) {
                        List<Contact> found = new ArrayList<>(ChordTable.clockwiseFrom(key, cs));
                        found.removeIf(n -> silent.contains(n.id()));
                        if (!found.isEmpty()) {
                            Contact root = found.get(0);
                            if (result == FOUND || root.id().equals(c.id()) || answered.contains(root.id())) {
                                finish(found, true);
                                return;
                            }
                            roots = found; // verify it (§V.B): the answer names a node not heard from lately
                        }
                    } else if (!roots.isEmpty() && roots.get(0).id().equals(c.id())) {
                        // alive but does not claim the key: only the nodes it names before the key may know a
                        // newer root (the others were asked, or point where the answers came from)
                        fallback = roots;
                        roots = List.of();
                        candidates.clear();
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

    /** Twice the measured RTT (clamped), {@link #STALL_MS} before any sample. */
    private long stallMs(Contact c) {
        Duration rtt = rpc.rtt(c.address());
        return rtt == null ? STALL_MS : Math.max(MIN_STALL_MS, Math.min(STALL_MS, 2 * rtt.toMillis()));
    }

    // ---- §IV.E join, stabilisation, finger repair ----

    @Override
    public CompletionStage<Void> join(List<InetSocketAddress> bootstrap) {
        return super.join(bootstrap).thenRun(this::startMaintenance);
    }

    private void startMaintenance() {
        if (maintaining || halted) return;
        maintaining = true;
        long period = params.stabilize().toMillis();
        long ping = params.ping().toMillis();
        int h = self.id().hashCode();
        periodic(period / 2 + Math.floorMod(h, Math.max(1, period / 2)), period, this::stabilize);
        periodic(Math.floorMod(h >>> 8, Math.max(1, ping)), ping, this::check);
        lastSuccessor = null;
        successorChanged();
    }

    @Override
    protected CompletionStage<Void> joinVia(List<InetSocketAddress> bootstrap) {
        return bootstrapContact(bootstrap, 0).thenCompose(b -> {
            if (b == null) return CompletableFuture.<Void>failedFuture(new OverlayException("no bootstrap node answered"));
            return new Lookup(id()).start(List.of(b)).thenCompose(found -> {
                List<Contact> after = new ArrayList<>(ChordTable.clockwiseFrom(id(), found));
                after.remove(self);
                if (after.isEmpty()) after.add(b); // a ring of one, which learnt this node from its PING
                return joinAt(after, 0);
            }).thenCompose(s -> {
                // the successor's fingers stand for ours until repaired (§IV.E), each verified by a PING
                Message m = rpc.newRequest(MessageType.TABLE_REQUEST).id(Message.F_TARGET, s.id())
                        .u8(Message.F_LEVEL, FINGERS).build();
                CompletableFuture<Void> fingers = rpc.request(s.address(), m).thenAccept(r -> {
                    for (Contact c : contactsOf(r)) hearsay(c);
                }).exceptionally(e -> null);
                startMaintenance();
                return CompletableFuture.allOf(fingers, notifyNeighbors());
            });
        });
    }

    /**
     * JOINs the first of {@code successors} that answers (§IV.E; the paper's fallback to the next successor, §V.B),
     * then verifies the nodes its lists name; completes with it.
     */
    private CompletableFuture<Contact> joinAt(List<Contact> successors, int i) {
        if (i >= successors.size()) {
            return CompletableFuture.failedFuture(new OverlayException("no successor found"));
        }
        Contact s = successors.get(i);
        List<CompletableFuture<Void>> pings = new ArrayList<>();
        Message m = rpc.newRequest(MessageType.JOIN).contacts(Message.F_CONTACTS, table.successors())
                .contacts(Message.F_PATH, table.predecessors()).build();
        return rpc.request(s.address(), m).handle((r, e) -> {
            if (e != null) return joinAt(successors, i + 1);
            for (Contact c : contactsOf(r)) add(pings, hearsay(c));
            try {
                if (r.has(Message.F_PATH)) for (Contact c : r.contacts(Message.F_PATH)) add(pings, hearsay(c));
            } catch (WireException x) {
                count("dropped.malformed", 1);
            }
            return CompletableFuture.allOf(pings.toArray(CompletableFuture[]::new)).thenApply(x -> s);
        }).thenCompose(f -> f);
    }

    private static void add(List<CompletableFuture<Void>> all, CompletableFuture<Void> f) {
        if (f != null) all.add(f);
    }

    /** PINGs the bootstrap addresses in turn; the first that answers, as a contact (its PONG names it). */
    private CompletableFuture<Contact> bootstrapContact(List<InetSocketAddress> bootstrap, int i) {
        if (i >= bootstrap.size()) return CompletableFuture.completedFuture(null);
        InetSocketAddress a = bootstrap.get(i);
        return rpc.ping(a).handle((r, e) -> e == null ? CompletableFuture.completedFuture(new Contact(r.sender(), a))
                : bootstrapContact(bootstrap, i + 1)).thenCompose(f -> f);
    }

    /** Update (NEIGHBOR_NOTIFY with the lists) to every successor and predecessor (RFC 6940 §10.5, §10.7.4.1). */
    private CompletableFuture<Void> notifyNeighbors() {
        Map<Id, Contact> neighbors = new LinkedHashMap<>();
        for (Contact c : table.successors()) neighbors.putIfAbsent(c.id(), c);
        for (Contact c : table.predecessors()) neighbors.putIfAbsent(c.id(), c);
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (Contact c : neighbors.values()) {
            all.add(notify(c.address(), MessageType.NEIGHBOR_NOTIFY, true).exceptionally(e -> null));
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    }

    /**
     * §IV.E.1 stabilize/notify with the first successor, every {@link Parameters#ping}: its reply confirms this
     * node or names a nearer one; a failure removes it (§V.B). A predecessor that stopped notifying is PINGed.
     */
    private void check() {
        Contact s = table.successor();
        if (s != null) notify(s.address(), MessageType.NEIGHBOR_NOTIFY, false).exceptionally(e -> null);
        Contact p = table.predecessor();
        long now = clock.now();
        if (p != null && !(p.id().equals(notifier) && now - notifiedAt <= fresh())
                && rpc.sinceHeard(p.address()) > fresh() && pinging.add(p.address())) {
            rpc.ping(p.address()).whenComplete((r, e) -> pinging.remove(p.address()));
        }
    }

    /**
     * RFC 6940 §10.7.4.1: Update to the successor and the predecessor (their lists spread the others); the rest of
     * both lists PINGed when silent for a period; one finger repaired, and the own successor looked up.
     */
    private void stabilize() {
        count("stabilize.rounds", 1);
        long now = clock.now();
        long period = params.stabilize().toMillis();
        failed.values().removeIf(t -> now - t > 2 * period);
        Contact s = table.successor();
        Contact p = table.predecessor();
        if (s != null) notify(s.address(), MessageType.NEIGHBOR_NOTIFY, true).exceptionally(e -> null);
        if (p != null && !p.equals(s)) notify(p.address(), MessageType.NEIGHBOR_NOTIFY, true).exceptionally(e -> null);
        for (Contact c : table.known()) { // the lists each period, fingers every other (§V.B failure detection)
            long silent = rpc.sinceHeard(c.address());
            if (c.equals(s) || c.equals(p) || silent <= (isNeighbor(c) ? period : recent() - period)
                    || !pinging.add(c.address())) {
                continue;
            }
            count("stabilize.pings", 1);
            rpc.ping(c.address()).whenComplete((r, e) -> pinging.remove(c.address()));
        }
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
