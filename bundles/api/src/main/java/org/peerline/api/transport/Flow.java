package org.peerline.api.transport;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * A flow (RFC 5626 §3): the local and remote addresses a message travelled between, and for connection-oriented
 * transports the connection it used. Replies sent on the same flow reach the same connection.
 *
 * @param protocol the transport protocol, as {@link Transport#PROTOCOL}
 * @param local the local address
 * @param remote the remote address
 * @param connection a provider-assigned connection number, 0 for datagram transports
 */
public record Flow(String protocol, InetSocketAddress local, InetSocketAddress remote, long connection) {
    public Flow {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(remote, "remote");
    }

    @Override
    public String toString() {
        return protocol + ":" + local + "->" + remote + (connection == 0 ? "" : "#" + connection);
    }
}
