package org.peerline.overlay.core.node;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.peerline.api.overlay.Id;
import org.peerline.api.overlay.Neighbor;
import org.peerline.api.overlay.Overlay;
import org.peerline.api.overlay.OverlayEvent;
import org.peerline.api.overlay.OverlayException;
import org.peerline.api.overlay.OverlayListener;
import org.peerline.api.overlay.SignedValue;
import org.peerline.overlay.core.Cancellable;
import org.peerline.overlay.core.Clock;
import org.peerline.overlay.core.Contact;
import org.peerline.overlay.core.Crypto;
import org.peerline.overlay.core.Message;
import org.peerline.overlay.core.MessageType;
import org.peerline.overlay.core.Network;
import org.peerline.overlay.core.Signer;
import org.peerline.overlay.core.SignedValues;
import org.peerline.overlay.core.Storage;
import org.peerline.overlay.core.Wire;
import org.peerline.overlay.core.WireException;

/**
 * The part of a DHT node every algorithm shares; a routing strategy (Bamboo, Chord, Kademlia) supplies
 * {@link #closest}, {@link #handle}, {@link #joinVia} and {@link #neighbors}.
 *
 * <ul>
 * <li>Signed values (RFC 6940 §7.3 USER-NODE-MATCH in spirit, BEP 44 seq): {@link #put(Id, byte[], Duration)} signs
 * with the node key, seq = max(node clock, last seq for the key + 1); {@link #remove} stores a signed tombstone.</li>
 * <li>Replication (Bamboo/seed: 8 replicas, write quorum 5; Kademlia §2.3 "k closest"): STORE to the
 * {@link Config#replicas} closest; a put completes when min(quorum, replicas found) accepted it.</li>
 * <li>Reads: GET from the same replicas; answers are verified and merged per owner (highest seq wins, so a
 * tombstone hides older values); {@link #getFirst} completes on the first verified live value.</li>
 * <li>Maintenance (Kademlia §2.5): owners re-publish {@link #owned()} every {@link Config#republish}; holders
 * re-replicate what they store every {@link Config#replicate} (jittered per node) and expire lapsed records.</li>
 * </ul>
 * Public methods may be called from any thread: they hop onto the loop ({@link Clock#schedule} with no delay) and
 * their stages complete there. Everything else runs on the loop, without locks (DESIGN.md, threading).
 */
public abstract class OverlayNode implements Overlay {
    /**
     * @param replicas how many closest nodes store a value (k for replication; default 8)
     * @param quorum acknowledgements a put needs (default 5; fewer when fewer replicas exist)
     * @param republish how often an owner re-publishes what it owns (default 5 min)
     * @param replicate how often a holder re-replicates what it stores (default 10 min)
     * @param maxMessage largest datagram (default {@link Wire#DEFAULT_MAX_MESSAGE})
     * @param limits storage bounds
     */
    public record Config(int replicas, int quorum, Duration republish, Duration replicate, int maxMessage,
            Storage.Limits limits) {
        public static final Config DEFAULTS = new Config(8, 5, Duration.ofMinutes(5), Duration.ofMinutes(10),
                Wire.DEFAULT_MAX_MESSAGE, Storage.Limits.DEFAULTS);

        public Config {
            if (replicas < 1 || quorum < 1 || quorum > replicas) throw new IllegalArgumentException("replicas/quorum");
        }
    }

    protected final Signer signer;
    protected final Clock clock;
    protected final Config config;
    protected final Rpc rpc;
    protected final Storage storage;
    protected final Contact self;
    private final List<OverlayListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<Id, SignedValue> owned = new ConcurrentHashMap<>();
    private final Map<Id, Long> seqs = new HashMap<>();
    private final Map<String, Long> counters = new ConcurrentHashMap<>();
    private final List<Cancellable> timers = new ArrayList<>();
    private volatile boolean joined;
    private boolean stopped;

    /**
     * @param network attaches the node's receiver and returns its network, e.g. {@code r -> sim.endpoint(addr, r)}
     */
    protected OverlayNode(Signer signer, Clock clock, Function<Network.Receiver, Network> network, Config config) {
        this.signer = signer;
        this.clock = clock;
        this.config = config;
        this.storage = new Storage(config.limits());
        this.rpc = new Rpc(signer.id(), clock, config.maxMessage(), Wire.algorithmTag(algorithm()));
        Network net = network.apply(rpc);
        rpc.attach(net, new Rpc.Handler() {
            @Override
            public Message request(Message request, Contact from) throws WireException {
                return dispatch(request, from);
            }

            @Override
            public void seen(Contact contact) {
                if (!stopped) OverlayNode.this.seen(contact);
            }

            @Override
            public void unreachable(InetSocketAddress address) {
                if (!stopped) OverlayNode.this.unreachable(address);
            }
        });
        this.self = new Contact(signer.id(), net.localAddress());
    }

    // ---- the routing strategy ----

    /**
     * The {@code count} nodes closest to {@code key} in the algorithm's metric, closest first, this node included
     * when it is one of them (a network of one answers itself). May look up iteratively; runs on the loop.
     */
    protected abstract CompletionStage<List<Contact>> closest(Id key, int count);

    /** An algorithm-specific request (FIND_NODE, JOIN, ...): the reply, or null if not handled. */
    protected abstract Message handle(Message request, Contact from) throws WireException;

    /** Joins through the bootstrap addresses (never empty); completes when the routing state is built. */
    protected abstract CompletionStage<Void> joinVia(List<InetSocketAddress> bootstrap);

    /** A message came from {@code contact}: routing state may learn it (Kademlia §2.2). */
    protected void seen(Contact contact) {
    }

    /** A request to {@code address} failed after retransmission: routing state may drop it. */
    protected void unreachable(InetSocketAddress address) {
    }

    /** Records one lookup's outcome for {@link #stats()} ({@code lookups}, {@code lookup.hops}, ...). */
    protected void lookupDone(int hops, boolean ok) {
        count("lookups", 1);
        if (ok) count("lookup.hops", hops);
        else count("lookup.failures", 1);
    }

    protected void count(String name, long n) {
        counters.merge(name, n, Long::sum);
    }

    protected Instant now() {
        return Instant.ofEpochMilli(clock.now());
    }

    /** Notifies listeners (exceptions are counted, not propagated). */
    protected void fire(OverlayEvent.Type type, Contact contact, String detail) {
        Neighbor n = contact == null ? null : new Neighbor(contact.id(), contact.address(), "", rpc.rtt(contact.address()));
        OverlayEvent event = new OverlayEvent(type, n, detail);
        for (OverlayListener l : listeners) {
            try {
                l.event(event);
            } catch (RuntimeException e) {
                count("listener.errors", 1);
            }
        }
    }

    // ---- Overlay ----

    @Override
    public Id id() {
        return self.id();
    }

    @Override
    public byte[] publicKey() {
        return signer.publicKey();
    }

    @Override
    public InetSocketAddress address() {
        return self.address();
    }

    public Contact contact() {
        return self;
    }

    @Override
    public boolean joined() {
        return joined;
    }

    /** The node's store (read it on the loop: tests and shell snapshots). */
    public Storage storage() {
        return storage;
    }

    @Override
    public CompletionStage<Void> join(List<InetSocketAddress> bootstrap) {
        return onLoop(() -> {
            CompletionStage<Void> via = bootstrap.isEmpty() ? CompletableFuture.completedFuture(null)
                    : joinVia(List.copyOf(bootstrap));
            return via.thenRun(() -> {
                if (joined) return;
                joined = true;
                long rep = config.replicate().toMillis();
                periodic(config.republish().toMillis(), config.republish().toMillis(), this::republish);
                periodic(rep / 2 + Math.floorMod(self.id().hashCode(), Math.max(1, rep / 2)), rep, this::maintain);
                fire(OverlayEvent.Type.JOINED, null, bootstrap.isEmpty() ? "a network of one" : "");
            });
        });
    }

    @Override
    public CompletionStage<Void> leave() {
        return onLoop(() -> {
            List<CompletableFuture<Void>> handed = new ArrayList<>();
            for (SignedValue v : storage.all(now())) {
                handed.add(closest(v.key(), config.replicas() + 1).thenCompose(targets -> {
                    List<Contact> others = new ArrayList<>(targets);
                    others.remove(self);
                    return replicate(v, others, 1);
                }).toCompletableFuture().exceptionally(e -> null));
            }
            return CompletableFuture.allOf(handed.toArray(CompletableFuture[]::new)).thenRun(() -> {
                stop();
                fire(OverlayEvent.Type.LEFT, null, "");
            });
        });
    }

    /** Stops at once without handing anything over (a crash): timers cancelled, traffic ignored. */
    public void stop() {
        stopped = true;
        joined = false;
        timers.forEach(Cancellable::cancel);
        timers.clear();
        rpc.close();
    }

    @Override
    public CompletionStage<SignedValue> put(Id key, byte[] value, Duration lifetime) {
        byte[] copy = value.clone();
        return onLoop(() -> {
            if (copy.length == 0) return failed("an empty value is a tombstone: use remove");
            if (copy.length > config.limits().maxValueBytes() || lifetime.isNegative() || lifetime.isZero()
                    || lifetime.compareTo(config.limits().maxLifetime()) > 0) {
                return failed("value of " + copy.length + " bytes or lifetime " + lifetime + " out of bounds");
            }
            SignedValue v = sign(key, copy, lifetime);
            owned.put(key, v);
            return publish(v).thenApply(x -> v);
        });
    }

    @Override
    public CompletionStage<Void> put(SignedValue value) {
        return onLoop(() -> {
            if (!SignedValues.verify(value)) return failed("signature does not verify");
            if (Arrays.equals(value.owner(), signer.publicKey())) {
                owned.merge(value.key(), value, (a, b) -> a.seq() >= b.seq() ? a : b);
                seqs.merge(value.key(), value.seq(), Math::max);
            }
            return publish(value);
        });
    }

    @Override
    public CompletionStage<Void> remove(Id key) {
        return onLoop(() -> {
            SignedValue old = owned.get(key);
            Duration lifetime = old != null && old.expires().isAfter(now())
                    ? Duration.between(now(), old.expires()) : config.republish().multipliedBy(2);
            SignedValue tombstone = sign(key, new byte[0], lifetime.isZero() ? Duration.ofSeconds(1) : lifetime);
            owned.put(key, tombstone);
            return publish(tombstone);
        });
    }

    @Override
    public CompletionStage<List<SignedValue>> get(Id key) {
        return onLoop(() -> {
            count("gets", 1);
            Map<Id, SignedValue> merged = new LinkedHashMap<>();
            return gather(key, config.replicas(), vs -> merge(merged, vs)).thenApply(x -> live(merged));
        });
    }

    @Override
    public CompletionStage<Optional<SignedValue>> getFirst(Id key) {
        return onLoop(() -> {
            count("gets", 1);
            CompletableFuture<Optional<SignedValue>> first = new CompletableFuture<>();
            Map<Id, SignedValue> merged = new LinkedHashMap<>();
            gather(key, config.replicas(), vs -> {
                merge(merged, vs);
                List<SignedValue> live = live(merged);
                if (!live.isEmpty()) first.complete(Optional.of(live.get(0)));
            }).whenComplete((x, e) -> {
                if (e != null) first.completeExceptionally(e);
                else first.complete(Optional.empty());
            });
            return first;
        });
    }

    /**
     * Hands {@code sink} the verified values stored under {@code key} at the {@code count} closest nodes as they
     * arrive; completes when all have answered or failed. By default a lookup, then a GET to each replica (RELOAD's
     * Fetch after its lookup); an algorithm whose lookup steps can carry values (Kademlia's FIND_VALUE) overrides
     * it. Called on the loop.
     */
    protected CompletionStage<Void> gather(Id key, int count, Consumer<List<SignedValue>> sink) {
        return closest(key, count).thenCompose(replicas -> {
            List<CompletableFuture<Void>> all = new ArrayList<>();
            for (Contact c : replicas) all.add(fetch(c, key).thenAccept(sink));
            return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
        });
    }

    @Override
    public CompletionStage<byte[]> route(Id key, byte[] message) {
        byte[] payload = message.clone();
        return onLoop(() -> closest(key, 1).thenCompose(roots -> {
            if (roots.isEmpty() || roots.get(0).equals(self)) {
                byte[] reply = deliver(key, payload);
                return reply != null ? CompletableFuture.completedFuture(reply)
                        : failed("no listener at the root accepted the message");
            }
            Message m = rpc.newRequest(MessageType.ROUTE).id(Message.F_KEY, key).bytes(Message.F_PAYLOAD, payload)
                    .build();
            return rpc.request(roots.get(0).address(), m).thenCompose(r -> {
                if (r.type() == MessageType.ROUTE_REPLY && r.has(Message.F_PAYLOAD)) {
                    return CompletableFuture.completedFuture(r.raw(Message.F_PAYLOAD));
                }
                return failed("the root declined: " + (r.has(Message.F_ERROR)
                        ? new String(r.raw(Message.F_ERROR), java.nio.charset.StandardCharsets.UTF_8) : r.type()));
            });
        }));
    }

    /** Owned values and tombstones not yet expired (tombstones must outlive the values they hide). */
    @Override
    public List<SignedValue> owned() {
        long now = clock.now();
        List<SignedValue> out = new ArrayList<>();
        for (SignedValue v : owned.values()) if (v.expires().toEpochMilli() > now) out.add(v);
        return out;
    }

    @Override
    public Map<String, Long> stats() {
        Map<String, Long> out = new TreeMap<>(rpc.stats());
        out.putAll(counters);
        out.put("records", (long) storage.size());
        out.put("owned", (long) owned.size());
        return out;
    }

    @Override
    public void addListener(OverlayListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(OverlayListener listener) {
        listeners.remove(listener);
    }

    // ---- replication and requests ----

    private SignedValue sign(Id key, byte[] value, Duration lifetime) {
        long seq = Math.max(clock.now(), seqs.getOrDefault(key, 0L) + 1);
        seqs.put(key, seq);
        return SignedValues.sign(key, value, seq, now().plus(lifetime), signer);
    }

    private CompletionStage<Void> publish(SignedValue v) {
        count("puts", 1);
        return closest(v.key(), config.replicas()).thenCompose(targets -> replicate(v, targets, config.quorum()))
                .whenComplete((x, e) -> {
                    if (e != null) count("puts.failed", 1);
                });
    }

    /** STOREs {@code v} at each target; completes when min(quorum, targets) accepted it (RFC 6940 §6.4.1.2). */
    private CompletableFuture<Void> replicate(SignedValue v, List<Contact> targets, int quorum) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (targets.isEmpty()) return failed("no replica found for " + v.key());
        int need = Math.min(quorum, targets.size());
        int[] acks = {0};
        int[] answers = {0};
        List<String> refusals = new ArrayList<>();
        for (Contact c : targets) {
            storeAt(c, v).whenComplete((result, e) -> {
                answers[0]++;
                if (result != null && result.ok()) acks[0]++;
                else refusals.add(result != null ? result.name() : "timeout");
                if (acks[0] == need) done.complete(null);
                else if (answers[0] == targets.size() && acks[0] < need) {
                    done.completeExceptionally(new OverlayException("put " + v.key() + ": " + acks[0] + " of " + need
                            + " acks needed, refused: " + refusals));
                }
            });
        }
        return done;
    }

    private CompletableFuture<Storage.Result> storeAt(Contact c, SignedValue v) {
        if (c.id().equals(self.id())) return CompletableFuture.completedFuture(storeLocal(v));
        Message m = rpc.newRequest(MessageType.STORE).signedValue(Message.F_VALUE, v).build();
        return rpc.request(c.address(), m).thenApply(r -> {
            int code = r.has(Message.F_RESULT) ? r.raw(Message.F_RESULT)[0] & 0xff : -1;
            return code >= 0 && code < Storage.Result.values().length ? Storage.Result.values()[code]
                    : Storage.Result.BAD_SIGNATURE;
        });
    }

    private Storage.Result storeLocal(SignedValue v) {
        Storage.Result r = storage.put(v, now());
        count("store." + r, 1);
        return r;
    }

    private CompletableFuture<List<SignedValue>> fetch(Contact c, Id key) {
        if (c.id().equals(self.id())) return CompletableFuture.completedFuture(storage.values(key, key, now()));
        return rpc.requestPadded(c.address(), rpc.newRequest(MessageType.GET).id(Message.F_KEY, key).build())
                .thenApply(r -> valuesIn(r, key)).exceptionally(e -> List.of());
    }

    /** The values under {@code key} in a reply whose signatures verify; others are counted as rejected. */
    protected List<SignedValue> valuesIn(Message reply, Id key) {
        try {
            List<SignedValue> out = new ArrayList<>();
            for (SignedValue v : reply.signedValues(Message.F_VALUE)) {
                if (v.key().equals(key) && SignedValues.verify(v)) out.add(v);
                else count("values.rejected", 1);
            }
            return out;
        } catch (WireException e) {
            count("values.rejected", 1);
            return List.of();
        }
    }

    /**
     * Adds the values this node stores under {@code key} to a reply of {@code size} bytes so far, as many as fit
     * in {@code room} bytes; returns the new size. Values that do not fit are counted ({@code values.trimmed}): a
     * key shared by more owners than one datagram holds returns its first ones.
     */
    protected int appendValues(Message.Builder reply, Id key, int size, int room) {
        for (SignedValue v : storage.values(key, key, now())) {
            int s = 3 + SignedValues.encode(v).length;
            if (size + s > room) {
                count("values.trimmed", 1);
                break;
            }
            size += s;
            reply.signedValue(Message.F_VALUE, v);
        }
        return size;
    }

    /** Keeps the highest seq per owner (BEP 44), so a newer tombstone hides an older value. */
    private void merge(Map<Id, SignedValue> merged, List<SignedValue> values) {
        for (SignedValue v : values) {
            merged.merge(Crypto.nodeId(v.owner()), v, (a, b) -> a.seq() >= b.seq() ? a : b);
        }
    }

    private List<SignedValue> live(Map<Id, SignedValue> merged) {
        long now = clock.now();
        List<SignedValue> out = new ArrayList<>();
        for (SignedValue v : merged.values()) if (!v.isTombstone() && v.expires().toEpochMilli() > now) out.add(v);
        return out;
    }

    private Message dispatch(Message m, Contact from) throws WireException {
        if (stopped) return null;
        switch (m.type()) {
            case STORE: {
                List<SignedValue> vs = m.signedValues(Message.F_VALUE);
                if (vs.size() != 1) throw new WireException("STORE carries one value");
                return rpc.reply(m, MessageType.STORE_ACK).u8(Message.F_RESULT, storeLocal(vs.get(0)).ordinal())
                        .build();
            }
            case GET: {
                Id key = m.id(Message.F_KEY);
                Message.Builder b = rpc.reply(m, MessageType.VALUES);
                appendValues(b, key, Wire.HEADER_BYTES, config.maxMessage() - Rpc.TOKEN_BYTES);
                return b.build();
            }
            case ROUTE: {
                byte[] reply = deliver(m.id(Message.F_KEY), m.bytes(Message.F_PAYLOAD));
                return reply != null ? rpc.reply(m, MessageType.ROUTE_REPLY).bytes(Message.F_PAYLOAD, reply).build()
                        : rpc.reply(m, MessageType.ERROR).text(Message.F_ERROR, "declined").build();
            }
            default:
                return handle(m, from);
        }
    }

    private byte[] deliver(Id key, byte[] payload) {
        for (OverlayListener l : listeners) {
            try {
                byte[] r = l.deliver(key, payload);
                if (r != null) return r;
            } catch (RuntimeException e) {
                count("listener.errors", 1);
            }
        }
        return null;
    }

    // ---- maintenance ----

    /** Runs {@code task} after {@code first} ms, then every {@code every} ms, until {@link #stop()}. */
    protected void periodic(long first, long every, Runnable task) {
        timers.add(clock.every(first, every, () -> {
            if (!stopped) task.run();
        }));
    }

    /** Owners re-publish (Kademlia §2.5; RFC 6940 §6.4.1 "refresh"), dropping what expired. */
    private void republish() {
        long now = clock.now();
        owned.values().removeIf(v -> v.expires().toEpochMilli() <= now);
        for (SignedValue v : owned.values()) {
            count("republished", 1);
            publish(v).toCompletableFuture().exceptionally(e -> null);
        }
    }

    /** Holders re-replicate each stored record to the current closest (Kademlia §2.5) and expire the lapsed. */
    private void maintain() {
        storage.expire(now());
        Map<Id, List<SignedValue>> byKey = new LinkedHashMap<>();
        for (SignedValue v : storage.all(now())) {
            byKey.computeIfAbsent(v.key(), k -> new ArrayList<>()).add(v);
        }
        for (Map.Entry<Id, List<SignedValue>> e : byKey.entrySet()) {
            closest(e.getKey(), config.replicas()).thenAccept(targets -> {
                for (SignedValue v : e.getValue()) {
                    for (Contact c : targets) {
                        if (!c.equals(self)) {
                            count("replicated", 1);
                            storeAt(c, v).exceptionally(x -> null);
                        }
                    }
                }
            });
        }
    }

    /** Runs {@code task} on the loop; its stage's outcome completes the returned one, errors as OverlayException. */
    protected <T> CompletableFuture<T> onLoop(Supplier<? extends CompletionStage<T>> task) {
        CompletableFuture<T> f = new CompletableFuture<>();
        clock.schedule(0, () -> {
            if (stopped) {
                f.completeExceptionally(new OverlayException("node stopped"));
                return;
            }
            try {
                task.get().whenComplete((v, e) -> {
                    if (e == null) f.complete(v);
                    else f.completeExceptionally(overlayException(e));
                });
            } catch (RuntimeException e) {
                f.completeExceptionally(overlayException(e));
            }
        });
        return f;
    }

    private static Throwable overlayException(Throwable e) {
        Throwable c = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        return c instanceof OverlayException ? c : new OverlayException(String.valueOf(c.getMessage()), c);
    }

    protected static <T> CompletableFuture<T> failed(String message) {
        return CompletableFuture.failedFuture(new OverlayException(message));
    }
}
