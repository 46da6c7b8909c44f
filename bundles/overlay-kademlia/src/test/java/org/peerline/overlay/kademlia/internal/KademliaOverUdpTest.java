package org.peerline.overlay.kademlia.internal;

import org.peerline.overlay.core.node.OverlayNode;
import org.peerline.overlay.core.runtime.OverUdpConformance;
import org.peerline.overlay.core.runtime.OverlayRunner;
import org.peerline.overlay.kademlia.KademliaNode;

/** Two Kademlia nodes on the real UDP transport on loopback (the shared {@link OverUdpConformance}). */
class KademliaOverUdpTest extends OverUdpConformance {
    @Override
    protected OverlayRunner.Factory factory() {
        return (s, c, n) -> new KademliaNode(s, c, n, OverlayNode.Config.DEFAULTS,
            KademliaNode.Parameters.DEFAULTS);
    }
}
