package org.peerline.api.traversal;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * A transport address a peer can try (RFC 8445 §5.1).
 *
 * @param type host, server-reflexive, peer-reflexive or relayed
 * @param transport {@code udp} or {@code tcp}
 * @param address the candidate's address
 * @param base the local address it was obtained from (the related address in SDP), equal to address for host
 * @param priority RFC 8445 §5.1.2 priority
 * @param foundation RFC 8445 §5.1.1.3 foundation
 */
public record Candidate(Type type, String transport, InetSocketAddress address, InetSocketAddress base,
                        long priority, String foundation) {
    public enum Type {
        HOST("host"), SERVER_REFLEXIVE("srflx"), PEER_REFLEXIVE("prflx"), RELAYED("relay");

        private final String sdp;

        Type(String sdp) {
            this.sdp = sdp;
        }

        /** The name used in SDP {@code a=candidate} (RFC 8839 §5.1). */
        public String sdpName() {
            return sdp;
        }
    }

    public Candidate {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(foundation, "foundation");
    }
}
