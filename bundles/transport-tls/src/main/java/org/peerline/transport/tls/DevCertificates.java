package org.peerline.transport.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The development identity for SIP over TLS (RFC 3261 §26.2.1; certificates per RFC 5280, names per RFC 5922 §7.1):
 * a self-signed X.509 certificate for {@code localhost}, 127.0.0.1 and ::1 (ECDSA P-256, SHA-256), made with
 * BouncyCastle and kept in a PKCS12 keystore ({@value #FILE}) so it survives restarts, plus the small helpers that
 * turn keystores into an {@link SSLContext}. Not for production: nobody but this node's clients trusts it.
 */
public final class DevCertificates {
    /** File name of the development keystore inside its folder. */
    public static final String FILE = "peerline-dev.p12";
    /** Alias of the key entry. */
    public static final String ALIAS = "peerline-dev";
    /** Lifetime of a new certificate; one expiring within a day is replaced when loaded. */
    public static final Duration VALIDITY = Duration.ofDays(825);
    private static final Logger LOG = LoggerFactory.getLogger(DevCertificates.class);

    private DevCertificates() {
    }

    /**
     * Loads {@code folder/}{@value #FILE}, or makes a new certificate and stores it there (owner-only, written
     * atomically) when the file is missing or its certificate expires within a day.
     */
    public static KeyStore loadOrCreate(Path folder, char[] password) throws IOException, GeneralSecurityException {
        Path file = folder.resolve(FILE);
        if (Files.exists(file)) {
            KeyStore ks = load(file, password);
            X509Certificate cert = certificate(ks);
            if (cert != null && cert.getNotAfter().toInstant().isAfter(Instant.now().plus(Duration.ofDays(1)))) {
                return ks;
            }
            LOG.info("TLS development certificate in {} missing or expiring: making a new one", file);
        }
        KeyStore ks = generate(password);
        Files.createDirectories(folder);
        Path tmp = Files.createTempFile(folder, FILE, ".tmp"); // owner-only on POSIX file systems
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                ks.store(out, password);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        LOG.info("TLS development certificate for localhost created in {} (SHA-256 {})", file,
                fingerprint(certificate(ks)));
        return ks;
    }

    /** Makes a PKCS12 keystore (in memory) holding a new self-signed certificate and its key under {@value #ALIAS}. */
    public static KeyStore generate(char[] password) throws IOException, GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = g.generateKeyPair();
        X500Name name = new X500Name("O=Peerline development, CN=localhost"); // BC keeps this order: JDK shows CN first
        Instant now = Instant.now();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, new BigInteger(64, new SecureRandom()),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(VALIDITY)), name, pair.getPublic());
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                new GeneralName(GeneralName.iPAddress, "::1")}));
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth})); // mutual TLS
        X509Certificate cert;
        try {
            cert = new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot sign the development certificate: " + e.getMessage(), e);
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry(ALIAS, pair.getPrivate(), password, new Certificate[] {cert});
        return ks;
    }

    /** Loads a PKCS12 keystore or trust store; the message names the file when that fails. */
    public static KeyStore load(Path file, char[] password) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            ks.load(in, password);
        } catch (IOException e) {
            throw new IOException("cannot load keystore " + file + ": " + e.getMessage(), e);
        }
        return ks;
    }

    /** The certificate of the first key entry (the development one is under {@value #ALIAS}), or null. */
    public static X509Certificate certificate(KeyStore ks) throws GeneralSecurityException {
        if (ks.isKeyEntry(ALIAS)) return (X509Certificate) ks.getCertificate(ALIAS);
        for (String alias : java.util.Collections.list(ks.aliases())) {
            if (ks.isKeyEntry(alias)) return (X509Certificate) ks.getCertificate(alias);
        }
        return null;
    }

    /**
     * A trust store with every certificate trusted by {@code base} (null: the JDK's default trusted CAs) and the
     * {@code extra} ones, such as the development certificate.
     */
    public static KeyStore trusting(KeyStore base, Certificate... extra) throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(base);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try {
            ks.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        int i = 0;
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (!(tm instanceof X509TrustManager x)) continue;
            for (X509Certificate c : x.getAcceptedIssuers()) ks.setCertificateEntry("trusted-" + i++, c);
        }
        for (Certificate c : extra) ks.setCertificateEntry("extra-" + i++, c);
        return ks;
    }

    /**
     * A TLS context presenting {@code identity} (null: none, a client without certificate) and trusting
     * {@code trust} (null: the JDK's default CAs), for both client and server connections.
     */
    public static SSLContext context(KeyStore identity, char[] password, KeyStore trust)
            throws GeneralSecurityException {
        KeyManagerFactory kmf = null;
        if (identity != null) {
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(identity, password);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }

    /** SHA-256 of the certificate's encoding, in hex, as shown by browsers and {@code keytool}. */
    public static String fingerprint(X509Certificate cert) throws GeneralSecurityException {
        return HexFormat.ofDelimiter(":").withUpperCase()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
    }
}
