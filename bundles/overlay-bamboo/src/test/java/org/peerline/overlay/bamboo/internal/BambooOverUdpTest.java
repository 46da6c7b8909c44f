package org.peerline.overlay.bamboo.internal;

import org.peerline.overlay.core.node.OverlayNode;
import org.peerline.overlay.core.runtime.OverUdpConformance;
import org.peerline.overlay.core.runtime.OverlayRunner;
import org.peerline.overlay.bamboo.BambooNode;

/** Two Bamboo nodes on the real UDP transport on loopback (the shared {@link OverUdpConformance}). */
class BambooOverUdpTest extends OverUdpConformance {
    @Override
    protected OverlayRunner.Factory factory() {
        return (s, c, n) -> new BambooNode(s, c, n, OverlayNode.Config.DEFAULTS,
            BambooNode.Parameters.DEFAULTS);
    }
}
