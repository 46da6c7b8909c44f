package org.peerline.overlay.core.runtime;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.peerline.api.transport.Endpoint;
import org.peerline.api.transport.EndpointOptions;
import org.peerline.api.transport.Flow;
import org.peerline.api.transport.Transport;
import org.peerline.overlay.core.Network;

/**
 * The {@link Network} SPI over one datagram {@link Endpoint} (RFC 768: best effort, no blocking, no throwing).
 * Each received datagram is copied off the transport's buffer and handed to the node's loop; sends go through
 * {@link Endpoint#send(InetSocketAddress, ByteBuffer)} and failures are counted, never thrown (DESIGN.md
 * principle 5). Datagrams that arrive before a receiver is attached are dropped and counted.
 */
public final class TransportNetwork implements Network, AutoCloseable {
    private final Executor loop;
    private final Endpoint endpoint;
    private volatile Network.Receiver receiver;
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong sendFailures = new AtomicLong();

    private TransportNetwork(Transport transport, InetSocketAddress bind, Executor loop) throws IOException {
        if (transport.stream()) {
            throw new IllegalArgumentException("the overlay needs a datagram transport, not " + transport.protocol());
        }
        this.loop = loop;
        this.endpoint = transport.open(EndpointOptions.bind(bind), this::received);
    }

    /** Opens an endpoint on {@code transport} bound to {@code bind}; received datagrams run on {@code loop}. */
    public static TransportNetwork open(Transport transport, InetSocketAddress bind, Executor loop) throws IOException {
        return new TransportNetwork(transport, bind, loop);
    }

    /** Attaches the node's receiver: the {@code Function<Network.Receiver, Network>} an OverlayNode takes. */
    private volatile java.net.InetAddress advertise;

    /** The address peers are told when bound to a wildcard address (null: loopback). */
    public TransportNetwork advertise(java.net.InetAddress host) {
        advertise = host;
        return this;
    }

    public TransportNetwork attach(Network.Receiver r) {
        receiver = r;
        return this;
    }

    private void received(Flow flow, ByteBuffer message) {
        Network.Receiver r = receiver;
        if (r == null) {
            dropped.incrementAndGet();
            return;
        }
        byte[] copy = new byte[message.remaining()];
        message.get(copy);
        received.incrementAndGet();
        InetSocketAddress from = flow.remote();
        loop.execute(() -> r.receive(from, copy));
    }

    @Override
    public InetSocketAddress localAddress() {
        InetSocketAddress a = endpoint.localAddress();
        if (!a.getAddress().isAnyLocalAddress()) return a;
        // a wildcard is no address to give to peers: the advertised host, else loopback (one machine)
        return new InetSocketAddress(advertise != null ? advertise : java.net.InetAddress.getLoopbackAddress(), a.getPort());
    }

    @Override
    public void send(InetSocketAddress to, byte[] datagram) {
        try {
            endpoint.send(to, ByteBuffer.wrap(datagram)).whenComplete((flow, e) -> {
                if (e != null) sendFailures.incrementAndGet();
            });
            sent.incrementAndGet();
        } catch (RuntimeException e) {
            sendFailures.incrementAndGet();
        }
    }

    /** The endpoint underneath. */
    public Endpoint endpoint() {
        return endpoint;
    }

    /** Counters: datagrams received, sent, dropped before attach, and failed sends. */
    public Map<String, Long> stats() {
        return Map.of("net.received", received.get(), "net.sent", sent.get(), "net.dropped", dropped.get(),
                "net.sendFailures", sendFailures.get());
    }

    @Override
    public void close() {
        endpoint.close();
    }
}
