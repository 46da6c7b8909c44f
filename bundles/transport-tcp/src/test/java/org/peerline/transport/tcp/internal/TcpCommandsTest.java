package org.peerline.transport.tcp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.peerline.api.transport.Endpoint;
import org.peerline.api.transport.EndpointOptions;

/** The component delegates to a TcpTransport (RFC 3261 §18) and {@code transport:tcpstats} shows it. */
class TcpCommandsTest {
    @Test
    void tcpstatsShowsCountersAndConnections() throws Exception {
        TcpTransportComponent component = new TcpTransportComponent();
        component.activate();
        try {
            assertEquals("tcp", component.protocol());
            EndpointOptions options = EndpointOptions.bind(new InetSocketAddress("127.0.0.1", 0))
                    .withFramer(b -> b.remaining() >= 7 ? 7 : 0);
            Endpoint server = component.open(options, (f, m) -> { });
            Endpoint client = component.open(options, (f, m) -> { });
            client.send(server.localAddress(), ByteBuffer.wrap(new byte[7])).toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10); // the accepting side catches up
            while (component.stats().connections() < 2 && System.nanoTime() < deadline) Thread.yield();
            TcpCommands commands = new TcpCommands();
            commands.transport = component;
            String[] lines = commands.tcpstats().split("\\R");
            assertEquals(lines[0].length(), lines[1].length(), "aligned columns");
            assertTrue(lines[0].trim().startsWith("messagesIn"), lines[0]);
            String[] values = lines[1].trim().split("\\s+");
            assertEquals("1", values[1]); // messagesOut
            assertEquals("7", values[3]); // bytesOut
            assertEquals("2", values[6]); // both ends of the connection belong to this transport
            assertEquals(6, lines.length, String.join("\n", lines)); // stats, blank, header, two connections
            assertTrue(lines[3].trim().startsWith("id"), lines[3]);
            String opened = lines[4].contains("opened") ? lines[4] : lines[5];
            assertTrue(opened.contains(server.localAddress().toString()), opened);
            assertTrue(String.join("\n", lines).contains("accepted"));
        } finally {
            component.deactivate();
        }
        TcpCommands none = new TcpCommands();
        assertEquals("tcp transport not available", none.tcpstats());
    }
}
