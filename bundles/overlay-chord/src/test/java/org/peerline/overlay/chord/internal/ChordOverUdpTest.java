package org.peerline.overlay.chord.internal;

import org.peerline.overlay.core.node.OverlayNode;
import org.peerline.overlay.core.runtime.OverUdpConformance;
import org.peerline.overlay.core.runtime.OverlayRunner;
import org.peerline.overlay.chord.ChordNode;

/** Two Chord nodes on the real UDP transport on loopback (the shared {@link OverUdpConformance}). */
class ChordOverUdpTest extends OverUdpConformance {
    @Override
    protected OverlayRunner.Factory factory() {
        return (s, c, n) -> new ChordNode(s, c, n, OverlayNode.Config.DEFAULTS,
            ChordNode.Parameters.DEFAULTS);
    }
}
