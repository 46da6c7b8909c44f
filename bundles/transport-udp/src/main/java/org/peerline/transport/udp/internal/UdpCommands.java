package org.peerline.transport.udp.internal;

import org.peerline.api.transport.Transport;
import org.peerline.api.transport.TransportStats;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Gogo command {@code transport:udpstats}: the UDP provider's counters (RFC 768 datagrams, RFC 3261 §18 messages)
 * as an aligned table of one row.
 */
@Component(service = Object.class, property = {"osgi.command.scope=transport", "osgi.command.function=udpstats"})
public class UdpCommands {
    private static final String FORMAT = "%12s %12s %14s %14s %8s %8s %10s";

    @Reference(target = "(component.name=org.peerline.transport.udp)")
    Transport transport;

    /** Prints messages and bytes in and out, drops, errors and open endpoints of the UDP transport. */
    public String udpstats() {
        if (!(transport instanceof UdpTransportComponent udp)) return "udp transport not available";
        return format(udp.stats(), udp.openEndpoints());
    }

    static String format(TransportStats s, int endpoints) {
        return String.format(FORMAT, "messagesIn", "messagesOut", "bytesIn", "bytesOut", "drops", "errors",
                "endpoints") + System.lineSeparator() + String.format(FORMAT, s.messagesIn(), s.messagesOut(),
                s.bytesIn(), s.bytesOut(), s.drops(), s.errors(), endpoints);
    }
}
