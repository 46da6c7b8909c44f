package org.peerline.sip.interop;

import static org.junit.jupiter.api.Assertions.*;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerline.api.transport.Transport;
import org.peerline.sip.message.Request;
import org.peerline.sip.message.Response;
import org.peerline.sip.message.SipUri;
import org.peerline.sip.stack.SipStack;
import org.peerline.sip.transaction.Timers;
import org.peerline.sip.ua.UserAgent;
import org.peerline.transport.tls.DevCertificates;
import org.peerline.transport.tls.TlsCodecs;

/**
 * SIP over TLS (RFC 3261 §26.2): OpenSSL's s_client (an implementation nobody here wrote; Debian's sipp is built
 * without TLS) sends OPTIONS to a Peerline UA; two Peerline UAs exchange a sips: OPTIONS over TLS.
 */
class TlsInteropTest {
    private static final char[] PASSWORD = "changeit".toCharArray();
    @TempDir
    Path dir;
    private Transport tls;
    private SipStack server;
    private SipStack client;
    private InetSocketAddress serverAddress;

    @BeforeEach
    void start() throws Exception {
        KeyStore id = DevCertificates.loadOrCreate(dir, PASSWORD);
        SSLContext ctx = DevCertificates.context(id, PASSWORD, DevCertificates.trusting(null, DevCertificates.certificate(id)));
        tls = new TlsCodecs(ctx, false, true).transport();
        server = new SipStack(Timers.DEFAULT, null);
        serverAddress = server.listen(tls, new InetSocketAddress("127.0.0.1", 0));
        new UserAgent(server.core(), "service", new UserAgent.Application() { });
        client = new SipStack(Timers.DEFAULT, null);
        client.listen(tls, new InetSocketAddress("127.0.0.1", 0));
    }

    @AfterEach
    void stop() throws Exception {
        if (client != null) client.close();
        if (server != null) server.close();
        if (tls instanceof AutoCloseable c) c.close();
    }

    @Test
    void peerlineToPeerlineOverTls() throws Exception {
        UserAgent ua = new UserAgent(client.core(), "alice", new UserAgent.Application() { });
        SipUri target = new SipUri(true, "service", "127.0.0.1", serverAddress.getPort());
        Request opt = client.call(() -> CompletableFuture.completedFuture(ua.newRequest("OPTIONS", target, null)))
                .get(5, TimeUnit.SECONDS);
        assertTrue(opt.header("Via").startsWith("SIP/2.0/TLS "), opt.header("Via"));
        Response r = client.call(() -> ua.send(opt)).get(20, TimeUnit.SECONDS);
        assertEquals(200, r.status());
    }

    @Test
    void opensslClientGetsAnAnswer() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl is not installed");
        Process p = new ProcessBuilder("/usr/bin/openssl", "s_client", "-connect", "127.0.0.1:" + serverAddress.getPort(),
                "-quiet", "-ign_eof").redirectError(dir.resolve("openssl.err").toFile()).start();
        try {
            String options = "OPTIONS sip:service@127.0.0.1:" + serverAddress.getPort() + ";transport=tls SIP/2.0\r\n"
                    + "Via: SIP/2.0/TLS 127.0.0.1:5061;branch=z9hG4bKopenssl1\r\nMax-Forwards: 70\r\n"
                    + "From: <sip:openssl@127.0.0.1>;tag=o1\r\nTo: <sip:service@127.0.0.1>\r\nCall-ID: openssl-1\r\n"
                    + "CSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n";
            OutputStream in = p.getOutputStream();
            in.write(options.getBytes(StandardCharsets.US_ASCII));
            in.flush();
            InputStream out = p.getInputStream();
            StringBuilder reply = new StringBuilder();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (!reply.toString().contains("\r\n\r\n") && System.nanoTime() < deadline) {
                if (out.available() > 0) reply.append((char) out.read());
                else if (!p.isAlive()) break;
                else p.waitFor(10, TimeUnit.MILLISECONDS);
            }
            assertTrue(reply.toString().startsWith("SIP/2.0 200 OK\r\n"),
                    reply + Files.readString(dir.resolve("openssl.err")));
        } finally {
            p.destroy();
            if (!p.waitFor(5, TimeUnit.SECONDS)) p.destroyForcibly();
        }
    }
}
