package org.peerline.transport.tcp;

import java.time.Duration;
import java.util.List;
import org.peerline.api.transport.Flow;
import org.peerline.api.transport.TransportStats;

/**
 * A snapshot of one open connection of a stream transport (RFC 5626 §3 flow), for shells and tests.
 *
 * @param flow the connection's flow, with its local and remote address and connection id
 * @param accepted true if the peer opened it, false if this side did
 * @param idle time since bytes last moved on it (RFC 5626 keep-alives count)
 */
public record ConnectionInfo(Flow flow, boolean accepted, Duration idle) {

    /** The counters, then one line per connection, as aligned text (for the transports' shell commands). */
    public static String table(TransportStats s, List<ConnectionInfo> connections) {
        String stats = "%12s %12s %14s %14s %8s %8s %12s";
        String connection = "%8s %-8s %-46s %-46s %8s";
        String nl = System.lineSeparator();
        StringBuilder b = new StringBuilder()
                .append(String.format(stats, "messagesIn", "messagesOut", "bytesIn", "bytesOut", "drops", "errors",
                        "connections")).append(nl)
                .append(String.format(stats, s.messagesIn(), s.messagesOut(), s.bytesIn(), s.bytesOut(), s.drops(),
                        s.errors(), s.connections()));
        if (connections.isEmpty()) return b.toString();
        b.append(nl).append(nl).append(String.format(connection, "id", "side", "local", "remote", "idle(s)"));
        for (ConnectionInfo c : connections) {
            b.append(nl).append(String.format(connection, c.flow().connection(), c.accepted() ? "accepted" : "opened",
                    c.flow().local(), c.flow().remote(), c.idle().toSeconds()));
        }
        return b.toString();
    }
}
