package org.peerline.overlay.core.runtime;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.peerline.api.overlay.Id;
import org.peerline.api.overlay.Neighbor;
import org.peerline.api.overlay.Overlay;
import org.peerline.api.overlay.OverlayEvent;
import org.peerline.api.overlay.OverlayListener;
import org.peerline.api.overlay.SignedValue;
import org.peerline.overlay.core.Cancellable;
import org.peerline.overlay.core.Crypto;
import org.peerline.overlay.core.Identity;
import org.peerline.overlay.core.Network;
import org.peerline.overlay.core.Signer;
import org.peerline.overlay.core.node.OverlayAlgorithm;
import org.peerline.overlay.core.node.OverlayNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One overlay node on a real network, whose algorithm can change while it runs. It loads or creates the node's
 * {@link Identity} in its data folder (one identity per node, whatever the algorithm, so what it signed stays its
 * own), opens a {@link TransportNetwork} on a datagram transport, creates the node on its {@link LoopClock} (the core
 * is single-threaded, DESIGN.md threading) and joins. It is itself an {@link Overlay}, forwarding to the current
 * node, so consumers keep one service across a swap.
 *
 * <p><b>Live swap</b> ({@link #swap}): the old node leaves (handing what it stores to its old ring), the new
 * algorithm's node starts on the same port and identity and joins through the configured bootstrap nodes and the
 * old node's neighbours (peers keep their addresses when they swap too), then everything the old node owned or
 * stored is put into the new ring. Calls made during a swap wait for it. While the new ring grows (peers swapping
 * after this one), the carried values are put again a moment after each new neighbour, for {@link #SETTLE}.
 *
 * <p><b>Lonely retry</b>: a node with peers to try but no neighbours (its first join failed, or every peer still
 * ran another algorithm) tries them again every {@link #RETRY}; peers may also come from LAN discovery
 * ({@link #addPeers}).
 */
public final class OverlayRunner implements Overlay, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OverlayRunner.class);
    /** Longest wait for the loop to create the node. */
    public static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** Longest wait for {@link OverlayNode#leave()} on close or swap. */
    public static final Duration LEAVE_TIMEOUT = Duration.ofSeconds(10);
    /** How often a node with no neighbours tries its peers again. */
    public static final Duration RETRY = Duration.ofSeconds(5);
    /** How long after a swap carried values are put again when a neighbour appears. */
    public static final Duration SETTLE = Duration.ofMinutes(3);
    private static final long REPUT_DELAY_MS = 1_000;
    /** @deprecated use {@link OverlayAlgorithm}; kept for callers written before it. */
    @Deprecated
    @FunctionalInterface
    public interface Factory extends OverlayAlgorithm {
    }

    private final Identity identity;
    private final LoopClock loop;
    private final TransportNetwork network;
    private final List<OverlayListener> listeners = new CopyOnWriteArrayList<>();
    private final OverlayListener relay = new Relay();
    // loop-confined
    private final Set<InetSocketAddress> peers = new LinkedHashSet<>();
    private final Map<String, SignedValue> carried = new LinkedHashMap<>();
    private OverlayAlgorithm algorithm;
    private boolean left;
    private long settleUntil;
    private boolean reputScheduled;
    private Cancellable retry;
    // read anywhere
    private volatile OverlayNode node;
    private volatile CompletableFuture<Void> ready = CompletableFuture.completedFuture(null);
    private volatile CompletionStage<Void> joining;
    private boolean closed;

    private OverlayRunner(Identity identity, LoopClock loop, TransportNetwork network) {
        this.identity = identity;
        this.loop = loop;
        this.network = network;
    }

    /**
     * Starts a node.
     *
     * @param algorithm makes the node
     * @param transport a datagram transport (UDP)
     * @param bind where to listen (port 0: a free port)
     * @param dataFolder where the node's identity lives (created if missing)
     * @param bootstrap nodes to join through; empty forms a network of one
     * @throws IOException if the identity cannot be read or written, or the address cannot be bound
     */
    public static OverlayRunner start(OverlayAlgorithm algorithm, org.peerline.api.transport.Transport transport,
            InetSocketAddress bind, Path dataFolder, List<InetSocketAddress> bootstrap) throws IOException {
        return start(algorithm, transport, bind, null, dataFolder, bootstrap);
    }

    /** As {@link #start(OverlayAlgorithm, org.peerline.api.transport.Transport, InetSocketAddress, Path, List)},
     * telling peers {@code advertise} when bound to a wildcard address (null: loopback). */
    public static OverlayRunner start(OverlayAlgorithm algorithm, org.peerline.api.transport.Transport transport,
            InetSocketAddress bind, InetAddress advertise, Path dataFolder, List<InetSocketAddress> bootstrap)
            throws IOException {
        Identity identity = Identity.loadOrCreate(dataFolder);
        LoopClock loop = LoopClock.forPort(bind.getPort());
        TransportNetwork network = null;
        try {
            network = TransportNetwork.open(transport, bind, loop).advertise(advertise);
            int port = network.localAddress().getPort();
            if (bind.getPort() == 0) loop.execute(() -> Thread.currentThread().setName("peerline-overlay-" + port));
            OverlayRunner runner = new OverlayRunner(identity, loop, network);
            loop.call(() -> {
                runner.peers.addAll(bootstrap);
                runner.install(algorithm);
                runner.retry = loop.every(RETRY.toMillis(), RETRY.toMillis(), runner::retryIfLonely);
                return null;
            }, TIMEOUT);
            runner.joining = runner.joinPeers();
            return runner;
        } catch (IOException | RuntimeException e) {
            if (network != null) network.close();
            loop.close();
            throw e;
        } catch (Exception e) {
            if (network != null) network.close();
            loop.close();
            throw new IllegalStateException("cannot create the overlay node: " + e.getMessage(), e);
        }
    }

    /**
     * Replaces the node by one of {@code next}'s algorithm on the same port and identity, carrying over what the
     * old one owned and stored. Swaps are serialised; calls made meanwhile run on the new node.
     *
     * @return completes when the new node is installed (joined, or a ring of one retrying its peers)
     */
    public synchronized CompletionStage<Void> swap(OverlayAlgorithm next) {
        if (closed) return CompletableFuture.failedFuture(new IllegalStateException("closed"));
        CompletableFuture<Void> previous = ready;
        CompletableFuture<Void> gate = new CompletableFuture<>();
        ready = gate;
        previous.handle((x, e) -> null)
                .thenCompose(x -> onLoop(() -> {
                    OverlayNode old = node;
                    for (Neighbor n : old.neighbors()) peers.add(n.address());
                    for (SignedValue v : old.storage().all(java.time.Instant.ofEpochMilli(loop.now()))) carry(v);
                    return old;
                }))
                .thenCompose(old -> old.leave().toCompletableFuture()
                        .completeOnTimeout(null, LEAVE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                        .handle((x, e) -> old))
                .thenCompose(old -> onLoop(() -> {
                    old.stop();
                    for (SignedValue v : old.owned()) carry(v);
                    String from = old.algorithm();
                    install(next);
                    settleUntil = loop.now() + SETTLE.toMillis();
                    LOG.info("overlay {} swapped from {} to {}; carrying {} values, trying {} peers",
                            node.address(), from, node.algorithm(), carried.size(), peers.size());
                    return null;
                }))
                .thenCompose(x -> joinPeers().handle((y, e) -> null))
                .whenComplete((x, e) -> {
                    if (e != null) LOG.warn("overlay swap to a new algorithm failed: {}", e.toString());
                    gate.complete(null);
                });
        return gate;
    }

    /** Adds peers to join through (e.g. found on the LAN); a node with no neighbours tries them at once. */
    public void addPeers(List<InetSocketAddress> found) {
        loop.execute(() -> {
            found.stream().filter(a -> !a.equals(address())).forEach(peers::add);
            retryIfLonely();
        });
    }

    // ---- on the loop ----

    private void install(OverlayAlgorithm algorithm) {
        OverlayNode fresh = algorithm.create(identity.signer(), loop, network::attach);
        fresh.addListener(relay);
        this.algorithm = algorithm;
        node = fresh;
    }

    private void carry(SignedValue v) {
        carried.merge(Crypto.nodeId(v.owner()) + "/" + v.key(), v, (a, b) -> a.seq() >= b.seq() ? a : b);
    }

    /** Joins through the known peers; if none answers, becomes a ring of one (and retries later). */
    private CompletionStage<Void> joinPeers() {
        return onLoop(() -> {
            OverlayNode n = node;
            List<InetSocketAddress> via = List.copyOf(peers);
            CompletionStage<Void> joined = via.isEmpty() ? n.join(List.of())
                    : n.join(via).exceptionallyCompose(e -> {
                        LOG.info("overlay {}: no peer of {} answered ({}): a ring of one for now",
                                n.address(), via, e.getMessage());
                        return n.join(List.of());
                    });
            return joined.thenRun(() -> loop.execute(this::reput));
        }).thenCompose(s -> s);
    }

    private void retryIfLonely() {
        OverlayNode n = node;
        if (closed || left || peers.isEmpty() || !ready.isDone() || !n.neighbors().isEmpty()) return;
        n.join(List.copyOf(peers)).thenRun(() -> loop.execute(this::reput));
    }

    /** Puts carried values and owned ones into the current ring (after a join or a new neighbour). */
    private void reput() {
        reputScheduled = false;
        if (loop.now() > settleUntil) carried.clear();
        OverlayNode n = node;
        List<SignedValue> all = new ArrayList<>(carried.values());
        all.addAll(n.owned());
        for (SignedValue v : all) n.put(v).exceptionally(e -> null);
    }

    private <T> CompletableFuture<T> onLoop(java.util.concurrent.Callable<T> task) {
        CompletableFuture<T> f = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                f.complete(task.call());
            } catch (Exception e) {
                f.completeExceptionally(e);
            }
        });
        return f;
    }

    /** Forwards the current node's events and deliveries to this runner's listeners; schedules re-puts. */
    private final class Relay implements OverlayListener {
        @Override
        public byte[] deliver(Id key, byte[] message) {
            for (OverlayListener l : listeners) {
                byte[] r = l.deliver(key, message);
                if (r != null) return r;
            }
            return null;
        }

        @Override
        public void event(OverlayEvent event) {
            if (event.type() == OverlayEvent.Type.NEIGHBOR_UP && !carried.isEmpty() && !reputScheduled) {
                reputScheduled = true;
                loop.schedule(REPUT_DELAY_MS, OverlayRunner.this::reput);
            }
            for (OverlayListener l : listeners) l.event(event);
        }
    }

    // ---- Overlay: the current node, after any swap in progress ----

    private <T> CompletionStage<T> then(Function<OverlayNode, CompletionStage<T>> call) {
        return ready.thenCompose(x -> call.apply(node));
    }

    @Override
    public String algorithm() {
        return node.algorithm();
    }

    @Override
    public Id id() {
        return node.id();
    }

    @Override
    public byte[] publicKey() {
        return node.publicKey();
    }

    @Override
    public InetSocketAddress address() {
        return network.localAddress();
    }

    @Override
    public boolean joined() {
        return ready.isDone() && node.joined();
    }

    @Override
    public CompletionStage<Void> join(List<InetSocketAddress> bootstrap) {
        return onLoop(() -> {
            left = false;
            return peers.addAll(bootstrap);
        }).thenCompose(x -> then(n -> n.join(bootstrap)));
    }

    /** Leaves the ring (handing values over) and stays out, with a fresh idle node, until {@link #join}. */
    @Override
    public CompletionStage<Void> leave() {
        return then(OverlayNode::leave).thenCompose(x -> onLoop(() -> {
            left = true;
            install(algorithm);
            return null;
        }));
    }

    @Override
    public CompletionStage<SignedValue> put(Id key, byte[] value, Duration lifetime) {
        return then(n -> n.put(key, value, lifetime));
    }

    @Override
    public CompletionStage<Void> put(SignedValue value) {
        return then(n -> n.put(value));
    }

    @Override
    public CompletionStage<List<SignedValue>> get(Id key) {
        return then(n -> n.get(key));
    }

    @Override
    public CompletionStage<Optional<SignedValue>> getFirst(Id key) {
        return then(n -> n.getFirst(key));
    }

    @Override
    public CompletionStage<Void> remove(Id key) {
        return then(n -> n.remove(key));
    }

    @Override
    public CompletionStage<byte[]> route(Id key, byte[] message) {
        return then(n -> n.route(key, message));
    }

    @Override
    public List<SignedValue> owned() {
        return node.owned();
    }

    @Override
    public List<Neighbor> neighbors() {
        try {
            return loop.call(() -> node.neighbors(), TIMEOUT);
        } catch (Exception e) {
            return List.of();
        }
    }

    @Override
    public Map<String, Long> stats() {
        Map<String, Long> out = new java.util.TreeMap<>(node.stats());
        out.putAll(network.stats());
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

    // ---- parsing and lifecycle ----

    /**
     * Parses {@code host:port} or {@code [v6]:port} (RFC 3986 §3.2.2), resolving the host.
     *
     * @throws IllegalArgumentException naming the address if it is malformed or the host unknown
     */
    public static InetSocketAddress parseAddress(String hostPort) {
        String s = hostPort.strip();
        int colon = s.lastIndexOf(':');
        if (colon <= 0 || colon == s.length() - 1) throw new IllegalArgumentException("not host:port: '" + s + "'");
        String host = s.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        int port;
        try {
            port = Integer.parseInt(s.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port in '" + s + "'");
        }
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range in '" + s + "'");
        InetSocketAddress a = new InetSocketAddress(host, port);
        if (a.isUnresolved()) throw new IllegalArgumentException("unknown host in '" + s + "'");
        return a;
    }

    /** Parses a list of {@code host:port}; entries may also hold several separated by commas or blanks. */
    public static List<InetSocketAddress> parseAddresses(String... entries) {
        return Arrays.stream(String.join(",", entries).split("[,\\s]+")).filter(e -> !e.isBlank())
                .map(OverlayRunner::parseAddress).toList();
    }

    /** {@code host:port} of an address, IPv6 literals in brackets (RFC 3986 §3.2.2). */
    public static String format(InetSocketAddress a) {
        String host = a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    /** The current node (it changes on {@link #swap}). */
    public OverlayNode node() {
        return node;
    }

    public Identity identity() {
        return identity;
    }

    public TransportNetwork network() {
        return network;
    }

    public LoopClock loop() {
        return loop;
    }

    /** Completes when the first join completes (as a ring of one if no peer answered). */
    public CompletionStage<Void> joining() {
        return joining;
    }

    /** Leaves the ring (bounded), stops the node, closes the endpoint and the loop. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) return;
            closed = true;
        }
        try {
            ready.get(LEAVE_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
            node.leave().toCompletableFuture().get(LEAVE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // not handed over in time: the replicas still hold the values (a crash, as far as peers can tell)
        }
        try {
            loop.call(() -> {
                if (retry != null) retry.cancel();
                node.stop();
                return null;
            }, LEAVE_TIMEOUT);
        } catch (Exception e) {
            // the loop is gone or stuck: closing it below stops the node's timers anyway
        } finally {
            network.close();
            loop.close();
        }
    }
}
