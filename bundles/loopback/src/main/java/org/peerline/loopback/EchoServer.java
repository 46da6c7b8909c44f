package org.peerline.loopback;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.peerline.api.transport.Endpoint;
import org.peerline.api.transport.EndpointOptions;
import org.peerline.api.transport.Flow;
import org.peerline.api.transport.Framer;
import org.peerline.api.transport.Receiver;
import org.peerline.api.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Echo Protocol (RFC 862) over any {@link Transport}: every message received is sent back on the flow it came
 * from (RFC 5626 §3 flows, so a stream reply uses the same connection). On datagram transports a message is one
 * datagram (RFC 862, "UDP Based Echo Service"); on stream transports the bytes are echoed line by line, each line up
 * to and including {@code '\n'} and at most {@value #MAX_LINE} bytes (a longer line closes the connection, as the
 * {@link Framer} contract says); a trailing partial line is not echoed. Also the matching client, {@link #ping}.
 * Thread-safe.
 */
public final class EchoServer implements AutoCloseable {
    /** Longest line a stream transport echoes: 64 KiB. */
    public static final int MAX_LINE = 64 * 1024;
    /** Most pings in one {@link #ping} run. */
    public static final int MAX_PINGS = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(EchoServer.class);

    /** Frames a byte stream into lines ending with {@code '\n'} (included), at most {@value #MAX_LINE} bytes. */
    public static final Framer NEWLINE = buffer -> {
        int start = buffer.position(), end = Math.min(buffer.limit(), start + MAX_LINE);
        for (int i = start; i < end; i++) {
            if (buffer.get(i) == '\n') return i - start + 1;
        }
        if (buffer.remaining() >= MAX_LINE) throw new IOException("echo line longer than " + MAX_LINE + " bytes");
        return 0;
    };

    private final Transport transport;
    private final CompletableFuture<Endpoint> endpoint = new CompletableFuture<>(); // set once open returns
    private final LongAdder messages = new LongAdder(), bytes = new LongAdder(), failures = new LongAdder();

    private EchoServer(Transport transport) {
        this.transport = transport;
    }

    /**
     * Opens an echo server on {@code transport}, bound to {@code address} (port 0 picks a free port).
     *
     * @throws IOException if the address cannot be bound
     */
    public static EchoServer open(Transport transport, InetSocketAddress address) throws IOException {
        EchoServer server = new EchoServer(Objects.requireNonNull(transport, "transport"));
        server.endpoint.complete(transport.open(options(transport, address), server::received));
        LOG.debug("{} open", server);
        return server;
    }

    /** Endpoint options for {@code transport}: the {@link #NEWLINE} framer for stream transports. */
    public static EndpointOptions options(Transport transport, InetSocketAddress address) {
        EndpointOptions o = EndpointOptions.bind(address);
        return transport.stream() ? o.withFramer(NEWLINE).withMaxMessageSize(MAX_LINE) : o;
    }

    /**
     * RFC 862: send the data back. Counted when handed to the transport; a failed send is counted apart. An empty
     * datagram carries no data and is not echoed (the UDP transport would never complete an empty send).
     */
    private void received(Flow flow, ByteBuffer message) {
        if (!message.hasRemaining()) return;
        ByteBuffer copy = ByteBuffer.allocate(message.remaining()).put(message.duplicate()).flip();
        int n = copy.remaining();
        messages.increment();
        bytes.add(n);
        // completes at once, except for a message that arrives before open() returned
        endpoint.thenAccept(ep -> ep.send(flow, copy).whenComplete((f, e) -> {
            if (e != null) {
                failures.increment();
                LOG.debug("echo of {} bytes to {} failed", n, flow, e);
            }
        }));
    }

    public Transport transport() { return transport; }
    public InetSocketAddress localAddress() { return endpoint.join().localAddress(); }
    public boolean isOpen() { return endpoint.join().isOpen(); }
    /** Messages echoed (handed back to the transport). */
    public long messages() { return messages.sum(); }
    /** Bytes of the echoed messages. */
    public long bytes() { return bytes.sum(); }
    /** Echoes the transport failed to send. */
    public long failures() { return failures.sum(); }

    /** Closes the endpoint, releasing its address. Idempotent. */
    @Override
    public void close() {
        endpoint.join().close();
    }

    /**
     * The result of a {@link #ping} run; round-trip times are in microseconds, 0 when nothing came back.
     *
     * @param sent messages sent
     * @param received echoes received in time
     */
    public record PingResult(int sent, int received, double minMicros, double avgMicros, double maxMicros) {
        /** Messages whose echo did not come back within the timeout. */
        public int lost() {
            return sent - received;
        }
    }

    /** One outstanding ping: its bytes and when its echo arrived (System.nanoTime). */
    private record Pending(byte[] payload, CompletableFuture<Long> echoed) {
        boolean matches(ByteBuffer m) {
            return m.remaining() == payload.length && m.duplicate().equals(ByteBuffer.wrap(payload));
        }
    }

    /**
     * The RFC 862 client: from a new endpoint on {@code transport} (bound to the loopback address of the target's
     * family when the target is loopback, else to the wildcard address, port 0), sends {@code count} messages
     * {@code "ping N\n"} to {@code target} one at a time, each after the previous echo came back or
     * {@code timeout} passed. Late or foreign replies are ignored. An interrupt stops the run early.
     *
     * @throws IOException if the client endpoint cannot be opened
     * @throws IllegalArgumentException if count is not in 1..{@value #MAX_PINGS} or timeout is not positive
     */
    public static PingResult ping(Transport transport, InetSocketAddress target, int count, Duration timeout)
            throws IOException {
        if (count < 1 || count > MAX_PINGS) {
            throw new IllegalArgumentException("ping count out of 1.." + MAX_PINGS + ": " + count);
        }
        if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be > 0");
        AtomicReference<Pending> current = new AtomicReference<>();
        Receiver receiver = (flow, m) -> {
            long now = System.nanoTime();
            Pending p = current.get();
            if (p != null && p.matches(m)) p.echoed.complete(now);
        };
        int sent = 0, received = 0;
        long min = Long.MAX_VALUE, max = 0, sum = 0;
        try (Endpoint ep = transport.open(options(transport, clientAddress(target)), receiver)) {
            for (int i = 1; i <= count; i++) {
                Pending p = new Pending(("ping " + i + "\n").getBytes(US_ASCII), new CompletableFuture<>());
                current.set(p);
                long start = System.nanoTime();
                ep.send(target, ByteBuffer.wrap(p.payload)).whenComplete((f, e) -> {
                    if (e != null) p.echoed.completeExceptionally(e);
                });
                sent++;
                try {
                    long rtt = p.echoed.get(timeout.toNanos(), TimeUnit.NANOSECONDS) - start;
                    received++;
                    min = Math.min(min, rtt);
                    max = Math.max(max, rtt);
                    sum += rtt;
                } catch (TimeoutException | ExecutionException e) {
                    LOG.debug("ping {} to {} lost", i, target, e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        return received == 0 ? new PingResult(sent, 0, 0, 0, 0)
                : new PingResult(sent, received, min / 1e3, sum / 1e3 / received, max / 1e3);
    }

    private static InetSocketAddress clientAddress(InetSocketAddress target) {
        boolean v6 = target.getAddress() instanceof Inet6Address;
        if (target.getAddress() != null && target.getAddress().isLoopbackAddress()) {
            return new InetSocketAddress(v6 ? "::1" : "127.0.0.1", 0);
        }
        return new InetSocketAddress(v6 ? "::" : "0.0.0.0", 0);
    }

    /**
     * Parses {@code host:port} or {@code [v6]:port} (port 0..65535; 0 picks a free one).
     *
     * @throws IllegalArgumentException naming the value if it is malformed or the host is unknown
     */
    public static InetSocketAddress parseAddress(String address) {
        String s = address == null ? "" : address.trim();
        int colon = s.lastIndexOf(':');
        String host = colon < 0 ? "" : s.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":") || host.contains("[") || host.contains("]")) {
            host = ""; // an IPv6 address needs brackets
        }
        try {
            int port = Integer.parseInt(s.substring(colon + 1));
            if (host.isEmpty() || port < 0 || port > 65535) throw new NumberFormatException();
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad echo address '" + address
                    + "': expected host:port or [v6]:port with port 0..65535");
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bad echo address '" + address + "': unknown host " + host);
        }
    }

    /** {@code host:port}, or {@code [v6]:port}: the form {@link #parseAddress} reads. */
    public static String format(InetSocketAddress a) {
        String h = a.getAddress() == null ? a.getHostString() : a.getAddress().getHostAddress();
        return (h.contains(":") ? "[" + h + "]" : h) + ":" + a.getPort();
    }

    @Override
    public String toString() {
        return "echo on " + transport.protocol() + " " + format(localAddress());
    }
}
