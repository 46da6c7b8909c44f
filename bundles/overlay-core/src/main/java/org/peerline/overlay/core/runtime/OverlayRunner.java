package org.peerline.overlay.core.runtime;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.peerline.api.transport.Transport;
import org.peerline.overlay.core.Clock;
import org.peerline.overlay.core.Identity;
import org.peerline.overlay.core.Network;
import org.peerline.overlay.core.Signer;
import org.peerline.overlay.core.node.OverlayNode;

/**
 * One overlay node on a real network: loads or creates the node's {@link Identity} in its data folder, opens a
 * {@link TransportNetwork} on a datagram transport, creates the node on its {@link LoopClock} (the core is
 * single-threaded, DESIGN.md threading) and starts joining (an empty bootstrap list forms a network of one).
 * {@link #close()} leaves (handing values over, bounded by {@link #LEAVE_TIMEOUT}), stops the node, closes the
 * endpoint and the loop.
 */
public final class OverlayRunner implements AutoCloseable {
    /** Longest wait for the loop to create the node. */
    public static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** Longest wait for {@link OverlayNode#leave()} on close. */
    public static final Duration LEAVE_TIMEOUT = Duration.ofSeconds(10);

    /** Creates an algorithm's node, e.g. {@code (s, c, n) -> new ChordNode(s, c, n, Config.DEFAULTS, DEFAULTS)}. */
    @FunctionalInterface
    public interface Factory {
        OverlayNode create(Signer signer, Clock clock, Function<Network.Receiver, Network> network);
    }

    private final Identity identity;
    private final LoopClock loop;
    private final TransportNetwork network;
    private final OverlayNode node;
    private final CompletionStage<Void> joining;
    private boolean closed;

    private OverlayRunner(Identity identity, LoopClock loop, TransportNetwork network, OverlayNode node,
            CompletionStage<Void> joining) {
        this.identity = identity;
        this.loop = loop;
        this.network = network;
        this.node = node;
        this.joining = joining;
    }

    /**
     * Starts a node.
     *
     * @param factory the algorithm
     * @param transport a datagram transport (UDP)
     * @param bind where to listen (port 0: a free port)
     * @param dataFolder where the node's identity lives (created if missing)
     * @param bootstrap nodes to join through; empty forms a network of one
     * @throws IOException if the identity cannot be read or written, or the address cannot be bound
     */
    public static OverlayRunner start(Factory factory, Transport transport, InetSocketAddress bind, Path dataFolder,
            List<InetSocketAddress> bootstrap) throws IOException {
        return start(factory, transport, bind, null, dataFolder, bootstrap);
    }

    /** As {@link #start(Factory, Transport, InetSocketAddress, Path, List)}, telling peers {@code advertise} when
     * bound to a wildcard address (null: loopback). */
    public static OverlayRunner start(Factory factory, Transport transport, InetSocketAddress bind,
            java.net.InetAddress advertise, Path dataFolder, List<InetSocketAddress> bootstrap) throws IOException {
        Identity identity = Identity.loadOrCreate(dataFolder);
        LoopClock loop = LoopClock.forPort(bind.getPort());
        TransportNetwork network = null;
        try {
            network = TransportNetwork.open(transport, bind, loop).advertise(advertise);
            int port = network.localAddress().getPort();
            if (bind.getPort() == 0) loop.execute(() -> Thread.currentThread().setName("peerline-overlay-" + port));
            TransportNetwork net = network;
            OverlayNode node = loop.call(() -> factory.create(identity.signer(), loop, net::attach), TIMEOUT);
            return new OverlayRunner(identity, loop, network, node, node.join(List.copyOf(bootstrap)));
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
        return java.util.Arrays.stream(String.join(",", entries).split("[,\\s]+")).filter(e -> !e.isBlank())
                .map(OverlayRunner::parseAddress).toList();
    }

    /** {@code host:port} of an address, IPv6 literals in brackets (RFC 3986 §3.2.2). */
    public static String format(InetSocketAddress a) {
        String host = a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }

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

    /** Completes when the first join completes (exceptionally if no bootstrap node answered). */
    public CompletionStage<Void> joining() {
        return joining;
    }

    /** Leaves the ring (bounded), stops the node, closes the endpoint and the loop. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        try {
            node.leave().toCompletableFuture().get(LEAVE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // not handed over in time: the replicas still hold the values (a crash, as far as peers can tell)
        }
        try {
            loop.call(() -> {
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
