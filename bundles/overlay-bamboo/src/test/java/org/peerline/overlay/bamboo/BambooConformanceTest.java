package org.peerline.overlay.bamboo;

import java.net.InetSocketAddress;
import org.peerline.overlay.core.Signer;
import org.peerline.overlay.core.SimClock;
import org.peerline.overlay.core.SimNetwork;
import org.peerline.overlay.core.node.OverlayConformance;
import org.peerline.overlay.core.node.OverlayNode;

/** Bamboo/Pastry against the shared overlay conformance suite (100 nodes: mean hops at most 4, log16 N ~ 1.7). */
class BambooConformanceTest extends OverlayConformance {
    @Override
    protected OverlayNode newNode(Signer signer, SimClock clock, SimNetwork net, InetSocketAddress address) {
        return new BambooNode(signer, clock, r -> net.endpoint(address, r), OverlayNode.Config.DEFAULTS,
                BambooNode.Parameters.DEFAULTS);
    }
}
