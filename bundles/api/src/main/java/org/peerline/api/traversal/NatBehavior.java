package org.peerline.api.traversal;

import java.net.InetSocketAddress;

/**
 * How a NAT maps and filters (RFC 4787 §4.1 and §5, discovered as in RFC 5780 §4.3 and §4.4).
 *
 * @param mapped the reflexive address seen by the server, or null if no server answered
 * @param mapping the mapping behaviour
 * @param filtering the filtering behaviour
 */
public record NatBehavior(InetSocketAddress mapped, Behavior mapping, Behavior filtering) {
    public enum Behavior {
        /** No NAT: the mapped address is the local one. */
        NO_NAT,
        ENDPOINT_INDEPENDENT,
        ADDRESS_DEPENDENT,
        ADDRESS_AND_PORT_DEPENDENT,
        /** The tests could not tell (no server, or a server without RFC 5780 OTHER-ADDRESS). */
        UNKNOWN
    }
}
