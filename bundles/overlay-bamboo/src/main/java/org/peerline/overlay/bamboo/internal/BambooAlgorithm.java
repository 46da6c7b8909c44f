package org.peerline.overlay.bamboo.internal;

import java.util.function.Function;
import org.osgi.service.component.annotations.Component;
import org.peerline.overlay.core.Clock;
import org.peerline.overlay.core.Network;
import org.peerline.overlay.core.Signer;
import org.peerline.overlay.core.node.OverlayAlgorithm;
import org.peerline.overlay.core.node.OverlayNode;
import org.peerline.overlay.bamboo.BambooNode;

/**
 * The Bamboo/Pastry (Rowstron and Druschel 2001; Rhea et al. 2004) algorithm as an {@link OverlayAlgorithm} service ({@code overlay.algorithm=bamboo}): overlay nodes
 * ({@code org.peerline.overlay~NAME}) bound to it run BambooNode with the default parameters.
 */
@Component(property = OverlayAlgorithm.ALGORITHM + "=" + BambooNode.ALGORITHM)
public class BambooAlgorithm implements OverlayAlgorithm {
    @Override
    public OverlayNode create(Signer signer, Clock clock, Function<Network.Receiver, Network> network) {
        return new BambooNode(signer, clock, network, OverlayNode.Config.DEFAULTS, BambooNode.Parameters.DEFAULTS);
    }
}
