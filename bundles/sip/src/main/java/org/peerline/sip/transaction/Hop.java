package org.peerline.sip.transaction;

import java.net.InetSocketAddress;
import org.peerline.api.transport.Flow;

/**
 * Where a message goes or came from: the transport, the remote address, and for replies on a connection the flow
 * (RFC 3261 §18.2.2, RFC 5626). Reliable transports need no retransmissions (§17.1.1.2, §17.1.2.2).
 *
 * @param transport lower-case transport name (udp, tcp, tls, ws, wss)
 * @param address the remote address
 * @param flow the connection or datagram flow to use, or null to let the transport choose
 */
public record Hop(String transport, InetSocketAddress address, Flow flow) {
    public boolean reliable() {
        return !transport.equals("udp");
    }

    public static Hop of(Flow flow) {
        return new Hop(flow.protocol(), flow.remote(), flow);
    }
}
