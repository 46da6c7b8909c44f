package org.peerline.overlay.kademlia.internal;

import java.util.function.Function;
import org.osgi.service.component.annotations.Component;
import org.peerline.overlay.core.Clock;
import org.peerline.overlay.core.Network;
import org.peerline.overlay.core.Signer;
import org.peerline.overlay.core.node.OverlayAlgorithm;
import org.peerline.overlay.core.node.OverlayNode;
import org.peerline.overlay.kademlia.KademliaNode;

/**
 * The Kademlia (Maymounkov and Mazieres 2002) algorithm as an {@link OverlayAlgorithm} service ({@code overlay.algorithm=kademlia}): overlay nodes
 * ({@code org.peerline.overlay~NAME}) bound to it run KademliaNode with the default parameters.
 */
@Component(property = OverlayAlgorithm.ALGORITHM + "=" + KademliaNode.ALGORITHM)
public class KademliaAlgorithm implements OverlayAlgorithm {
    @Override
    public OverlayNode create(Signer signer, Clock clock, Function<Network.Receiver, Network> network) {
        return new KademliaNode(signer, clock, network, OverlayNode.Config.DEFAULTS, KademliaNode.Parameters.DEFAULTS);
    }
}
