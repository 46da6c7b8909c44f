package org.peerline.api.overlay;

/**
 * Something that happened to a node, delivered to {@link OverlayListener#event(OverlayEvent)}.
 *
 * @param type what happened
 * @param node the neighbour concerned, for NEIGHBOR_UP and NEIGHBOR_DOWN, else null
 * @param detail a human-readable detail, possibly empty
 */
public record OverlayEvent(Type type, Neighbor node, String detail) {
    public enum Type {
        /** The node joined a ring (or formed a ring of one). */
        JOINED,
        /** The node left, by {@link Overlay#leave()} or because it stopped. */
        LEFT,
        /** A neighbour entered the routing state. */
        NEIGHBOR_UP,
        /** A neighbour was declared dead or was replaced. */
        NEIGHBOR_DOWN,
        /** The key range this node is responsible for changed (values may have moved to or from it). */
        RANGE_CHANGED
    }
}
