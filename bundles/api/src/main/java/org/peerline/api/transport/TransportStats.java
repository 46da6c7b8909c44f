package org.peerline.api.transport;

/**
 * Counters of an endpoint or a whole provider, a snapshot.
 *
 * @param messagesIn messages delivered to the receiver
 * @param messagesOut messages handed to the operating system
 * @param bytesIn bytes of the delivered messages
 * @param bytesOut bytes of the sent messages
 * @param drops messages dropped (too big, malformed framing, receiver failure, send queue closed)
 * @param errors I/O errors (send failures, refused connections)
 * @param connections open connections (0 for datagram transports)
 */
public record TransportStats(long messagesIn, long messagesOut, long bytesIn, long bytesOut, long drops,
                             long errors, long connections) {
    public static final TransportStats ZERO = new TransportStats(0, 0, 0, 0, 0, 0, 0);

    /** The element-wise sum, to total several endpoints. */
    public TransportStats plus(TransportStats o) {
        return new TransportStats(messagesIn + o.messagesIn, messagesOut + o.messagesOut, bytesIn + o.bytesIn,
                bytesOut + o.bytesOut, drops + o.drops, errors + o.errors, connections + o.connections);
    }
}
