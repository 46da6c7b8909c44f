package org.peerline.transport.tcp.internal;

import java.io.IOException;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.peerline.api.transport.Endpoint;
import org.peerline.api.transport.EndpointOptions;
import org.peerline.api.transport.Receiver;
import org.peerline.api.transport.Transport;
import org.peerline.api.transport.TransportStats;
import org.peerline.transport.tcp.ConnectionInfo;
import org.peerline.transport.tcp.TcpTransport;

/**
 * Registers the TCP {@link Transport} provider (RFC 793, RFC 3261 §18) with its identifying properties. Endpoints
 * opened through it are closed when it is deactivated.
 */
@Component(name = "org.peerline.transport.tcp", service = Transport.class, property = {
        Transport.PROTOCOL + "=tcp",
        Transport.RELIABLE + ":Boolean=true",
        Transport.SECURE + ":Boolean=false",
        Transport.STREAM + ":Boolean=true"})
public class TcpTransportComponent implements Transport {
    private volatile TcpTransport transport;

    @Activate
    void activate() throws IOException {
        transport = new TcpTransport();
    }

    @Deactivate
    void deactivate() {
        transport.close();
    }

    @Override public String protocol() { return transport.protocol(); }
    @Override public boolean reliable() { return transport.reliable(); }
    @Override public boolean secure() { return transport.secure(); }
    @Override public boolean stream() { return transport.stream(); }

    @Override
    public Endpoint open(EndpointOptions options, Receiver receiver) throws IOException {
        return transport.open(options, receiver);
    }

    /** Totals over every endpoint opened through this provider. */
    public TransportStats stats() {
        return transport.stats();
    }

    /** The open connections of every endpoint. */
    public List<ConnectionInfo> connections() {
        return transport.connections();
    }
}
