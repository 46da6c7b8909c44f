package org.peerline.transport.tls.internal;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.peerline.api.transport.Endpoint;
import org.peerline.api.transport.EndpointOptions;
import org.peerline.api.transport.Receiver;
import org.peerline.api.transport.Transport;
import org.peerline.api.transport.TransportStats;
import org.peerline.transport.tcp.ConnectionInfo;
import org.peerline.transport.tcp.TcpTransport;
import org.peerline.transport.tls.DevCertificates;
import org.peerline.transport.tls.TlsCodecs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the TLS {@link Transport} provider (RFC 3261 §26.2, RFC 8446/5246 over RFC 793) with its identifying
 * properties. Its identity is the configured keystore or, in development mode, a self-signed certificate for
 * localhost kept in the data folder; it trusts the configured trust store or the JDK's CAs, plus that certificate in
 * development mode. Endpoints opened through it are closed when it is deactivated or reconfigured.
 */
@Component(name = "org.peerline.transport.tls", service = Transport.class, property = {
        Transport.PROTOCOL + "=tls",
        Transport.RELIABLE + ":Boolean=true",
        Transport.SECURE + ":Boolean=true",
        Transport.STREAM + ":Boolean=true"})
@Designate(ocd = TlsTransportComponent.Config.class)
public class TlsTransportComponent implements Transport {
    /** Framework property naming Peerline's data folder; the development keystore goes to its {@code tls}. */
    static final String DATA_PROPERTY = "peerline.data";
    private static final Logger LOG = LoggerFactory.getLogger(TlsTransportComponent.class);

    @ObjectClassDefinition(id = "org.peerline.transport.tls", name = "Peerline Transport: TLS",
            description = "SIP over TLS (RFC 3261 §26.2) on the TCP engine")
    public @interface Config {
        @AttributeDefinition(description = "PKCS12 keystore with this node's certificate and key; empty: the "
                + "development certificate (in development mode)")
        String keystore() default "";

        /** Property {@code .keystorePassword}: private (leading dot), so never a service property. */
        @AttributeDefinition(type = AttributeType.PASSWORD, description = "password of the keystore, also used "
                + "for the development keystore")
        String _keystorePassword() default "peerline";

        @AttributeDefinition(description = "PKCS12 trust store of the certificates to trust; empty: the JDK's CAs")
        String truststore() default "";

        /** Property {@code .truststorePassword}: private, like the keystore's. */
        @AttributeDefinition(type = AttributeType.PASSWORD, description = "password of the trust store")
        String _truststorePassword() default "";

        @AttributeDefinition(description = "servers require client certificates (mutual TLS)")
        boolean needClientAuth() default false;

        @AttributeDefinition(description = "clients check a named server's certificate against its name")
        boolean verifyHostname() default true;

        @AttributeDefinition(description = "development mode: make once, present and trust a self-signed "
                + "certificate for localhost, 127.0.0.1 and ::1")
        boolean devMode() default true;

        @AttributeDefinition(description = "folder of the development keystore; empty: ${peerline.data}/tls if "
                + "that framework property is set, else the bundle's data area")
        String devFolder() default "";
    }

    private volatile TcpTransport transport;

    @Activate
    void activate(BundleContext context, Config config) throws IOException, GeneralSecurityException {
        char[] password = config._keystorePassword().toCharArray();
        KeyStore identity = config.keystore().isBlank() ? null : DevCertificates.load(Path.of(config.keystore()),
                password);
        KeyStore trust = config.truststore().isBlank() ? null : DevCertificates.load(Path.of(config.truststore()),
                config._truststorePassword().toCharArray());
        if (config.devMode()) {
            KeyStore dev = DevCertificates.loadOrCreate(devFolder(context, config), password);
            if (identity == null) identity = dev;
            trust = DevCertificates.trusting(trust, DevCertificates.certificate(dev));
        }
        SSLContext ssl = DevCertificates.context(identity, password, trust);
        transport = new TlsCodecs(ssl, config.needClientAuth(), config.verifyHostname()).transport();
        X509Certificate cert = identity == null ? null : DevCertificates.certificate(identity);
        if (cert == null) LOG.warn("TLS transport has no certificate: accepted connections will fail their handshake");
        else LOG.info("TLS transport presents {} (until {}, SHA-256 {})", cert.getSubjectX500Principal().getName(),
                cert.getNotAfter().toInstant(), DevCertificates.fingerprint(cert));
    }

    @Deactivate
    void deactivate() {
        transport.close();
    }

    static Path devFolder(BundleContext context, Config config) throws IOException {
        if (!config.devFolder().isBlank()) return Path.of(config.devFolder());
        String data = context.getProperty(DATA_PROPERTY);
        if (data != null && !data.isBlank()) return Path.of(data, "tls");
        File area = context.getDataFile("tls");
        if (area == null) throw new IOException("no folder for the TLS development keystore: set devFolder");
        return area.toPath();
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
