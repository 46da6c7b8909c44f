package org.peerline.transport.tcp;

import java.time.Duration;
import org.peerline.api.transport.Flow;

/**
 * A snapshot of one open connection of a stream transport (RFC 5626 §3 flow), for shells and tests.
 *
 * @param flow the connection's flow, with its local and remote address and connection id
 * @param accepted true if the peer opened it, false if this side did
 * @param idle time since bytes last moved on it (RFC 5626 keep-alives count)
 */
public record ConnectionInfo(Flow flow, boolean accepted, Duration idle) {
}
