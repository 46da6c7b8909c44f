package org.peerline.p2psip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.peerline.api.overlay.Id;
import org.peerline.sip.auth.Digest;

/** The binding record's text form and its proof (issue 5 item 7). */
class BindingRecordTest {
    private static final byte[] OWNER = "owner-public-key".getBytes(StandardCharsets.UTF_8);
    private static final String HA1 = Digest.Algorithm.MD5.hash("alice:p2p.test:secret");

    @Test
    void encodesDecodesAndProves() {
        BindingRecord r = BindingRecord.sign("alice@p2p.test", "p2p.test", "sip:127.0.0.1:5062;transport=udp",
                1_800_000_000L, HA1, OWNER);
        BindingRecord back = BindingRecord.decode(r.encode());
        assertEquals(r, back);
        assertEquals("alice", back.user());
        assertTrue(back.proves(HA1, OWNER));
        assertFalse(back.proves(Digest.Algorithm.MD5.hash("alice:p2p.test:guess"), OWNER), "another password");
        assertFalse(back.proves(HA1, "another-node".getBytes(StandardCharsets.UTF_8)), "another writer");
        BindingRecord moved = new BindingRecord(r.aor(), r.realm(), "sip:10.0.0.9:5062", r.expires(), r.proof());
        assertFalse(moved.proves(HA1, OWNER), "the proof covers the node URI");
        assertTrue(new String(r.encode(), StandardCharsets.UTF_8).startsWith("P2PSIP/1\naor: alice@p2p.test\n"));
        assertEquals(Id.of("sip:alice@p2p.test"), BindingRecord.key("alice@p2p.test"));
    }

    @Test
    void rejectsMalformedRecords() {
        for (String bad : new String[] {"", "P2PSIP/2\naor: a@b\nrealm: r\nnode: n\nexpires: 1\nproof: AA\n",
                "P2PSIP/1\naor: nobody\nrealm: r\nnode: n\nexpires: 1\nproof: AA\n",
                "P2PSIP/1\naor: a@b\nrealm: r\nnode: n\nexpires: soon\nproof: AA\n",
                "P2PSIP/1\naor: a@b\nrealm: r\nnode: n\nexpires: 1\nproof: AA\n"}) {
            assertThrows(IllegalArgumentException.class, () -> BindingRecord.decode(bad.getBytes(StandardCharsets.UTF_8)), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> BindingRecord.decode(new byte[BindingRecord.MAX_BYTES + 1]));
    }
}
