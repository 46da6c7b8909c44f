package org.peerline.transport.tcp;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.osgi.annotation.versioning.ConsumerType;
import org.peerline.api.transport.EndpointOptions;
import org.peerline.api.transport.Flow;

/**
 * The hook by which a protocol layered on TCP transforms one connection's bytes between the socket and the framer
 * (RFC 3261 §18.3 framing sees application bytes only): {@link #PLAIN} for TCP itself, an SSLEngine wrap/unwrap
 * for TLS (RFC 3261 §26.2, RFC 8446).
 *
 * <p><b>Threading</b>: one instance per connection; the engine calls it under the connection's lock, so it needs no
 * synchronization of its own. <b>Buffers</b>: sources are in read mode, destinations in write mode; the engine
 * guarantees {@link #netRoom()} free bytes in a network destination and {@link #appRoom()} in an application
 * destination. <b>Failures</b>: an {@link IOException} (a failed TLS handshake) closes the connection; the engine
 * counts it as an error and logs its message at WARN, so the message should say what went wrong.
 */
@ConsumerType
public interface StreamCodec {
    /** Plain TCP: bytes pass unchanged. Stateless, shared by every connection. */
    StreamCodec PLAIN = new StreamCodec() {
        @Override
        public void decode(ByteBuffer net, ByteBuffer app) {
            copy(net, app);
        }

        @Override
        public void encode(ByteBuffer app, ByteBuffer net) {
            copy(app, net);
        }

        private static void copy(ByteBuffer src, ByteBuffer dst) {
            int n = Math.min(src.remaining(), dst.remaining());
            dst.put(src.slice(src.position(), n));
            src.position(src.position() + n);
        }
    };

    /** Creates the codec of a new connection. */
    @FunctionalInterface
    interface Factory {
        /**
         * @param flow the connection; for outgoing ones {@code flow.remote()} is the address given to send, with its
         *        host name when it was named (for TLS server name checks)
         * @param client true for a connection this side opened, false for an accepted one
         * @param options the options of the endpoint the connection belongs to
         * @throws IOException if no codec can be made (the connection is closed and an error counted)
         */
        StreamCodec create(Flow flow, boolean client, EndpointOptions options) throws IOException;
    }

    /**
     * Moves network bytes from {@code net} into application bytes in {@code app}, as far as whole units allow;
     * what it cannot use yet stays in {@code net} for the next call.
     */
    void decode(ByteBuffer net, ByteBuffer app) throws IOException;

    /**
     * Moves application bytes from {@code app} into network bytes in {@code net}; with an empty {@code app} it
     * emits the codec's own bytes, if {@link #pending()} (handshake messages, alerts, close_notify).
     */
    void encode(ByteBuffer app, ByteBuffer net) throws IOException;

    /** Whether application bytes may be encoded now (TLS: the handshake finished). */
    default boolean ready() {
        return true;
    }

    /** Whether the codec has bytes of its own to send, without application data (TLS handshake, alerts). */
    default boolean pending() {
        return false;
    }

    /** Starts an orderly close (TLS: close_notify, RFC 8446 §6.1); {@link #pending()} then says if bytes follow. */
    default void close() {
    }

    /** Free space {@link #encode} needs in its destination (TLS: the packet buffer size). */
    default int netRoom() {
        return 1;
    }

    /** Free space {@link #decode} needs in its destination (TLS: the application buffer size). */
    default int appRoom() {
        return 1;
    }
}
