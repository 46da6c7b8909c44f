package org.peerline.transport.tcp;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.peerline.api.transport.Endpoint;
import org.peerline.api.transport.EndpointOptions;
import org.peerline.api.transport.Receiver;
import org.peerline.api.transport.Transport;
import org.peerline.api.transport.TransportStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TCP transport (RFC 793; SIP over TCP, RFC 3261 §18) and the NIO stream engine of every transport layered on
 * TCP: endpoints listen and connect, messages are cut from the byte stream by the consumer's framer (§18.3), open
 * connections are reused (§18.1.1, §18.2.2, RFC 5923) and closed when idle. A {@link StreamCodec.Factory} gives each
 * connection its byte codec: plain for TCP, TLS for {@code tls} (RFC 3261 §26.2).
 *
 * <p>One selector thread ({@link #threadName()}) per instance does all socket I/O; {@code send} from any thread
 * queues the message and hands the write to it. Thread-safe; {@link #close()} closes every endpoint and ends the
 * thread.
 */
public final class TcpTransport implements Transport, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TcpTransport.class);
    private static final long STOP_TIMEOUT_MS = 5_000;
    private static final long MAX_TICK_MS = 1_000, MIN_TICK_MS = 10;

    final Counters total = new Counters(null);
    private final String protocol;
    private final boolean secure;
    private final StreamCodec.Factory codecs;
    private final Selector selector;
    private final Thread io;
    private final Set<TcpEndpoint> endpoints = ConcurrentHashMap.newKeySet();
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicLong ids = new AtomicLong();
    private volatile boolean closed;

    /** Plain TCP ({@code transport.protocol=tcp}); starts the I/O thread. */
    public TcpTransport() throws IOException {
        this("tcp", false, (flow, client, options) -> StreamCodec.PLAIN);
    }

    /**
     * A transport layered on TCP, such as TLS; starts the I/O thread.
     *
     * @param protocol the protocol name used in flows and the thread name ({@code tls})
     * @param secure what {@link #secure()} answers
     * @param codecs makes each connection's codec
     */
    public TcpTransport(String protocol, boolean secure, StreamCodec.Factory codecs) throws IOException {
        this.protocol = Objects.requireNonNull(protocol, "protocol");
        this.secure = secure;
        this.codecs = Objects.requireNonNull(codecs, "codecs");
        selector = Selector.open();
        io = new Thread(this::loop, threadName());
        io.setDaemon(true);
        io.start();
    }

    @Override public String protocol() { return protocol; }
    @Override public boolean reliable() { return true; }
    @Override public boolean secure() { return secure; }
    @Override public boolean stream() { return true; }

    /** Name of the I/O thread: {@code peerline-<protocol>-io}. */
    public String threadName() {
        return "peerline-" + protocol + "-io";
    }

    /** Binds a listening socket (IPv4 or IPv6, following the address); connections are accepted and opened on it. */
    @Override
    public Endpoint open(EndpointOptions options, Receiver receiver) throws IOException {
        Objects.requireNonNull(receiver, "receiver");
        if (options.framer() == null) throw new IllegalArgumentException(protocol + " is a stream: it needs a framer");
        InetSocketAddress local = options.local();
        String name = protocol.toUpperCase(java.util.Locale.ROOT);
        if (local.isUnresolved()) throw new IOException("cannot bind " + name + " " + local + ": unresolved address");
        ServerSocketChannel ch = ServerSocketChannel.open(local.getAddress() instanceof Inet6Address
                ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        try {
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, true); // Linux still refuses a second listener
            if (options.socketBufferSize() > 0) ch.setOption(StandardSocketOptions.SO_RCVBUF, options.socketBufferSize());
            ch.bind(local, 128);
        } catch (IOException e) {
            ch.close();
            throw new IOException("cannot bind " + name + " " + local + ": " + e.getMessage(), e);
        }
        TcpEndpoint ep = new TcpEndpoint(this, ch, options, receiver, new Counters(total));
        endpoints.add(ep);
        try {
            register(ch, SelectionKey.OP_ACCEPT, ep, k -> { });
        } catch (IOException e) {
            ep.close();
            throw e;
        }
        LOG.debug("{} endpoint open on {}", protocol, ep.localAddress());
        return ep;
    }

    /** Totals over every endpoint this transport opened, closed ones included; connections are the open ones. */
    public TransportStats stats() {
        return total.snapshot();
    }

    /** Connections accepted since the transport started. */
    public long accepted() {
        return total.get(Counters.ACCEPTED);
    }

    /** Connections opened by this side since the transport started. */
    public long opened() {
        return total.get(Counters.OPENED);
    }

    /** The open connections of every endpoint, by connection id. */
    public List<ConnectionInfo> connections() {
        List<ConnectionInfo> all = new ArrayList<>();
        for (TcpEndpoint ep : endpoints) all.addAll(ep.connections());
        all.sort((a, b) -> Long.compare(a.flow().connection(), b.flow().connection()));
        return all;
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
        for (TcpEndpoint ep : List.copyOf(endpoints)) ep.close();
        selector.wakeup();
        if (Thread.currentThread() == io) return;
        try {
            io.join(STOP_TIMEOUT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (io.isAlive()) LOG.warn("{} did not stop within {} ms", threadName(), STOP_TIMEOUT_MS);
    }

    long nextConnectionId() {
        return ids.incrementAndGet();
    }

    StreamCodec.Factory codecs() {
        return codecs;
    }

    /** Registers a channel with no interest first, so its owner keeps the key before any event fires. */
    synchronized void register(SelectableChannel ch, int ops, Object owner, Consumer<SelectionKey> keep)
            throws IOException {
        if (closed) throw new IOException(protocol + " transport closed");
        SelectionKey key = ch.register(selector, 0, owner);
        keep.accept(key);
        key.interestOps(ops);
        selector.wakeup();
    }

    /** Runs a task on the I/O thread, after the current event if called from it. */
    void execute(Runnable task) {
        tasks.add(task);
        if (Thread.currentThread() != io) selector.wakeup();
    }

    boolean onIoThread() {
        return Thread.currentThread() == io;
    }

    void closed(TcpEndpoint ep) {
        endpoints.remove(ep);
        selector.wakeup(); // lets the selector deregister the keys and release the sockets now
    }

    private void loop() {
        long lastSweep = System.nanoTime();
        try {
            while (!closed) {
                for (Runnable t; (t = tasks.poll()) != null; ) run(t);
                long tick = tick(); // again each round: a new endpoint may have a shorter idle timeout
                selector.select(this::dispatch, tick);
                long now = System.nanoTime();
                if (now - lastSweep >= TimeUnit.MILLISECONDS.toNanos(tick)) {
                    for (TcpEndpoint ep : endpoints) ep.closeIdle(now);
                    lastSweep = now;
                }
            }
        } catch (IOException | ClosedSelectorException e) {
            if (!closed) LOG.error("{} I/O loop failed; endpoints stop working", protocol, e);
        } finally {
            try {
                selector.close();
            } catch (IOException e) {
                LOG.debug("closing selector", e);
            }
        }
    }

    /** How often idle connections are looked for: a quarter of the shortest idle timeout, within 10 ms..1 s. */
    private long tick() {
        long ms = MAX_TICK_MS;
        for (TcpEndpoint ep : endpoints) ms = Math.min(ms, ep.idleTimeoutMillis() / 4);
        return Math.max(MIN_TICK_MS, ms);
    }

    private void run(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            total.add(Counters.ERRORS, 1);
            LOG.error("{} I/O task failed", protocol, e);
        }
    }

    private void dispatch(SelectionKey key) {
        Object owner = key.attachment();
        try {
            if (owner instanceof TcpEndpoint ep) {
                if (key.isAcceptable()) ep.accept();
                return;
            }
            TcpConnection c = (TcpConnection) owner;
            if (key.isConnectable()) c.connected();
            if (key.isValid() && key.isReadable()) c.readable();
            if (key.isValid() && key.isWritable()) c.flush();
        } catch (CancelledKeyException e) {
            // closed meanwhile
        } catch (RuntimeException e) {
            total.add(Counters.ERRORS, 1);
            LOG.error("{} I/O event failed on {}", protocol, owner, e);
        }
    }

    /** Counters of one endpoint, each change also applied to the transport's totals. */
    static final class Counters {
        static final int IN = 0, OUT = 1, BYTES_IN = 2, BYTES_OUT = 3, DROPS = 4, ERRORS = 5, CONNECTIONS = 6,
                ACCEPTED = 7, OPENED = 8;
        private final LongAdder[] c = new LongAdder[9];
        private final Counters parent;

        Counters(Counters parent) {
            this.parent = parent;
            for (int i = 0; i < c.length; i++) c[i] = new LongAdder();
        }

        void add(int i, long n) {
            c[i].add(n);
            if (parent != null) parent.add(i, n);
        }

        long get(int i) {
            return c[i].sum();
        }

        TransportStats snapshot() {
            return new TransportStats(get(IN), get(OUT), get(BYTES_IN), get(BYTES_OUT), get(DROPS), get(ERRORS),
                    get(CONNECTIONS));
        }
    }
}
