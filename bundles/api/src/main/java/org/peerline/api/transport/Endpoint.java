package org.peerline.api.transport;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A bound local endpoint of a {@link Transport}: a UDP socket, or a listening TCP/TLS/WS socket together with the
 * connections accepted on it or opened from it.
 *
 * <p><b>Threading</b>: thread-safe; {@code send} never blocks: it queues the message and completes the stage when
 * the bytes were handed to the operating system, or exceptionally ({@link java.io.IOException}) when they could not
 * be. <b>Connection reuse</b> (RFC 3261 §18.1.1, RFC 5923): {@link #send(InetSocketAddress, ByteBuffer)} on a
 * stream transport reuses an open connection to that address (accepted or opened) before opening a new one.
 */
@ProviderType
public interface Endpoint extends AutoCloseable {
    /** The transport that opened this endpoint. */
    Transport transport();

    /** The bound local address (with the real port when 0 was asked for). */
    InetSocketAddress localAddress();

    /**
     * Sends one message to {@code remote}: one datagram, or one framed write on a (reused or new) connection.
     * The buffer's remaining bytes are sent; the caller must not modify them until the stage completes.
     */
    CompletionStage<Flow> send(InetSocketAddress remote, ByteBuffer message);

    /**
     * Sends one message over a given flow, typically the one a request arrived on (RFC 3261 §18.2.2). Fails with
     * {@link java.io.IOException} if that connection is closed; it is not silently re-opened.
     */
    CompletionStage<Flow> send(Flow flow, ByteBuffer message);

    /** Counters of this endpoint since it was opened. */
    TransportStats stats();

    /** Whether the endpoint is still open. */
    boolean isOpen();

    /** Closes the endpoint and all its connections; queued messages are dropped and counted. Idempotent. */
    @Override
    void close();
}
