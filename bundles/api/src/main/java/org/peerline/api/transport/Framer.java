package org.peerline.api.transport;

import java.nio.ByteBuffer;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Cuts a byte stream into messages (for SIP: RFC 3261 §18.3, Content-Length framing; RFC 5626 §3.5.1 CRLF
 * keep-alives). Supplied by the consumer, called by stream transports on their I/O thread, one instance per
 * endpoint; it must be stateless or keep its state per connection itself.
 */
@ConsumerType
@FunctionalInterface
public interface Framer {
    /**
     * Looks at the bytes received so far on one connection, from {@code buffer.position()} to its limit, without
     * moving the position.
     *
     * @return the length of the first complete message, 0 if more bytes are needed, or a negative number
     *         {@code -n} to say the first {@code n} bytes are to be skipped (keep-alives) without delivery
     * @throws java.io.IOException if the stream is malformed or a message would exceed the limit; the transport
     *         closes the connection and counts a drop
     */
    int frame(ByteBuffer buffer) throws java.io.IOException;
}
