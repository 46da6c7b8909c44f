package org.peerline.api.overlay;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * A node this node keeps in its routing state.
 *
 * @param id the neighbour's node id
 * @param address where it listens
 * @param role the table it is in, in the algorithm's words: {@code leaf}, {@code route[3][a]},
 *        {@code successor}, {@code predecessor}, {@code finger[12]}, {@code bucket[151]}, ...
 * @param rtt the smoothed round-trip time, or null if never measured
 */
public record Neighbor(Id id, InetSocketAddress address, String role, Duration rtt) {
}
