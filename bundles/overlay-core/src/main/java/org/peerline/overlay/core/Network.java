package org.peerline.overlay.core;

import java.net.InetSocketAddress;

/**
 * The datagram service an overlay node runs over (DESIGN.md principle 1): UDP on a real node, {@link SimNetwork}
 * in the simulator. Delivery is best effort, as UDP (RFC 768): datagrams may be lost or reordered; sending never
 * blocks and never throws for network conditions.
 */
public interface Network {
    /** Where this endpoint receives. */
    InetSocketAddress localAddress();

    /** Sends one datagram. */
    void send(InetSocketAddress to, byte[] datagram);

    /** Receives datagrams, on the node's loop. */
    @FunctionalInterface
    interface Receiver {
        void receive(InetSocketAddress from, byte[] datagram);
    }
}
