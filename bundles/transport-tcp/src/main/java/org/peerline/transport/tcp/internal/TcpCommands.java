package org.peerline.transport.tcp.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.peerline.api.transport.Transport;
import org.peerline.transport.tcp.ConnectionInfo;

/**
 * Gogo command {@code transport:tcpstats}: the TCP provider's counters (RFC 3261 §18 messages) and its open
 * connections (RFC 5626 §3 flows) as aligned tables.
 */
@Component(service = Object.class, property = {"osgi.command.scope=transport", "osgi.command.function=tcpstats"})
public class TcpCommands {
    @Reference(target = "(component.name=org.peerline.transport.tcp)")
    Transport transport;

    /** Prints messages and bytes in and out, drops, errors and open connections, then one line per connection. */
    public String tcpstats() {
        if (!(transport instanceof TcpTransportComponent tcp)) return "tcp transport not available";
        return ConnectionInfo.table(tcp.stats(), tcp.connections());
    }
}
