package org.peerline.transport.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The development identity (RFC 3261 §26.2.1, RFC 5280 certificate profile), made once and reloaded. */
class DevCertificatesTest {
    private static final char[] PASSWORD = "secret".toCharArray();

    @Test
    void certificateIsCreatedOnceAndReloaded(@TempDir Path dir) throws Exception {
        Path folder = dir.resolve("data/tls");
        KeyStore first = DevCertificates.loadOrCreate(folder, PASSWORD);
        Path file = folder.resolve(DevCertificates.FILE);
        assertTrue(Files.isRegularFile(file));
        byte[] stored = Files.readAllBytes(file);
        KeyStore again = DevCertificates.loadOrCreate(folder, PASSWORD);
        assertArrayEquals(stored, Files.readAllBytes(file), "not rewritten");
        assertEquals(DevCertificates.certificate(first), DevCertificates.certificate(again));
        assertTrue(again.isKeyEntry(DevCertificates.ALIAS));
        try (var files = Files.list(folder)) {
            assertEquals(List.of(file), files.collect(Collectors.toList()), "no temporary file left");
        }
        IOException e = assertThrows(IOException.class, () -> DevCertificates.loadOrCreate(folder, "wrong".toCharArray()));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        Path other = dir.resolve("other");
        assertNotEquals(DevCertificates.certificate(first),
                DevCertificates.certificate(DevCertificates.loadOrCreate(other, PASSWORD)), "a new key each time");
    }

    @Test
    void certificateNamesLocalhostAndLoopbackForServerAndClient() throws Exception {
        X509Certificate cert = DevCertificates.certificate(DevCertificates.generate(PASSWORD));
        cert.checkValidity();
        cert.verify(cert.getPublicKey()); // self-signed
        assertEquals("CN=localhost,O=Peerline development", cert.getSubjectX500Principal().getName());
        Set<String> names = cert.getSubjectAlternativeNames().stream().map(n -> n.get(1).toString())
                .collect(Collectors.toSet());
        assertTrue(names.containsAll(Set.of("localhost", "127.0.0.1")), names.toString());
        assertTrue(cert.getExtendedKeyUsage().containsAll(List.of("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2")));
        assertEquals(-1, cert.getBasicConstraints(), "not a CA");
        assertEquals(95, DevCertificates.fingerprint(cert).length()); // 32 bytes as XX:XX:...
    }

    @Test
    void trustStoreKeepsTheJdkCasAndAddsTheDevelopmentCertificate() throws Exception {
        KeyStore dev = DevCertificates.generate(PASSWORD);
        X509Certificate cert = DevCertificates.certificate(dev);
        KeyStore trust = DevCertificates.trusting(null, cert);
        assertTrue(trust.size() > 1, "JDK CAs kept");
        assertTrue(trust.getCertificateAlias(cert) != null);
        SSLContext ctx = DevCertificates.context(dev, PASSWORD, trust);
        SSLEngine engine = ctx.createSSLEngine();
        assertTrue(List.of(engine.getSupportedProtocols()).contains("TLSv1.3"));
        assertEquals(1, DevCertificates.trusting(DevCertificates.trusting(null), cert).size()
                - DevCertificates.trusting(null).size());
    }
}
