package org.peerline.overlay.core;

/**
 * Message types shared by Bamboo/Pastry, Chord and Kademlia (the seed's Bamboo request names, generalised). Codes
 * are stable on the wire; a request and its answer are paired by transaction id, not by type.
 */
public enum MessageType {
    PING(1), PONG(2),
    FIND_NODE(3), NODES(4),
    STORE(5), STORE_ACK(6),
    GET(7), VALUES(8),
    ROUTE(9), ROUTE_REPLY(10),
    JOIN(11), JOIN_REPLY(12),
    LEAFSET_PUSH(13), LEAFSET_REPLY(14),
    TABLE_REQUEST(15), TABLE_REPLY(16),
    NEIGHBOR_NOTIFY(17),
    /** Anti-entropy: a range digest, answered by a summary or SYNC_OK. */
    SYNC_DIGEST(18), SYNC_SUMMARY(19), SYNC_OK(20),
    FETCH(21),
    ERROR(127);

    private static final MessageType[] BY_CODE = new MessageType[256];

    static {
        for (MessageType t : values()) BY_CODE[t.code] = t;
    }

    private final int code;

    MessageType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The type with this code, or null if unknown. */
    public static MessageType of(int code) {
        return code < 0 || code > 255 ? null : BY_CODE[code];
    }
}
