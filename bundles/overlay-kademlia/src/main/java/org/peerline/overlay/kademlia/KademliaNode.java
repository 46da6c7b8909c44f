package org.peerline.overlay.kademlia;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;
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
import org.peerline.overlay.core.node.Rpc;
import org.peerline.overlay.core.node.OverlayNode;

/**
 * Kademlia (Maymounkov and Mazieres, "Kademlia: A Peer-to-peer Information System Based on the XOR Metric", IPTPS
 * 2002) as the routing strategy of an {@link OverlayNode}:
 * <ul>
 * <li>§2.1 XOR metric over the 160 id bits; §2.2 k-buckets ({@link RoutingTable}, k = 20): every message from a
 * node moves it to its bucket's tail. A node heard from while its bucket is full goes to the bucket's replacement
 * cache (§4.1, the k most recently seen); the least recently seen member is PINGed only when it has not been heard
 * from for {@link Parameters#ping} (§4.1: "avoid pinging nodes ... on each message"), and a member that fails an
 * RPC is replaced by the freshest cached node.</li>
 * <li>§2.3 node lookup: iterative and parallel, alpha = 3 FIND_NODEs in flight, seeded with the k closest known.
 * It ends when the {@code width} closest nodes heard of (and not failed) have answered: R for a put or get (the
 * replica count), 5 for a route, k for the join's own-id lookup (BEP 5 and OpenDHT likewise stop once the closest
 * nodes answered, not k).
 * A round that brings no closer node sends FIND_NODE to all of the {@code width} closest not yet asked at once
 * (§2.3). A query silent for twice its measured RTT (500 ms if unmeasured) no longer holds a slot ("removed from
 * consideration until and unless they do respond"). FIND_NODE carries the wanted count (the reply holds at most k).
 * Hops: the depth at which the closest answering node was learned (contacts from the own table are depth 1).</li>
 * <li>§4.2 accelerated lookups: {@link Parameters#b} bits per hop (2 by default), each distance bucket split into
 * 2^(b-1) k-buckets by the distance bits after its leading one.</li>
 * <li>§2.3 join: FIND_NODE to the bootstrap contacts, a lookup of the own id, then a refresh of each bucket farther
 * than the closest neighbour that is not full; bucket refresh: a narrow (alpha-wide) lookup of a random id in
 * every bucket (from the closest neighbour's outward) not looked up in the last {@link Parameters#refresh} (1 hour).
 * Buckets also fill from the traffic of other nodes' lookups (§2.2).</li>
 * <li>§2.3 STORE / FIND_VALUE and §2.5 republishing: the runtime's STORE to the closest replicas and re-publish;
 * FIND_VALUE is a FIND_NODE carrying the key, answered with the values held and the closest contacts that fit,
 * and a get is a lookup of the key that gathers the values of every node it asks (no GET round after it). Unlike
 * §2.3 it does not stop at the first value: the owners' latest values come from the closest nodes.</li>
 * </ul>
 */
public final class KademliaNode extends OverlayNode {
    /**
     * @param k bucket size, replacement cache size and the join lookup's width (20)
     * @param alpha lookups' parallelism (3)
     * @param refresh how long a bucket may go without a lookup before it is refreshed (1 hour)
     * @param ping a full bucket's least recently seen member is PINGed for a newcomer only when silent this long
     *     (30 s; BEP 5 calls a node questionable after 15 minutes, too long for sessions of minutes)
     * @param b bits per hop (§4.2 accelerated lookups, {@link RoutingTable}): each distance bucket is split into
     *     2^(b-1) k-buckets (B, 1 to 4)
     */
    public record Parameters(int k, int alpha, Duration refresh, Duration ping, int b) {
        /**
         * Bits per hop by default: 2 (at 10^4 simulated nodes 2.62 hops, not 2.94, for a third more heap and,
         * under 84 s sessions, 305 B/s of maintenance, not 212); b = 3 gives 2.36 hops for twice the heap.
         */
        public static final int B = 2;
        public static final Parameters DEFAULTS = new Parameters(20, 3, Duration.ofHours(1), Duration.ofSeconds(30), B);

        public Parameters {
            if (k < 1 || alpha < 1) throw new IllegalArgumentException("k and alpha must be positive");
            if (b < 1 || b > 4) throw new IllegalArgumentException("b is 1 to 4 bits per hop, not " + b);
        }

        /** The paper's three parameters, with the default ping interval and bits per hop. */
        public Parameters(int k, int alpha, Duration refresh) {
            this(k, alpha, refresh, Duration.ofSeconds(30), B);
        }
    }

    public static final String ALGORITHM = "kademlia";
    /** A FIND_NODE to a node with no RTT sample is stalled after this long (one-way latencies reach 100 ms). */
    private static final long STALL_MS = 500;
    /** Floor of a measured node's stall time (loop scheduling on a loaded host). */
    private static final long MIN_STALL_MS = 20;
    /** The narrowest lookup for {@link #closest} (a route to one root). */
    private static final int MIN_WIDTH = 5;

    private final Parameters params;
    private final RoutingTable table;
    private final long[] lastLookup = new long[RoutingTable.BUCKETS];
    private final Map<Integer, LinkedHashMap<Id, Contact>> replacements = new HashMap<>();
    private final Set<Integer> probing = new HashSet<>();
    private final Random random;

    public KademliaNode(Signer signer, Clock clock, Function<Network.Receiver, Network> network, Config config,
            Parameters params) {
        super(signer, clock, network, config);
        this.params = params;
        this.table = new RoutingTable(signer.id(), params.k(), params.b());
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

    @Override
    public List<Neighbor> neighbors() {
        List<Neighbor> out = new ArrayList<>();
        for (int i = RoutingTable.BUCKETS - 1; i >= 0; i--) {
            for (Contact c : table.bucket(i)) {
                out.add(new Neighbor(c.id(), c.address(), "bucket[" + i + "]", rpc.rtt(c.address())));
            }
        }
        return out;
    }

    // ---- §2.2 k-bucket maintenance, §4.1 replacement cache ----

    @Override
    protected void seen(Contact c) {
        if (table.touch(c)) return;
        Contact known = table.at(c.address());
        if (known != null && !known.id().equals(c.id())) forget(known); // a new node at that address
        int b = table.slot(c.id());
        if (b < 0) return;
        if (table.add(c)) {
            LinkedHashMap<Id, Contact> cache = replacements.get(b);
            if (cache != null) cache.remove(c.id());
            fire(OverlayEvent.Type.NEIGHBOR_UP, c, "bucket[" + b + "]");
            return;
        }
        LinkedHashMap<Id, Contact> cache = replacements.computeIfAbsent(b, x -> new LinkedHashMap<>());
        cache.remove(c.id());
        cache.put(c.id(), c); // most recently seen last
        if (cache.size() > params.k()) cache.remove(cache.keySet().iterator().next());
        Contact oldest = table.oldest(c.id());
        if (rpc.sinceHeard(oldest.address()) < params.ping().toMillis() || !probing.add(b)) return;
        count("bucket.pings", 1);
        // alive: the PONG moved it to the tail (seen); dead: unreachable() replaced it from the cache
        rpc.ping(oldest.address()).whenComplete((pong, e) -> probing.remove(b));
    }

    @Override
    protected void unreachable(InetSocketAddress address) {
        for (LinkedHashMap<Id, Contact> cache : replacements.values()) {
            cache.values().removeIf(r -> r.address().equals(address));
        }
        Contact c = table.at(address);
        if (c == null) return;
        forget(c);
        fire(OverlayEvent.Type.NEIGHBOR_DOWN, c, "no answer");
        LinkedHashMap<Id, Contact> cache = replacements.get(table.slot(c.id()));
        if (cache == null || cache.isEmpty()) return;
        Contact r = null;
        for (Contact x : cache.values()) r = x; // the freshest is the last
        cache.remove(r.id());
        if (table.add(r)) {
            fire(OverlayEvent.Type.NEIGHBOR_UP, r, "replacement");
        }
    }

    private void forget(Contact c) {
        table.remove(c.id());
    }

    // ---- §2.3 FIND_NODE ----

    /**
     * FIND_NODE, and FIND_VALUE (§2.3) when it carries {@link Message#F_KEY}: the values stored under the key
     * (as many as fit), then as many of the closest contacts as the datagram has room for.
     */
    @Override
    protected Message handle(Message m, Contact from) throws WireException {
        if (m.type() != MessageType.FIND_NODE) return null;
        Id target = m.id(Message.F_TARGET);
        int n = m.has(Message.F_COUNT) ? Math.max(1, Math.min(params.k(), m.u8(Message.F_COUNT))) : params.k();
        Message.Builder reply = rpc.stepReply(m, MessageType.NODES);
        List<Contact> closest = table.closest(target, n, from);
        if (m.has(Message.F_KEY)) {
            int room = config.maxMessage() - Rpc.TOKEN_BYTES;
            int size = appendValues(reply, m.id(Message.F_KEY), Wire.HEADER_BYTES, room) + 3;
            int fit = 0;
            while (fit < closest.size() && (size += Wire.contactBytes(closest.get(fit))) <= room) fit++;
            closest = closest.subList(0, fit);
        }
        return reply.contacts(Message.F_CONTACTS, closest).build();
    }

    /** FIND_VALUE (§2.3): a lookup whose steps return the values they hold, from the closest nodes and on the way. */
    @Override
    protected CompletionStage<Void> gather(Id key, int count, Consumer<List<SignedValue>> sink) {
        sink.accept(storage.values(key, key, now()));
        int b = table.bucketOf(key);
        if (b >= 0) lastLookup[b] = clock.now();
        Lookup lookup = new Lookup(key, Math.min(Math.max(count, MIN_WIDTH), params.k()), sink);
        return lookup.start(table.closest(key, params.k())).thenCompose(found -> lookup.reasked);
    }

    /**
     * The {@code count} closest live nodes (this one included), from a lookup at least {@link #MIN_WIDTH} wide: the
     * root of a key is trusted once the few nodes around it answered too (under churn one answer is too thin).
     */
    @Override
    protected CompletionStage<List<Contact>> closest(Id key, int count) {
        return lookup(key, Math.max(count, MIN_WIDTH)).thenApply(found -> {
            List<Contact> all = new ArrayList<>(found);
            all.add(self);
            all = RoutingTable.sortByDistance(all, key);
            return all.subList(0, Math.min(count, all.size()));
        });
    }

    /** An iterative node lookup (§2.3): the k closest live nodes to {@code target}, closest first. */
    CompletableFuture<List<Contact>> lookup(Id target) {
        return lookup(target, params.k());
    }

    /** A lookup that ends when the {@code width} closest nodes heard of have answered; returns those, closest first. */
    CompletableFuture<List<Contact>> lookup(Id target, int width) {
        int b = table.bucketOf(target);
        if (b >= 0) lastLookup[b] = clock.now();
        return new Lookup(target, Math.min(width, params.k()), null).start(table.closest(target, params.k()));
    }

    private final class Lookup {
        final Id target;
        final int width;
        final Consumer<List<SignedValue>> values; // FIND_VALUE: where the values found go; null for FIND_NODE
        final TreeMap<byte[], Candidate> shortlist = new TreeMap<>(Arrays::compareUnsigned);
        final CompletableFuture<List<Contact>> done = new CompletableFuture<>();
        /** Completes once the lookup is done and every FIND_VALUE asked again has answered. */
        final CompletableFuture<Void> reasked = new CompletableFuture<>();
        int inFlight;
        int asking; // FIND_VALUEs asked again for the values an unproven-address rule left out
        boolean converged;

        Lookup(Id target, int width, Consumer<List<SignedValue>> values) {
            this.target = target;
            this.width = width;
            this.values = values;
        }

        CompletableFuture<List<Contact>> start(List<Contact> seeds) {
            for (Contact c : seeds) offer(c, 1);
            step();
            return done;
        }

        boolean offer(Contact c, int depth) {
            if (c.id().equals(self.id())) return false;
            return shortlist.putIfAbsent(RoutingTable.distance(c.id(), target), new Candidate(c, depth)) == null;
        }

        /** The closest candidate not failed or stalled, or null. */
        Candidate best() {
            for (Candidate c : shortlist.values()) if (c.state != State.FAILED && c.state != State.STALLED) return c;
            return null;
        }

        void step() {
            if (done.isDone()) return;
            int considered = 0;
            boolean open = false;
            for (Candidate c : shortlist.values()) {
                if (c.state == State.FAILED || c.state == State.STALLED) continue;
                if (considered++ == width) break;
                if (c.state == State.NEW && (converged || inFlight < params.alpha())) query(c);
                if (c.state != State.ANSWERED) open = true;
            }
            if (!open) finish();
        }

        void query(Candidate c) {
            c.state = State.WAITING;
            inFlight++;
            Message.Builder m = rpc.newRequest(MessageType.FIND_NODE).id(Message.F_TARGET, target)
                    .u8(Message.F_COUNT, width);
            if (values != null) m.id(Message.F_KEY, target);
            // §2.3: "nodes that fail to respond quickly are removed from consideration until and unless they do
            // respond": a query silent for twice its measured RTT frees its slot and is not waited for; a late
            // answer still counts. A node never asked (under churn most are, and many dead) gets the RTO of all
            // this node's samples (SRTT + 4 RTTVAR: most peers answer within it), else STALL_MS.
            Duration rtt = rpc.rtt(c.contact.address());
            long typical = rpc.typicalTimeout();
            long stall = rtt != null ? stallTime(rtt) : typical > 0 ? Math.min(STALL_MS, typical) : STALL_MS;
            clock.schedule(stall, () -> {
                if (c.state != State.WAITING || done.isDone()) return;
                c.state = State.STALLED;
                inFlight--;
                count("lookup.stalls", 1);
                step();
            });
            rpc.request(c.contact.address(), m.build()).whenComplete((r, e) -> {
                if (c.state == State.WAITING) inFlight--;
                c.state = e == null ? State.ANSWERED : State.FAILED;
                if (r != null) {
                    if (values != null && (r.flags() & Rpc.TRUNCATED) != 0) askAgain(c.contact, m.build());
                    else if (values != null) values.accept(valuesIn(r, target));
                    Candidate before = best();
                    try {
                        if (r.has(Message.F_CONTACTS)) {
                            for (Contact n : r.contacts(Message.F_CONTACTS)) offer(n, c.depth + 1);
                        }
                    } catch (WireException x) {
                        count("dropped.malformed", 1);
                    }
                    // §2.3: a round that finds nothing closer sends to all of the closest not yet asked
                    converged = best() == before;
                }
                step();
            });
        }

        /** The reply left its values out (this node's address was not yet proven): ask again, with the token. */
        void askAgain(Contact c, Message findValue) {
            asking++;
            count("lookup.values.reasked", 1);
            rpc.request(c.address(), findValue).whenComplete((r, e) -> {
                if (r != null && (r.flags() & Rpc.TRUNCATED) == 0) values.accept(valuesIn(r, target));
                if (--asking == 0 && done.isDone()) reasked.complete(null);
            });
        }

        void finish() {
            List<Contact> out = new ArrayList<>();
            int hops = 0;
            for (Candidate c : shortlist.values()) {
                if (c.state != State.ANSWERED) continue;
                if (out.isEmpty()) hops = c.depth;
                out.add(c.contact);
                if (out.size() == width) break;
            }
            lookupDone(hops, !out.isEmpty() || shortlist.isEmpty());
            done.complete(out);
            if (asking == 0) reasked.complete(null);
        }
    }

    private static long stallTime(Duration rtt) {
        return Math.min(STALL_MS, Math.max(MIN_STALL_MS, 2 * rtt.toMillis() + 1));
    }

    private enum State { NEW, WAITING, STALLED, ANSWERED, FAILED }

    private static final class Candidate {
        final Contact contact;
        final int depth;
        State state = State.NEW;

        Candidate(Contact contact, int depth) {
            this.contact = contact;
            this.depth = depth;
        }
    }

    // ---- §2.3 join and bucket refresh ----

    @Override
    protected CompletionStage<Void> joinVia(List<InetSocketAddress> bootstrap) {
        List<CompletableFuture<Message>> asked = new ArrayList<>();
        for (InetSocketAddress a : bootstrap) {
            asked.add(rpc.request(a, rpc.newRequest(MessageType.FIND_NODE).id(Message.F_TARGET, id()).build())
                    .exceptionally(e -> null));
        }
        return CompletableFuture.allOf(asked.toArray(CompletableFuture[]::new)).thenCompose(x -> {
            if (table.size() == 0) {
                return CompletableFuture.<Void>failedFuture(new OverlayException("no bootstrap node answered"));
            }
            return lookup(id()).thenCompose(found -> refresh(table.lowestNonEmpty() + 1, true));
        }).thenRun(() -> periodic(params.refresh().toMillis(), params.refresh().toMillis(),
                () -> refresh(table.lowestNonEmpty(), false)));
    }

    /**
     * Looks up a random id in each bucket from {@code from} up (§2.3): at a join each k-bucket not yet full, later
     * each distance bucket not looked up within the refresh period. Alpha wide: its answers, not its result, fill
     * the bucket.
     */
    private CompletableFuture<Void> refresh(int from, boolean joining) {
        List<CompletableFuture<List<Contact>>> lookups = new ArrayList<>();
        long stale = clock.now() - params.refresh().toMillis();
        for (int i = from; i < RoutingTable.BUCKETS; i++) {
            for (int part = 0; part < table.parts(); part++) {
                if (joining ? table.size(i, part) < params.k() : part == 0 && lastLookup[i] <= stale) {
                    count("refreshes", 1);
                    Id target = joining ? table.randomIdIn(i, part, random) : table.randomIdIn(i, random);
                    lookups.add(lookup(target, params.alpha()));
                }
            }
        }
        return CompletableFuture.allOf(lookups.toArray(CompletableFuture[]::new));
    }
}
