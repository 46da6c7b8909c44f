package org.peerline.overlay.core;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentityTest {
    @TempDir
    Path dir;

    @Test
    void createdOnceThenReloaded() throws Exception {
        Path data = dir.resolve("node1");
        Identity first = Identity.loadOrCreate(data, Instant.parse("2025-01-01T00:00:00Z"));
        Identity again = Identity.loadOrCreate(data);
        assertEquals(first.id(), again.id());
        assertArrayEquals(first.publicKey(), again.publicKey());
        assertEquals(first.certificate(), again.certificate());
        assertEquals(Crypto.nodeId(first.publicKey()), first.id());
        byte[] msg = {1, 2, 3};
        assertTrue(Crypto.verify(again.publicKey(), msg, first.signer().sign(msg)));
        assertNotEquals(first.id(), Identity.loadOrCreate(dir.resolve("node2")).id());
    }

    @Test
    void certificateIsSelfSignedForTheNodeKey() throws Exception {
        Identity id = Identity.loadOrCreate(dir);
        var cert = id.certificate();
        cert.verify(cert.getPublicKey());
        assertArrayEquals(id.publicKey(), cert.getPublicKey().getEncoded());
        assertEquals("CN=" + id.id(), cert.getSubjectX500Principal().getName());
        cert.checkValidity();
        Files.delete(dir.resolve(Identity.CERT_FILE));
        Identity reloaded = Identity.loadOrCreate(dir);
        assertEquals(id.id(), reloaded.id());
        assertArrayEquals(id.publicKey(), reloaded.certificate().getPublicKey().getEncoded());
    }

    @Test
    void keyFileIsPrivate() throws Exception {
        Identity.loadOrCreate(dir);
        if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
            assertEquals(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                    Files.getPosixFilePermissions(dir.resolve(Identity.KEY_FILE)));
        }
        assertFalse(Files.exists(dir.resolve(Identity.KEY_FILE + ".tmp")));
    }

    @Test
    void mismatchedKeyFilesAreRefused() throws Exception {
        Identity.loadOrCreate(dir);
        Files.write(dir.resolve(Identity.PUBLIC_FILE), Signer.generate().publicKey());
        assertThrows(java.io.IOException.class, () -> Identity.loadOrCreate(dir));
        Files.write(dir.resolve(Identity.KEY_FILE), new byte[] {1, 2, 3});
        assertThrows(java.io.IOException.class, () -> Identity.loadOrCreate(dir));
    }
}
