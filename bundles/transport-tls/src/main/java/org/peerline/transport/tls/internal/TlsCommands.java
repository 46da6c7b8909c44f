package org.peerline.transport.tls.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.peerline.api.transport.Transport;
import org.peerline.transport.tcp.ConnectionInfo;

/**
 * Gogo command {@code transport:tlsstats}: the TLS provider's counters (RFC 3261 §26.2; failed handshakes count
 * as errors) and its open connections (RFC 5626 §3 flows) as aligned tables.
 */
@Component(service = Object.class, property = {"osgi.command.scope=transport", "osgi.command.function=tlsstats"})
public class TlsCommands {
    @Reference(target = "(component.name=org.peerline.transport.tls)")
    Transport transport;

    /** Prints messages and bytes in and out, drops, errors and open connections, then one line per connection. */
    public String tlsstats() {
        if (!(transport instanceof TlsTransportComponent tls)) return "tls transport not available";
        return ConnectionInfo.table(tls.stats(), tls.connections());
    }
}
