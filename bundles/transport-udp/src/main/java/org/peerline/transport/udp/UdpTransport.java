package org.peerline.transport.udp;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.peerline.api.transport.Endpoint;
import org.peerline.api.transport.EndpointOptions;
import org.peerline.api.transport.Receiver;
import org.peerline.api.transport.Transport;
import org.peerline.api.transport.TransportStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The UDP transport (RFC 768; SIP over UDP, RFC 3261 §18.1.1 and §18.2.1): one message per datagram, unreliable,
 * unordered. One NIO selector thread ({@value #THREAD_NAME}) per instance serves every endpoint it opened.
 * Thread-safe; {@link #close()} closes all endpoints and ends the thread.
 */
public final class UdpTransport implements Transport, AutoCloseable {
    /** Name of the I/O thread. */
    public static final String THREAD_NAME = "peerline-udp-io";
    private static final Logger LOG = LoggerFactory.getLogger(UdpTransport.class);
    private static final long STOP_TIMEOUT_MS = 5_000;

    private final Selector selector;
    private final Thread io;
    private final Set<UdpEndpoint> endpoints = ConcurrentHashMap.newKeySet();
    private final Counters total = new Counters(null);
    private volatile boolean closed;

    /** Opens the selector and starts the I/O thread. */
    public UdpTransport() throws IOException {
        selector = Selector.open();
        io = new Thread(this::loop, THREAD_NAME);
        io.setDaemon(true);
        io.start();
    }

    @Override public String protocol() { return "udp"; }
    @Override public boolean reliable() { return false; }
    @Override public boolean secure() { return false; }
    @Override public boolean stream() { return false; }

    /** Binds a datagram socket (IPv4 or IPv6, following the address) and starts receiving on it. */
    @Override
    public Endpoint open(EndpointOptions options, Receiver receiver) throws IOException {
        Objects.requireNonNull(receiver, "receiver");
        InetSocketAddress local = options.local();
        if (local.isUnresolved()) throw new IOException("cannot bind UDP " + local + ": unresolved address");
        DatagramChannel ch = DatagramChannel.open(local.getAddress() instanceof Inet6Address
                ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        try {
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, false);
            if (options.socketBufferSize() > 0) {
                ch.setOption(StandardSocketOptions.SO_RCVBUF, options.socketBufferSize());
                ch.setOption(StandardSocketOptions.SO_SNDBUF, options.socketBufferSize());
            }
            ch.bind(local);
        } catch (IOException e) {
            ch.close();
            throw new IOException("cannot bind UDP " + local + ": " + e.getMessage(), e);
        }
        UdpEndpoint ep = new UdpEndpoint(this, ch, options.maxMessageSize(), receiver, new Counters(total));
        synchronized (this) {
            if (closed) {
                ch.close();
                throw new IOException("transport closed");
            }
            endpoints.add(ep);
            ep.key = ch.register(selector, 0, ep); // no interest until the endpoint knows its key
            ep.key.interestOps(SelectionKey.OP_READ);
        }
        selector.wakeup();
        LOG.debug("UDP endpoint open on {}", ep.localAddress());
        return ep;
    }

    /** Totals over every endpoint this transport opened, closed ones included. */
    public TransportStats stats() {
        return total.snapshot();
    }

    /** Number of endpoints currently open. */
    public int openEndpoints() {
        return endpoints.size();
    }

    /** Closes every endpoint and stops the I/O thread, waiting for it a bounded time. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) return;
            closed = true;
        }
        for (UdpEndpoint ep : List.copyOf(endpoints)) ep.close();
        selector.wakeup();
        if (Thread.currentThread() == io) return;
        try {
            io.join(STOP_TIMEOUT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (io.isAlive()) LOG.warn("{} did not stop within {} ms", THREAD_NAME, STOP_TIMEOUT_MS);
    }

    void closed(UdpEndpoint ep) {
        endpoints.remove(ep);
        selector.wakeup(); // lets the selector deregister the key and release the socket now
    }

    void wakeup() {
        selector.wakeup();
    }

    private void loop() {
        try {
            while (!closed) selector.select(this::dispatch);
        } catch (IOException | ClosedSelectorException e) {
            if (!closed) LOG.error("UDP I/O loop failed; endpoints stop receiving", e);
        } finally {
            try {
                selector.close();
            } catch (IOException e) {
                LOG.debug("closing selector", e);
            }
        }
    }

    private void dispatch(SelectionKey key) {
        UdpEndpoint ep = (UdpEndpoint) key.attachment();
        try {
            if (key.isReadable()) ep.receive();
            if (key.isValid() && key.isWritable()) ep.flush();
        } catch (CancelledKeyException e) {
            // endpoint closed meanwhile
        } catch (RuntimeException e) {
            ep.counters.add(Counters.ERRORS, 1);
            LOG.error("UDP endpoint {} failed", ep.localAddress(), e);
        }
    }

    /** Counters of one endpoint, each increment also added to the transport's totals. */
    static final class Counters {
        static final int IN = 0, OUT = 1, BYTES_IN = 2, BYTES_OUT = 3, DROPS = 4, ERRORS = 5;
        private final LongAdder[] c = {new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder(),
                new LongAdder(), new LongAdder()};
        private final Counters parent;

        Counters(Counters parent) {
            this.parent = parent;
        }

        void add(int i, long n) {
            c[i].add(n);
            if (parent != null) parent.add(i, n);
        }

        TransportStats snapshot() {
            return new TransportStats(c[IN].sum(), c[OUT].sum(), c[BYTES_IN].sum(), c[BYTES_OUT].sum(),
                    c[DROPS].sum(), c[ERRORS].sum(), 0);
        }
    }
}
