package org.peerline.api.transport;

import java.io.IOException;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A transport protocol provider (RFC 3261 §18): a factory of endpoints that send and receive whole messages.
 *
 * <p><b>Service properties</b> that identify a provider: {@value #PROTOCOL} (required: {@code udp}, {@code tcp},
 * {@code tls}, {@code ws}, {@code wss}, ...), {@value #RELIABLE}, {@value #SECURE} and {@value #STREAM}
 * (Booleans). Consumers select a provider with a reference target such as {@code (transport.protocol=udp)}.
 *
 * <p><b>Threading</b>: every method is thread-safe. <b>Lifecycle</b>: endpoints opened through a provider are
 * closed by the provider when it is deactivated; a consumer that sees its provider go away must treat its
 * endpoints as closed and open new ones on the replacement.
 */
@ProviderType
public interface Transport {
    /** Service property: the protocol name, lower case. */
    String PROTOCOL = "transport.protocol";
    /** Service property: {@code true} if delivery is reliable (TCP, TLS, WS). */
    String RELIABLE = "transport.reliable";
    /** Service property: {@code true} if the transport is encrypted (TLS, WSS). */
    String SECURE = "transport.secure";
    /** Service property: {@code true} for byte-stream transports that need a {@link Framer}. */
    String STREAM = "transport.stream";

    /** The protocol name, as in {@value #PROTOCOL}. */
    String protocol();

    /** Whether delivery is reliable and ordered (RFC 3261 §18: no retransmissions needed). */
    boolean reliable();

    /** Whether the transport is encrypted and authenticated (TLS, RFC 3261 §26.2). */
    boolean secure();

    /** Whether this is a byte-stream transport: then {@link EndpointOptions#framer()} is required. */
    boolean stream();

    /**
     * Opens an endpoint bound to {@link EndpointOptions#local()} (port 0 picks a free port). For stream transports
     * the endpoint accepts connections there and also opens outgoing connections on demand.
     *
     * @param options where to bind and how to frame, size and secure messages
     * @param receiver gets every message received on the endpoint, on a transport thread
     * @return the open endpoint
     * @throws IOException if the address cannot be bound (the message names the address)
     * @throws IllegalArgumentException if the options do not suit this transport (e.g. no framer for a stream)
     */
    Endpoint open(EndpointOptions options, Receiver receiver) throws IOException;
}
