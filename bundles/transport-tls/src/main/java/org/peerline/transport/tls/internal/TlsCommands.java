package org.peerline.transport.tls.internal;

import java.util.List;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.peerline.api.transport.Transport;
import org.peerline.api.transport.TransportStats;
import org.peerline.transport.tcp.ConnectionInfo;

/**
 * Gogo command {@code transport:tlsstats}: the TLS provider's counters (RFC 3261 §26.2; failed handshakes count
 * as errors) and its open connections (RFC 5626 §3 flows) as aligned tables.
 */
@Component(service = Object.class, property = {"osgi.command.scope=transport", "osgi.command.function=tlsstats"})
public class TlsCommands {
    private static final String STATS = "%12s %12s %14s %14s %8s %8s %12s";
    private static final String CONNECTION = "%8s %-8s %-46s %-46s %8s";

    @Reference(target = "(component.name=org.peerline.transport.tls)")
    Transport transport;

    /** Prints messages and bytes in and out, drops, errors and open connections, then one line per connection. */
    public String tlsstats() {
        if (!(transport instanceof TlsTransportComponent tls)) return "tls transport not available";
        return format(tls.stats(), tls.connections());
    }

    static String format(TransportStats s, List<ConnectionInfo> connections) {
        String nl = System.lineSeparator();
        StringBuilder b = new StringBuilder()
                .append(String.format(STATS, "messagesIn", "messagesOut", "bytesIn", "bytesOut", "drops", "errors",
                        "connections")).append(nl)
                .append(String.format(STATS, s.messagesIn(), s.messagesOut(), s.bytesIn(), s.bytesOut(), s.drops(),
                        s.errors(), s.connections()));
        if (connections.isEmpty()) return b.toString();
        b.append(nl).append(nl).append(String.format(CONNECTION, "id", "side", "local", "remote", "idle(s)"));
        for (ConnectionInfo c : connections) {
            b.append(nl).append(String.format(CONNECTION, c.flow().connection(), c.accepted() ? "accepted" : "opened",
                    c.flow().local(), c.flow().remote(), c.idle().toSeconds()));
        }
        return b.toString();
    }
}
