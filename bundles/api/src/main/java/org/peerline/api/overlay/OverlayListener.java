package org.peerline.api.overlay;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives routed messages and events of an {@link Overlay}. Called on the overlay node's event loop: must not
 * block. Exceptions are caught and logged by the node.
 */
@ConsumerType
public interface OverlayListener {
    /**
     * A message routed with {@link Overlay#route(Id, byte[])} arrived at this node, the key's root.
     *
     * @return the reply sent back to the sender, or null to decline (the sender sees an error)
     */
    default byte[] deliver(Id key, byte[] message) {
        return null;
    }

    /** Something happened to the node. */
    default void event(OverlayEvent event) {
    }
}
