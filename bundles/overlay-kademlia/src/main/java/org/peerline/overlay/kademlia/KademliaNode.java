package org.peerline.overlay.kademlia;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.peerline.api.overlay.Id;
import org.peerline.api.overlay.Neighbor;
import org.peerline.api.overlay.OverlayEvent;
import org.peerline.api.overlay.OverlayException;
import org.peerline.overlay.core.Clock;
import org.peerline.overlay.core.Contact;
import org.peerline.overlay.core.Message;
import org.peerline.overlay.core.MessageType;
import org.peerline.overlay.core.Network;
import org.peerline.overlay.core.Signer;
import org.peerline.overlay.core.WireException;
import org.peerline.overlay.core.node.OverlayNode;

/**
 * Kademlia (Maymounkov and Mazieres, "Kademlia: A Peer-to-peer Information System Based on the XOR Metric", IPTPS
 * 2002) as the routing strategy of an {@link OverlayNode}:
 * <ul>
 * <li>§2.1 XOR metric over the 160 id bits; §2.2 k-buckets ({@link RoutingTable}, k = 20): every message from a
 * node moves it to its bucket's tail; a new node enters a full bucket only if the least recently seen one fails a
 * PING (the newest candidate waits as the bucket's replacement, §4.1); nodes that fail an RPC are removed.</li>
 * <li>§2.3 node lookup: iterative and parallel, alpha = 3 FIND_NODEs in flight, seeded with the k closest known,
 * until the k closest nodes heard of have all answered (or failed). Hops: the depth at which the closest answering
 * node was learned (contacts from the own table are depth 1).</li>
 * <li>§2.3 join: FIND_NODE to the bootstrap contacts, a lookup of the own id, then a refresh of every bucket
 * farther than the closest neighbour; bucket refresh: a lookup of a random id in every bucket (from the closest
 * neighbour's outward) not looked up in the last {@link Parameters#refresh} (1 hour).</li>
 * <li>§2.3 STORE / FIND_VALUE and §2.5 republishing: the runtime's STORE to the closest replicas, GET, re-publish
 * (a GET after a lookup replaces FIND_VALUE).</li>
 * </ul>
 */
public final class KademliaNode extends OverlayNode {
    /**
     * @param k bucket size and lookup width (20)
     * @param alpha lookups' parallelism (3)
     * @param refresh how long a bucket may go without a lookup before it is refreshed (1 hour)
     */
    public record Parameters(int k, int alpha, Duration refresh) {
        public static final Parameters DEFAULTS = new Parameters(20, 3, Duration.ofHours(1));
    }

    public static final String ALGORITHM = "kademlia";
    /** A FIND_NODE silent this long is stalled (one-way latencies reach 100 ms; Rpc's timeout is 1 s at first). */
    private static final long STALL_MS = 500;

    private final Parameters params;
    private final RoutingTable table;
    private final long[] lastLookup = new long[RoutingTable.BUCKETS];
    private final Map<Integer, Contact> replacements = new HashMap<>();
    private final Set<Integer> probing = new HashSet<>();
    private final Random random;

    public KademliaNode(Signer signer, Clock clock, Function<Network.Receiver, Network> network, Config config,
            Parameters params) {
        super(signer, clock, network, config);
        this.params = params;
        this.table = new RoutingTable(signer.id(), params.k());
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

    // ---- §2.2 k-bucket maintenance ----

    @Override
    protected void seen(Contact c) {
        if (table.touch(c)) return;
        Contact known = table.at(c.address());
        if (known != null && !known.id().equals(c.id())) table.remove(known.id()); // a new node at that address
        if (table.add(c)) {
            fire(OverlayEvent.Type.NEIGHBOR_UP, c, "bucket[" + table.bucketOf(c.id()) + "]");
            return;
        }
        int b = table.bucketOf(c.id());
        if (b < 0) return;
        replacements.put(b, c);
        if (!probing.add(b)) return;
        Contact oldest = table.oldest(c.id());
        rpc.ping(oldest.address()).whenComplete((pong, e) -> {
            probing.remove(b);
            // alive: the PONG moved it to the tail (seen); dead: unreachable() removed it and let the candidate in
            if (pong != null) replacements.remove(b);
        });
    }

    @Override
    protected void unreachable(InetSocketAddress address) {
        Contact c = table.at(address);
        if (c == null) return;
        table.remove(c.id());
        fire(OverlayEvent.Type.NEIGHBOR_DOWN, c, "no answer");
        Contact r = replacements.remove(table.bucketOf(c.id()));
        if (r != null && table.add(r)) fire(OverlayEvent.Type.NEIGHBOR_UP, r, "replacement");
    }

    // ---- §2.3 FIND_NODE ----

    @Override
    protected Message handle(Message m, Contact from) throws WireException {
        if (m.type() != MessageType.FIND_NODE) return null;
        Id target = m.id(Message.F_TARGET);
        return rpc.reply(m, MessageType.NODES).contacts(Message.F_CONTACTS, table.closest(target, params.k(), from))
                .build();
    }

    @Override
    protected CompletionStage<List<Contact>> closest(Id key, int count) {
        return lookup(key).thenApply(found -> {
            List<Contact> all = new ArrayList<>(found);
            all.add(self);
            all = RoutingTable.sortByDistance(all, key);
            return all.subList(0, Math.min(count, all.size()));
        });
    }

    /** An iterative node lookup (§2.3): the k closest live nodes to {@code target}, closest first. */
    CompletableFuture<List<Contact>> lookup(Id target) {
        int b = table.bucketOf(target);
        if (b >= 0) lastLookup[b] = clock.now();
        return new Lookup(target).start(table.closest(target, params.k()));
    }

    private final class Lookup {
        final Id target;
        final TreeMap<byte[], Candidate> shortlist = new TreeMap<>(Arrays::compareUnsigned);
        final CompletableFuture<List<Contact>> done = new CompletableFuture<>();
        int inFlight;

        Lookup(Id target) {
            this.target = target;
        }

        CompletableFuture<List<Contact>> start(List<Contact> seeds) {
            for (Contact c : seeds) offer(c, 1);
            step();
            return done;
        }

        void offer(Contact c, int depth) {
            if (c.id().equals(self.id())) return;
            shortlist.putIfAbsent(RoutingTable.distance(c.id(), target), new Candidate(c, depth));
        }

        void step() {
            if (done.isDone()) return;
            int considered = 0;
            boolean open = false;
            for (Candidate c : shortlist.values()) {
                if (c.state == State.FAILED || c.state == State.STALLED) continue;
                if (considered++ == params.k()) break;
                if (c.state == State.NEW && inFlight < params.alpha()) query(c);
                if (c.state != State.ANSWERED) open = true;
            }
            if (!open) finish();
        }

        void query(Candidate c) {
            c.state = State.WAITING;
            inFlight++;
            Message m = rpc.newRequest(MessageType.FIND_NODE).id(Message.F_TARGET, target).build();
            // §2.3: "nodes that fail to respond quickly are removed from consideration until and unless they do
            // respond": a stalled query frees its slot and is not waited for; a late answer still counts
            clock.schedule(STALL_MS, () -> {
                if (c.state != State.WAITING || done.isDone()) return;
                c.state = State.STALLED;
                inFlight--;
                count("lookup.stalls", 1);
                step();
            });
            rpc.request(c.contact.address(), m).whenComplete((r, e) -> {
                if (c.state == State.WAITING) inFlight--;
                c.state = e == null ? State.ANSWERED : State.FAILED;
                if (r != null) {
                    try {
                        if (r.has(Message.F_CONTACTS)) {
                            for (Contact n : r.contacts(Message.F_CONTACTS)) offer(n, c.depth + 1);
                        }
                    } catch (WireException x) {
                        count("dropped.malformed", 1);
                    }
                }
                step();
            });
        }

        void finish() {
            List<Contact> out = new ArrayList<>();
            int hops = 0;
            for (Candidate c : shortlist.values()) {
                if (c.state != State.ANSWERED) continue;
                if (out.isEmpty()) hops = c.depth;
                out.add(c.contact);
                if (out.size() == params.k()) break;
            }
            lookupDone(hops, !out.isEmpty() || shortlist.isEmpty());
            done.complete(out);
        }
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

    /** Looks up a random id in each bucket from {@code from} up not looked up within the refresh period (§2.3). */
    private CompletableFuture<Void> refresh(int from, boolean all) {
        List<CompletableFuture<List<Contact>>> lookups = new ArrayList<>();
        long stale = clock.now() - params.refresh().toMillis();
        for (int i = from; i < RoutingTable.BUCKETS; i++) {
            if (all || lastLookup[i] <= stale) {
                count("refreshes", 1);
                lookups.add(lookup(table.randomIdIn(i, random)));
            }
        }
        return CompletableFuture.allOf(lookups.toArray(CompletableFuture[]::new));
    }
}
