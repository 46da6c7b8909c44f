package org.peerline.api.transport;

import java.nio.ByteBuffer;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Gets the messages an {@link Endpoint} receives. Called on a transport I/O thread, in order per flow; must not
 * block (hand work to the consumer's own event loop). An exception thrown here is caught, logged and counted as a
 * drop by the provider; it never closes the endpoint.
 */
@ConsumerType
@FunctionalInterface
public interface Receiver {
    /**
     * One whole message. The buffer is only valid during the call: copy what must be kept.
     *
     * @param flow where it came from, usable with {@link Endpoint#send(Flow, ByteBuffer)} for the reply
     * @param message the message bytes, from position to limit
     */
    void received(Flow flow, ByteBuffer message);

    /** A connection of a stream transport closed; {@code cause} is null for an orderly close. */
    default void closed(Flow flow, Throwable cause) {
    }
}
