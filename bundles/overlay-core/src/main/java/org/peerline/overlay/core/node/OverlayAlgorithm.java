package org.peerline.overlay.core.node;

import java.util.function.Function;
import org.osgi.annotation.versioning.ConsumerType;
import org.peerline.api.overlay.Overlay;
import org.peerline.overlay.core.Clock;
import org.peerline.overlay.core.Network;
import org.peerline.overlay.core.Signer;

/**
 * A DHT routing algorithm, as a service: it makes nodes. Algorithm bundles register one with the service property
 * {@value #ALGORITHM} ({@code bamboo}, {@code chord}, {@code kademlia}); a node component binds one (the overlay swap
 * point, DESIGN.md principle 3) and rebuilds its node in place when {@code peerline:use overlay NAME} rebinds it.
 */
@ConsumerType
@FunctionalInterface
public interface OverlayAlgorithm {
    /** The service property naming the algorithm (the same key as the {@link Overlay} service's). */
    String ALGORITHM = Overlay.ALGORITHM;

    /**
     * A new node on {@code clock}'s loop, signing with {@code signer}, on the network {@code network} attaches its
     * receiver to, e.g. {@code (s, c, n) -> new ChordNode(s, c, n, Config.DEFAULTS, ChordNode.Parameters.DEFAULTS)}.
     */
    OverlayNode create(Signer signer, Clock clock, Function<Network.Receiver, Network> network);
}
