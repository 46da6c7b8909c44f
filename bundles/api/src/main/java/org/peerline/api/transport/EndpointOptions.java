package org.peerline.api.transport;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * How to open an {@link Endpoint}. Immutable; start from {@link #bind(InetSocketAddress)} and refine with the
 * {@code with...} methods. Providers ignore options that do not apply to them (a UDP transport ignores the framer).
 *
 * @param local address to bind; port 0 picks a free port
 * @param framer message framing for stream transports, null for datagrams
 * @param maxMessageSize largest message accepted or sent; bigger ones are dropped and counted
 * @param socketBufferSize requested SO_RCVBUF and SO_SNDBUF (loopback bursts drop with small defaults)
 * @param idleTimeout stream connections idle this long are closed (RFC 5626 keep-alives refresh it)
 * @param tls the TLS context for secure transports, null for the provider's default
 * @param needClientAuth whether a TLS server requires client certificates (mutual TLS)
 */
public record EndpointOptions(InetSocketAddress local, Framer framer, int maxMessageSize, int socketBufferSize,
                              Duration idleTimeout, SSLContext tls, boolean needClientAuth) {
    /** Default limit on one message: 64 KiB, the largest UDP datagram. */
    public static final int DEFAULT_MAX_MESSAGE = 65_535;
    /** Default socket buffer size: 4 MiB. */
    public static final int DEFAULT_SOCKET_BUFFER = 4 << 20;

    public EndpointOptions {
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (maxMessageSize <= 0) throw new IllegalArgumentException("maxMessageSize must be > 0: " + maxMessageSize);
        if (socketBufferSize < 0) throw new IllegalArgumentException("socketBufferSize must be >= 0");
    }

    /** Options binding {@code local} with the defaults: no framer, 64 KiB messages, 4 MiB buffers, 5 min idle. */
    public static EndpointOptions bind(InetSocketAddress local) {
        return new EndpointOptions(local, null, DEFAULT_MAX_MESSAGE, DEFAULT_SOCKET_BUFFER, Duration.ofMinutes(5),
                null, false);
    }

    public EndpointOptions withFramer(Framer f) {
        return new EndpointOptions(local, f, maxMessageSize, socketBufferSize, idleTimeout, tls, needClientAuth);
    }

    public EndpointOptions withMaxMessageSize(int n) {
        return new EndpointOptions(local, framer, n, socketBufferSize, idleTimeout, tls, needClientAuth);
    }

    public EndpointOptions withSocketBufferSize(int n) {
        return new EndpointOptions(local, framer, maxMessageSize, n, idleTimeout, tls, needClientAuth);
    }

    public EndpointOptions withIdleTimeout(Duration d) {
        return new EndpointOptions(local, framer, maxMessageSize, socketBufferSize, d, tls, needClientAuth);
    }

    public EndpointOptions withTls(SSLContext context, boolean requireClientAuth) {
        return new EndpointOptions(local, framer, maxMessageSize, socketBufferSize, idleTimeout, context,
                requireClientAuth);
    }
}
