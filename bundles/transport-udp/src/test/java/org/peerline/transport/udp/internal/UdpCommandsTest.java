package org.peerline.transport.udp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.peerline.api.transport.Endpoint;
import org.peerline.api.transport.EndpointOptions;

/** The component delegates to a UdpTransport (RFC 768) and {@code transport:udpstats} shows its counters. */
class UdpCommandsTest {
    @Test
    void udpstatsShowsCountersOfTheComponent() throws Exception {
        UdpTransportComponent component = new UdpTransportComponent();
        component.activate();
        try {
            assertEquals("udp", component.protocol());
            Endpoint ep = component.open(EndpointOptions.bind(new InetSocketAddress("127.0.0.1", 0)), (f, m) -> { });
            ep.send(ep.localAddress(), ByteBuffer.wrap(new byte[7])).toCompletableFuture().get(10, TimeUnit.SECONDS);
            UdpCommands commands = new UdpCommands();
            commands.transport = component;
            String[] lines = commands.udpstats().split("\\R");
            assertEquals(2, lines.length);
            assertEquals(lines[0].length(), lines[1].length(), "aligned columns");
            assertTrue(lines[0].trim().startsWith("messagesIn"), lines[0]);
            String[] values = lines[1].trim().split("\\s+");
            assertEquals("1", values[1]); // messagesOut
            assertEquals("7", values[3]); // bytesOut
            assertEquals("1", values[6]); // open endpoints
        } finally {
            component.deactivate();
        }
    }
}
