package org.peerline.transport.tls;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.peerline.api.transport.EndpointOptions;
import org.peerline.api.transport.Flow;
import org.peerline.transport.tcp.StreamCodec;
import org.peerline.transport.tcp.TcpTransport;

/**
 * SIP over TLS (RFC 3261 §26.2, RFC 8446/5246) on the TCP engine: gives each connection an SSLEngine codec. The TLS
 * context is the endpoint's {@link EndpointOptions#tls()} if set, else the default given here. A client checks the
 * server's name (RFC 5922 §7.2 spirit, RFC 6125; endpoint identification "HTTPS") when the peer was named, not
 * given as an IP literal, and sends it as SNI (RFC 6066 §3); a server asks for a client certificate (mutual TLS,
 * RFC 5922 §7.4) when the endpoint options or this factory say so.
 */
public final class TlsCodecs implements StreamCodec.Factory {
    private final SSLContext context;
    private final boolean needClientAuth;
    private final boolean verifyHostname;

    /**
     * @param context the default TLS context, null if every endpoint brings its own
     * @param needClientAuth whether servers require client certificates on every endpoint
     * @param verifyHostname whether clients check a named peer's certificate against its name
     */
    public TlsCodecs(SSLContext context, boolean needClientAuth, boolean verifyHostname) {
        this.context = context;
        this.needClientAuth = needClientAuth;
        this.verifyHostname = verifyHostname;
    }

    /** A {@code tls} transport (secure, reliable, stream) with these codecs; starts its I/O thread. */
    public TcpTransport transport() throws IOException {
        return new TcpTransport("tls", true, this);
    }

    @Override
    public StreamCodec create(Flow flow, boolean client, EndpointOptions options) throws IOException {
        SSLContext ctx = options.tls() != null ? options.tls() : context;
        if (ctx == null) throw new IOException("no TLS context for " + flow);
        InetSocketAddress peer = flow.remote();
        String host = client && named(peer) ? peer.getHostString() : null;
        SSLEngine engine = host != null ? ctx.createSSLEngine(host, peer.getPort()) : ctx.createSSLEngine();
        engine.setUseClientMode(client);
        SSLParameters p = engine.getSSLParameters();
        if (host != null && verifyHostname) {
            p.setEndpointIdentificationAlgorithm("HTTPS");
            try {
                p.setServerNames(List.of(new SNIHostName(host)));
            } catch (IllegalArgumentException notADnsName) {
                // no SNI; the name is still checked
            }
        }
        if (!client && (needClientAuth || options.needClientAuth())) p.setNeedClientAuth(true);
        engine.setSSLParameters(p);
        return new TlsCodec(engine);
    }

    /** Whether the address was given by name rather than as an IPv4 or IPv6 literal. */
    static boolean named(InetSocketAddress a) {
        String h = a.getHostString();
        return h.indexOf(':') < 0 && !h.chars().allMatch(c -> c == '.' || Character.isDigit(c));
    }
}
