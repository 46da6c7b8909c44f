package org.peerline.api.locator;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * One next hop for a request (RFC 3263 §4): the transport, the resolved socket address, and the host name it came
 * from (for TLS server identity, RFC 5922, and for logs).
 *
 * @param transport the transport protocol, as {@code org.peerline.api.transport.Transport.PROTOCOL}
 * @param address the resolved address and port
 * @param host the domain or host name the address was resolved from, or its literal address
 */
public record Target(String transport, InetSocketAddress address, String host) {
    public Target {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(host, "host");
    }
}
