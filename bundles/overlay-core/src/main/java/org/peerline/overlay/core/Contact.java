package org.peerline.overlay.core;

import java.net.InetSocketAddress;
import java.util.Objects;
import org.peerline.api.overlay.Id;

/** A node as carried in messages: its id and where it listens (the seed's 27-byte Node, with IPv6 too). */
public record Contact(Id id, InetSocketAddress address) {
    public Contact {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(address, "address");
    }
}
