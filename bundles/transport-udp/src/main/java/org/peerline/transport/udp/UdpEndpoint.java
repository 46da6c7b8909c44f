package org.peerline.transport.udp;

import static org.peerline.transport.udp.UdpTransport.Counters.BYTES_IN;
import static org.peerline.transport.udp.UdpTransport.Counters.BYTES_OUT;
import static org.peerline.transport.udp.UdpTransport.Counters.DROPS;
import static org.peerline.transport.udp.UdpTransport.Counters.ERRORS;
import static org.peerline.transport.udp.UdpTransport.Counters.IN;
import static org.peerline.transport.udp.UdpTransport.Counters.OUT;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import org.peerline.api.transport.Endpoint;
import org.peerline.api.transport.Flow;
import org.peerline.api.transport.Receiver;
import org.peerline.api.transport.Transport;
import org.peerline.api.transport.TransportStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One bound UDP socket (RFC 768). Sending follows RFC 3261 §18.1.1 (a request goes out as one datagram), receiving
 * §18.2.1 (each datagram is one message, handed over with its flow, RFC 5626 §3, so the response can go back the
 * same way, §18.2.2). {@code send} never blocks: it writes directly while nothing is queued, otherwise queues up to
 * {@value #MAX_QUEUE} messages, flushed by the I/O thread when the socket is writable.
 */
final class UdpEndpoint implements Endpoint {
    static final int MAX_QUEUE = 4096;
    private static final Logger LOG = LoggerFactory.getLogger(UdpEndpoint.class);

    private record Pending(InetSocketAddress remote, ByteBuffer message, int size, CompletableFuture<Flow> done) {}

    final UdpTransport.Counters counters;
    volatile SelectionKey key;
    private final UdpTransport transport;
    private final DatagramChannel channel;
    private final InetSocketAddress local;
    private final int maxMessageSize;
    private final Receiver receiver;
    private final ByteBuffer rx;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>(); // guarded by this
    private final AtomicLong receiverFailures = new AtomicLong();
    private boolean closed; // guarded by this

    UdpEndpoint(UdpTransport transport, DatagramChannel channel, int maxMessageSize, Receiver receiver,
                UdpTransport.Counters counters) throws IOException {
        this.transport = transport;
        this.channel = channel;
        this.local = (InetSocketAddress) channel.getLocalAddress();
        this.maxMessageSize = maxMessageSize;
        this.receiver = receiver;
        this.counters = counters;
        // one byte more reveals an oversized datagram; no UDP payload exceeds 65,535 bytes (RFC 768)
        this.rx = ByteBuffer.allocateDirect(Math.min(maxMessageSize, 65_535) + 1);
    }

    @Override public Transport transport() { return transport; }
    @Override public InetSocketAddress localAddress() { return local; }
    @Override public TransportStats stats() { return counters.snapshot(); }
    @Override public synchronized boolean isOpen() { return !closed; }

    @Override
    public CompletionStage<Flow> send(Flow flow, ByteBuffer message) {
        return send(flow.remote(), message);
    }

    /** Sends one datagram (RFC 3261 §18.1.1); completes once the OS took it. */
    @Override
    public CompletionStage<Flow> send(InetSocketAddress remote, ByteBuffer message) {
        Objects.requireNonNull(remote, "remote");
        ByteBuffer msg = message.duplicate(); // the caller's position stays where it is
        int n = msg.remaining();
        Flow flow = new Flow("udp", local, remote, 0);
        synchronized (this) {
            if (closed) return CompletableFuture.failedFuture(new IOException("endpoint closed"));
            if (n > maxMessageSize) return drop("message too large: " + n + " > " + maxMessageSize);
            if (remote.isUnresolved()) return drop("unresolved address " + remote);
            if (queue.isEmpty()) {
                try {
                    // an empty datagram is sent although send() returns 0, the same as for a full socket buffer
                    if (channel.send(msg, remote) > 0 || n == 0) return done(flow, n, new CompletableFuture<>(), null);
                } catch (IOException | IllegalArgumentException e) {
                    return done(flow, n, new CompletableFuture<>(), e);
                }
            }
            if (queue.size() >= MAX_QUEUE) return drop("send queue full");
            CompletableFuture<Flow> f = new CompletableFuture<>();
            queue.add(new Pending(remote, msg, n, f));
            if (queue.size() == 1) {
                key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                transport.wakeup();
            }
            return f;
        }
    }

    /** I/O thread, socket writable: sends queued datagrams in order until the socket buffer is full again. */
    void flush() {
        for (;;) {
            Pending p;
            Exception error = null;
            synchronized (this) {
                p = queue.peek();
                if (p == null) {
                    key.interestOps(SelectionKey.OP_READ);
                    return;
                }
                try {
                    if (channel.send(p.message, p.remote) == 0 && p.size > 0) return;
                } catch (IOException | IllegalArgumentException e) {
                    error = e;
                }
                queue.poll();
            }
            done(new Flow("udp", local, p.remote, 0), p.size, p.done, error);
        }
    }

    /** I/O thread, socket readable: delivers each datagram as one message (RFC 3261 §18.2.1). */
    void receive() {
        for (int i = 0; i < 64; i++) { // bounded, so one busy endpoint does not starve the others
            rx.clear();
            InetSocketAddress from;
            try {
                from = (InetSocketAddress) channel.receive(rx);
            } catch (IOException e) {
                if (channel.isOpen()) counters.add(ERRORS, 1);
                LOG.debug("UDP receive on {} failed", local, e);
                return;
            }
            if (from == null) return;
            rx.flip();
            int n = rx.remaining();
            if (n > maxMessageSize) {
                counters.add(DROPS, 1);
                LOG.debug("UDP datagram from {} dropped: more than {} bytes", from, maxMessageSize);
                continue;
            }
            try {
                receiver.received(new Flow("udp", local, from, 0), rx);
                counters.add(IN, 1);
                counters.add(BYTES_IN, n);
            } catch (RuntimeException e) {
                counters.add(DROPS, 1);
                long k = receiverFailures.incrementAndGet();
                if ((k & (k - 1)) == 0) LOG.warn("UDP receiver on {} failed ({} times so far)", local, k, e);
            }
        }
    }

    /** Closes the socket; queued messages fail and count as drops. Idempotent. */
    @Override
    public void close() {
        List<Pending> failed;
        synchronized (this) {
            if (closed) return;
            closed = true;
            failed = new ArrayList<>(queue);
            queue.clear();
        }
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing UDP channel {}", local, e);
        }
        for (Pending p : failed) {
            counters.add(DROPS, 1);
            p.done.completeExceptionally(new IOException("endpoint closed"));
        }
        transport.closed(this);
        LOG.debug("UDP endpoint {} closed", local);
    }

    private CompletableFuture<Flow> drop(String why) {
        counters.add(DROPS, 1);
        return CompletableFuture.failedFuture(new IOException(why));
    }

    private CompletableFuture<Flow> done(Flow flow, int n, CompletableFuture<Flow> f, Exception error) {
        if (error == null) {
            counters.add(OUT, 1);
            counters.add(BYTES_OUT, n);
            f.complete(flow);
        } else {
            counters.add(ERRORS, 1);
            f.completeExceptionally(error instanceof IOException ? error
                    : new IOException("cannot send to " + flow.remote() + ": " + error.getMessage(), error));
        }
        return f;
    }
}
