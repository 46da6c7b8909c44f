package org.peerline.overlay.kademlia;

import java.net.InetSocketAddress;
import org.peerline.overlay.core.Signer;
import org.peerline.overlay.core.SimClock;
import org.peerline.overlay.core.SimNetwork;
import org.peerline.overlay.core.node.OverlayConformance;
import org.peerline.overlay.core.node.OverlayNode;

/** Kademlia against the shared overlay conformance suite (100 nodes: mean hops at most 4). */
class KademliaConformanceTest extends OverlayConformance {
    @Override
    protected OverlayNode newNode(Signer signer, SimClock clock, SimNetwork net, InetSocketAddress address) {
        return new KademliaNode(signer, clock, r -> net.endpoint(address, r), OverlayNode.Config.DEFAULTS,
                KademliaNode.Parameters.DEFAULTS);
    }
}
