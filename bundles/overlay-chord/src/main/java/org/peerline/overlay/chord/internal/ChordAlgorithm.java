package org.peerline.overlay.chord.internal;

import java.util.function.Function;
import org.osgi.service.component.annotations.Component;
import org.peerline.overlay.core.Clock;
import org.peerline.overlay.core.Network;
import org.peerline.overlay.core.Signer;
import org.peerline.overlay.core.node.OverlayAlgorithm;
import org.peerline.overlay.core.node.OverlayNode;
import org.peerline.overlay.chord.ChordNode;

/**
 * The Chord (Stoica et al. 2001; RELOAD's CHORD-RELOAD parameters) algorithm as an {@link OverlayAlgorithm} service ({@code overlay.algorithm=chord}): overlay nodes
 * ({@code org.peerline.overlay~NAME}) bound to it run ChordNode with the default parameters.
 */
@Component(property = OverlayAlgorithm.ALGORITHM + "=" + ChordNode.ALGORITHM)
public class ChordAlgorithm implements OverlayAlgorithm {
    @Override
    public OverlayNode create(Signer signer, Clock clock, Function<Network.Receiver, Network> network) {
        return new ChordNode(signer, clock, network, OverlayNode.Config.DEFAULTS, ChordNode.Parameters.DEFAULTS);
    }
}
