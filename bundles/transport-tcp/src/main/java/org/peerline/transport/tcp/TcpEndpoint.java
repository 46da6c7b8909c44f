package org.peerline.transport.tcp;

import static org.peerline.transport.tcp.TcpTransport.Counters.ACCEPTED;
import static org.peerline.transport.tcp.TcpTransport.Counters.BYTES_IN;
import static org.peerline.transport.tcp.TcpTransport.Counters.DROPS;
import static org.peerline.transport.tcp.TcpTransport.Counters.ERRORS;
import static org.peerline.transport.tcp.TcpTransport.Counters.IN;
import static org.peerline.transport.tcp.TcpTransport.Counters.OPENED;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.peerline.api.transport.Endpoint;
import org.peerline.api.transport.EndpointOptions;
import org.peerline.api.transport.Flow;
import org.peerline.api.transport.Receiver;
import org.peerline.api.transport.Transport;
import org.peerline.api.transport.TransportStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A listening TCP socket and the connections accepted on it or opened from it (RFC 3261 §18). Connection reuse
 * (§18.1.1, §18.2.2, RFC 5923): {@code send(remote, ...)} takes an open (or opening) connection to {@code remote},
 * whichever side opened it, before connecting; {@code send(flow, ...)} takes exactly the flow's connection.
 */
final class TcpEndpoint implements Endpoint {
    private static final Logger LOG = LoggerFactory.getLogger(TcpEndpoint.class);

    final TcpTransport transport;
    final EndpointOptions options;
    final Receiver receiver;
    final TcpTransport.Counters counters;
    private final ServerSocketChannel server;
    private final InetSocketAddress local;
    private final Map<Long, TcpConnection> byId = new ConcurrentHashMap<>();
    private final Map<InetSocketAddress, TcpConnection> byRemote = new ConcurrentHashMap<>();
    private final AtomicLong receiverFailures = new AtomicLong();
    private boolean closed; // guarded by this

    TcpEndpoint(TcpTransport transport, ServerSocketChannel server, EndpointOptions options, Receiver receiver,
                TcpTransport.Counters counters) throws IOException {
        this.transport = transport;
        this.server = server;
        this.local = (InetSocketAddress) server.getLocalAddress();
        this.options = options;
        this.receiver = receiver;
        this.counters = counters;
    }

    @Override public Transport transport() { return transport; }
    @Override public InetSocketAddress localAddress() { return local; }
    @Override public TransportStats stats() { return counters.snapshot(); }
    @Override public synchronized boolean isOpen() { return !closed; }

    /** Sends over a reused connection to {@code remote}, or a new one (RFC 3261 §18.1.1, RFC 5923). */
    @Override
    public CompletionStage<Flow> send(InetSocketAddress remote, ByteBuffer message) {
        Objects.requireNonNull(remote, "remote");
        if (message.remaining() > options.maxMessageSize()) return tooLarge(message);
        TcpConnection c;
        synchronized (this) {
            if (closed) return CompletableFuture.failedFuture(new IOException("endpoint closed"));
            c = byRemote.get(remote);
            if (c == null || !c.isOpen()) {
                try {
                    c = connect(remote);
                } catch (IOException e) {
                    counters.add(ERRORS, 1);
                    return CompletableFuture.failedFuture(e);
                }
            }
        }
        return c.send(message);
    }

    /** Sends over exactly the flow's connection (RFC 3261 §18.2.2); never re-opens it. */
    @Override
    public CompletionStage<Flow> send(Flow flow, ByteBuffer message) {
        if (message.remaining() > options.maxMessageSize()) return tooLarge(message);
        TcpConnection c = byId.get(flow.connection());
        if (c == null || !c.flow.remote().equals(flow.remote())) {
            if (!isOpen()) return CompletableFuture.failedFuture(new IOException("endpoint closed"));
            counters.add(DROPS, 1);
            return CompletableFuture.failedFuture(new IOException("connection closed: " + flow));
        }
        return c.send(message);
    }

    /** I/O thread: accepts pending connections (RFC 3261 §18.2.1, a server keeps them for responses). */
    void accept() {
        for (int i = 0; i < 64; i++) { // bounded, so a connection storm does not starve the other sockets
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (IOException e) {
                if (server.isOpen()) counters.add(ERRORS, 1);
                LOG.debug("{} accept on {} failed", transport.protocol(), local, e);
                return;
            }
            if (ch == null) return;
            TcpConnection c = null;
            try {
                configure(ch);
                Flow flow = new Flow(transport.protocol(), (InetSocketAddress) ch.getLocalAddress(),
                        (InetSocketAddress) ch.getRemoteAddress(), transport.nextConnectionId());
                c = add(new TcpConnection(this, ch, flow, true, codec(flow, false)));
                counters.add(ACCEPTED, 1);
                TcpConnection conn = c;
                transport.register(ch, SelectionKey.OP_READ, c, k -> conn.key = k);
                c.open();
            } catch (IOException e) {
                if (c != null) c.close(e);
                else close(ch);
                if (!isOpen()) return;
                counters.add(ERRORS, 1);
                LOG.warn("{} connection accepted on {} failed: {}", transport.protocol(), local, e.getMessage());
            }
        }
    }

    /** Opens a connection with a non-blocking connect; messages queue until it is established. */
    private TcpConnection connect(InetSocketAddress remote) throws IOException {
        if (remote.isUnresolved()) throw new IOException("cannot connect to " + remote + ": unresolved address");
        SocketChannel ch = SocketChannel.open(remote.getAddress() instanceof Inet6Address
                ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        TcpConnection c = null;
        try {
            configure(ch);
            // leave from the endpoint's interface, so the peer sees the address we listen on
            if (!local.getAddress().isAnyLocalAddress()
                    && (local.getAddress() instanceof Inet6Address) == (remote.getAddress() instanceof Inet6Address)) {
                ch.bind(new InetSocketAddress(local.getAddress(), 0));
            }
            boolean done = ch.connect(remote);
            Flow flow = new Flow(transport.protocol(), (InetSocketAddress) ch.getLocalAddress(), remote,
                    transport.nextConnectionId());
            c = add(new TcpConnection(this, ch, flow, false, codec(flow, true)));
            counters.add(OPENED, 1);
            TcpConnection conn = c;
            transport.register(ch, done ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT, c, k -> conn.key = k);
            if (done) c.open();
            return c;
        } catch (IOException e) {
            IOException failure = new IOException("cannot connect to " + remote + ": " + e.getMessage(), e);
            if (c != null) c.close(failure);
            else close(ch);
            throw failure;
        }
    }

    private StreamCodec codec(Flow flow, boolean client) throws IOException {
        StreamCodec codec = transport.codecs().create(flow, client, options);
        if (codec == null) throw new IOException("no " + transport.protocol() + " codec for " + flow);
        return codec;
    }

    private void configure(SocketChannel ch) throws IOException {
        ch.configureBlocking(false);
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true); // one SIP message is one write: no Nagle delay
        if (options.socketBufferSize() > 0) {
            ch.setOption(StandardSocketOptions.SO_RCVBUF, options.socketBufferSize());
            ch.setOption(StandardSocketOptions.SO_SNDBUF, options.socketBufferSize());
        }
    }

    private synchronized TcpConnection add(TcpConnection c) throws IOException {
        if (closed) {
            c.close(null);
            throw new IOException("endpoint closed");
        }
        byId.put(c.flow.connection(), c);
        byRemote.put(c.flow.remote(), c);
        return c;
    }

    /** A connection closed: forget it. */
    void removed(TcpConnection c) {
        byId.remove(c.flow.connection(), c);
        byRemote.remove(c.flow.remote(), c);
    }

    /** I/O thread: closes connections idle longer than the endpoint's idle timeout (RFC 5626 §4.4.1 spirit). */
    void closeIdle(long now) {
        long limit = options.idleTimeout().toNanos();
        for (TcpConnection c : byId.values()) {
            if (now - c.lastActive() > limit) {
                LOG.debug("{} closing idle connection {}", transport.protocol(), c.flow);
                c.close(null);
            }
        }
    }

    /** I/O thread: one whole message for the receiver; a receiver failure is counted as a drop and logged. */
    void received(Flow flow, ByteBuffer message) {
        int n = message.remaining();
        try {
            receiver.received(flow, message);
            counters.add(IN, 1);
            counters.add(BYTES_IN, n);
        } catch (RuntimeException e) {
            counters.add(DROPS, 1);
            long k = receiverFailures.incrementAndGet();
            if ((k & (k - 1)) == 0) LOG.warn("{} receiver on {} failed ({} times so far)", transport.protocol(), local, k, e);
        }
    }

    /** A connection closed: tell the receiver. */
    void closed(Flow flow, Throwable cause) {
        try {
            receiver.closed(flow, cause);
        } catch (RuntimeException e) {
            LOG.warn("{} receiver failed on close of {}", transport.protocol(), flow, e);
        }
    }

    long idleTimeoutMillis() {
        return Math.max(1, options.idleTimeout().toMillis());
    }

    List<ConnectionInfo> connections() {
        List<ConnectionInfo> list = new ArrayList<>();
        long now = System.nanoTime();
        for (TcpConnection c : byId.values()) if (c.isOpen()) list.add(c.info(now));
        return list;
    }

    /** Closes the listening socket and every connection; queued messages fail and count as drops. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) return;
            closed = true;
        }
        close(server);
        for (TcpConnection c : List.copyOf(byId.values())) c.close(null);
        transport.closed(this);
        LOG.debug("{} endpoint {} closed", transport.protocol(), local);
    }

    private CompletableFuture<Flow> tooLarge(ByteBuffer message) {
        counters.add(DROPS, 1);
        return CompletableFuture.failedFuture(new IOException(
                "message too large: " + message.remaining() + " > " + options.maxMessageSize()));
    }

    private void close(java.nio.channels.Channel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            LOG.debug("closing {} channel", transport.protocol(), e);
        }
    }

    @Override
    public String toString() {
        return transport.protocol() + " endpoint " + local;
    }
}
