package org.peerline.launcher;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminClientTest {
    @Test
    void splitsAtTopLevelSemicolons() {
        assertEquals(List.of("lb", "peerline:status"), AdminClient.split("lb; peerline:status"));
        assertEquals(List.of("echo 'a;b'", "each [1 2] { echo $it; echo x }"),
                AdminClient.split("echo 'a;b'; each [1 2] { echo $it; echo x };"));
        assertEquals(List.of("echo \"x\\\";y\""), AdminClient.split("echo \"x\\\";y\""));
        assertEquals(List.of(), AdminClient.split(" ; "));
    }

    @Test
    void parsesTargets() throws IOException {
        assertEquals(8101, AdminClient.address("8101").getPort());
        assertEquals("127.0.0.1", AdminClient.address("8101").getHostString());
        assertEquals(5, AdminClient.address("[::1]:5").getPort());
        assertThrows(IOException.class, () -> AdminClient.address("host:port"));
    }

    @Test
    void explainsMissingNodeAndSecret(@TempDir Path data) {
        IOException e = assertThrows(IOException.class, () -> AdminClient.connect(null, data));
        assertTrue(e.getMessage().startsWith("no running node uses the data folder"), e.getMessage());
        e = assertThrows(IOException.class, () -> AdminClient.connect("1", data));
        assertTrue(e.getMessage().startsWith("no admin secret in"), e.getMessage());
    }
}
