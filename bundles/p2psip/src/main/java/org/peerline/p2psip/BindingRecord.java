package org.peerline.p2psip;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.peerline.api.overlay.Id;

/**
 * What a node stores in the overlay for an address of record it serves (issue 5 items 2 and 7): the AOR, the realm
 * of the user's password, the node's SIP URI (where callers' nodes forward), the expiry, and a <b>proof</b> that the
 * node knew the user's password when it wrote the record: HMAC-SHA256 keyed with HA1 = MD5(user:realm:password)
 * (RFC 2617 §3.2.2.2) over the AOR, realm, the writer's overlay public key (the signed value's owner), node URI and
 * expiry. The overlay signature proves which node wrote it; the proof binds that node to the user, so a node that
 * does not know the password cannot claim the user (checked by every reader that knows it).
 *
 * <p>Versioned text, one field a line, at most {@link #MAX_BYTES}:
 * <pre>
 * P2PSIP/1
 * aor: alice@example.com
 * realm: example.com
 * node: sip:192.0.2.1:5062;transport=udp
 * expires: 1763900000          (seconds since the epoch)
 * proof: base64url(HMAC)
 * </pre>
 */
public record BindingRecord(String aor, String realm, String node, long expires, byte[] proof) {
    public static final String VERSION = "P2PSIP/1";
    public static final int MAX_BYTES = 1024;

    /** The overlay key of an AOR: SHA-1 of {@code sip:user@domain} ({@link Id#of(String)}). */
    public static Id key(String aor) {
        return Id.of("sip:" + aor);
    }

    /** A record with its proof computed from {@code ha1} (hex) and the writer's public key. */
    public static BindingRecord sign(String aor, String realm, String node, long expires, String ha1, byte[] owner) {
        return new BindingRecord(aor, realm, node, expires, proof(ha1, aor, realm, owner, node, expires));
    }

    /** Whether the proof is the one {@code ha1} gives for a record written by {@code owner}. */
    public boolean proves(String ha1, byte[] owner) {
        return MessageDigest.isEqual(proof, proof(ha1, aor, realm, owner, node, expires));
    }

    /** The user part of the AOR. */
    public String user() {
        return aor.substring(0, aor.lastIndexOf('@'));
    }

    public byte[] encode() {
        String text = VERSION + "\naor: " + aor + "\nrealm: " + realm + "\nnode: " + node + "\nexpires: " + expires
                + "\nproof: " + Base64.getUrlEncoder().withoutPadding().encodeToString(proof) + "\n";
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Parses a record; throws IllegalArgumentException naming the problem (readers count it and move on). */
    public static BindingRecord decode(byte[] bytes) {
        if (bytes.length > MAX_BYTES) throw new IllegalArgumentException("record of " + bytes.length + " bytes");
        String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n");
        if (lines.length != 6 || !lines[0].equals(VERSION)) throw new IllegalArgumentException("not a " + VERSION + " record");
        String aor = field(lines[1], "aor"), realm = field(lines[2], "realm"), node = field(lines[3], "node");
        if (aor.lastIndexOf('@') <= 0) throw new IllegalArgumentException("aor is not user@domain");
        try {
            long expires = Long.parseLong(field(lines[4], "expires"));
            byte[] proof = Base64.getUrlDecoder().decode(field(lines[5], "proof"));
            if (proof.length != 32) throw new IllegalArgumentException("proof is not 32 bytes");
            return new BindingRecord(aor, realm, node, expires, proof);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad expires");
        }
    }

    private static String field(String line, String name) {
        if (!line.startsWith(name + ": ") || line.length() == name.length() + 2) {
            throw new IllegalArgumentException("expected '" + name + ": ...'");
        }
        return line.substring(name.length() + 2);
    }

    /** HMAC-SHA256(HA1, len|aor len|realm len|owner len|node expires), lengths as 4-byte big-endian. */
    static byte[] proof(String ha1, String aor, String realm, byte[] owner, String node, long expires) {
        byte[][] parts = {aor.getBytes(StandardCharsets.UTF_8), realm.getBytes(StandardCharsets.UTF_8), owner,
                node.getBytes(StandardCharsets.UTF_8)};
        int size = 8;
        for (byte[] p : parts) size += 4 + p.length;
        ByteBuffer data = ByteBuffer.allocate(size);
        for (byte[] p : parts) data.putInt(p.length).put(p);
        data.putLong(expires);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(ha1.getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
            return mac.doFinal(data.array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BindingRecord r && aor.equals(r.aor) && realm.equals(r.realm) && node.equals(r.node)
                && expires == r.expires && MessageDigest.isEqual(proof, r.proof);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(aor, realm, node, expires);
    }

    @Override
    public String toString() {
        return "BindingRecord[" + aor + " at " + node + " until " + expires + "]";
    }
}
