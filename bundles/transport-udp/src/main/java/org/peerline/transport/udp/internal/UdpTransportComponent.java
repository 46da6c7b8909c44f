package org.peerline.transport.udp.internal;

import java.io.IOException;
import org.peerline.api.transport.Endpoint;
import org.peerline.api.transport.EndpointOptions;
import org.peerline.api.transport.Receiver;
import org.peerline.api.transport.Transport;
import org.peerline.api.transport.TransportStats;
import org.peerline.transport.udp.UdpTransport;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * Registers the UDP {@link Transport} provider (RFC 768, RFC 3261 §18.1.1/§18.2.1) with its identifying
 * properties. Endpoints opened through it are closed when it is deactivated.
 */
@Component(name = "org.peerline.transport.udp", service = Transport.class, property = {
        Transport.PROTOCOL + "=udp",
        Transport.RELIABLE + ":Boolean=false",
        Transport.SECURE + ":Boolean=false",
        Transport.STREAM + ":Boolean=false"})
public class UdpTransportComponent implements Transport {
    private volatile UdpTransport transport;

    @Activate
    void activate() throws IOException {
        transport = new UdpTransport();
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

    /** Number of endpoints currently open. */
    public int openEndpoints() {
        return transport.openEndpoints();
    }
}
