package org.peerline.transport.tls.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.peerline.api.transport.Endpoint;
import org.peerline.api.transport.EndpointOptions;
import org.peerline.api.transport.Transport;
import org.peerline.transport.tls.DevCertificates;

/** The TLS component (RFC 3261 §26.2) in development mode, and {@code transport:tlsstats}. */
class TlsCommandsTest {
    static BundleContext context(Map<String, String> properties) {
        return (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getProperty" -> properties.get((String) args[0]);
                    case "getDataFile" -> null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    static TlsTransportComponent.Config config(Map<String, Object> values) {
        return (TlsTransportComponent.Config) Proxy.newProxyInstance(TlsTransportComponent.Config.class
                .getClassLoader(), new Class<?>[] {TlsTransportComponent.Config.class},
                (proxy, method, args) -> values.getOrDefault(method.getName(), method.getDefaultValue()));
    }

    @Test
    void devModeKeepsItsCertificateInPeerlineDataAndTlsstatsShowsTheTransport(@TempDir Path dir) throws Exception {
        BundleContext bc = context(Map.of(TlsTransportComponent.DATA_PROPERTY, dir.toString()));
        Path keystore = dir.resolve("tls").resolve(DevCertificates.FILE);
        TlsTransportComponent component = new TlsTransportComponent();
        component.activate(bc, config(Map.of()));
        byte[] created = Files.readAllBytes(keystore);
        try {
            assertEquals("tls", component.protocol());
            assertTrue(component.reliable() && component.secure() && component.stream());
            EndpointOptions options = EndpointOptions.bind(new InetSocketAddress("127.0.0.1", 0))
                    .withFramer(b -> b.remaining() >= 7 ? 7 : 0);
            Endpoint server = component.open(options, (f, m) -> { });
            Endpoint client = component.open(options, (f, m) -> { });
            client.send(new InetSocketAddress("localhost", server.localAddress().getPort()), ByteBuffer.wrap(new byte[7]))
                    .toCompletableFuture().get(10, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10); // the accepting side catches up
            while (component.stats().connections() < 2 && System.nanoTime() < deadline) Thread.yield();
            TlsCommands commands = new TlsCommands();
            commands.transport = component;
            String[] lines = commands.tlsstats().split("\\R");
            assertEquals(lines[0].length(), lines[1].length(), "aligned columns");
            String[] values = lines[1].trim().split("\\s+");
            assertEquals("1", values[1]); // messagesOut
            assertEquals("7", values[3]); // bytesOut
            assertEquals("0", values[5]); // errors
            assertEquals("2", values[6]); // connections
            assertEquals(6, lines.length, String.join("\n", lines));
        } finally {
            component.deactivate();
        }
        Transport again = new TlsTransportComponent();
        ((TlsTransportComponent) again).activate(bc, config(Map.of()));
        ((TlsTransportComponent) again).deactivate();
        assertTrue(java.util.Arrays.equals(created, Files.readAllBytes(keystore)), "reloaded, not made again");
        assertEquals("tls transport not available", new TlsCommands().tlsstats());
    }

    @Test
    void devFolderSettingWins(@TempDir Path dir) throws Exception {
        Path folder = dir.resolve("elsewhere");
        assertEquals(folder, TlsTransportComponent.devFolder(context(Map.of(TlsTransportComponent.DATA_PROPERTY, "x")),
                config(Map.of("devFolder", folder.toString()))));
        assertEquals(Path.of("x", "tls"), TlsTransportComponent.devFolder(
                context(Map.of(TlsTransportComponent.DATA_PROPERTY, "x")), config(Map.of())));
    }
}
