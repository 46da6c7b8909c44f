package org.peerline.core.internal;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminShellTest {
    @Test
    void parsesAddresses() throws IOException {
        assertEquals(new InetSocketAddress("127.0.0.1", 8101), AdminShell.parse("127.0.0.1:8101"));
        assertEquals(new InetSocketAddress("127.0.0.1", 0), AdminShell.parse("0"));
        assertEquals(8101, AdminShell.parse("[::1]:8101").getPort());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AdminShell.parse("x:y"));
        assertEquals("admin address 'x:y' is not host:port", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> AdminShell.parse("127.0.0.1:70000"));
        assertEquals("[0:0:0:0:0:0:0:1]:5", AdminShell.hostPort(new InetSocketAddress("::1", 5)));
    }

    @Test
    void secretIsCreatedOnceAndPrivate(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("sub/admin.secret");
        byte[] first = AdminShell.loadSecret(f);
        assertEquals(48, first.length, "24 random bytes in hex");
        assertArrayEquals(first, AdminShell.loadSecret(f), "kept across starts");
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(f));
    }
}
