package org.peerline.overlay.core;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.security.KeyPair;
import java.time.Instant;
import org.peerline.api.overlay.Id;
import org.peerline.api.overlay.SignedValue;

/**
 * The canonical signed encoding of a {@link SignedValue} (the "to be signed" bytes) and its wire form.
 *
 * <p>Signed bytes, big-endian: magic {@code "PLSV"}, version 1, key (20), owner length (2) and owner (X.509
 * SubjectPublicKeyInfo), seq (8), expiry in epoch milliseconds (8), value length (4) and value. Every field is
 * covered, so neither value, seq, expiry nor owner can be changed without the owner's key (BEP 44 §"mutable items"
 * signs seq and value; RFC 6940 §7.3 USER-NODE-MATCH binds the record to its owner). Ed25519 per RFC 8032.
 *
 * <p>Wire form: the signed bytes followed by signature length (2) and signature.
 */
public final class SignedValues {
    static final byte[] MAGIC = {'P', 'L', 'S', 'V'};
    static final int VERSION = 1;
    /** Largest owner key accepted (an Ed25519 SubjectPublicKeyInfo is 44 bytes). */
    public static final int MAX_OWNER_BYTES = 256;
    /** Largest signature accepted on the wire. */
    public static final int MAX_SIGNATURE_BYTES = 256;
    /**
     * Signed bytes and signatures that verified, so the same value arriving again (from each replica of a GET, on
     * every re-replication) is not verified again: an Ed25519 verification costs ~100 us, the map lookup compares
     * the bytes. Bounded; cleared when full.
     */
    private static final java.util.Map<ByteBuffer, Boolean> VERIFIED = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int VERIFIED_MAX = 8192;

    private SignedValues() {
    }

    /** The bytes the owner signs. Expiry is taken in whole milliseconds. */
    public static byte[] toBeSigned(Id key, byte[] owner, long seq, Instant expires, byte[] value) {
        if (owner.length > MAX_OWNER_BYTES) throw new IllegalArgumentException("owner key too long: " + owner.length);
        ByteBuffer b = ByteBuffer.allocate(4 + 1 + Id.BYTES + 2 + owner.length + 8 + 8 + 4 + value.length);
        b.put(MAGIC).put((byte) VERSION).put(key.toBytes()).putShort((short) owner.length).put(owner).putLong(seq)
                .putLong(expires.toEpochMilli()).putInt(value.length).put(value);
        return b.array();
    }

    /** Signs a value (empty for a tombstone) with the owner's key pair; expiry is truncated to milliseconds. */
    public static SignedValue sign(Id key, byte[] value, long seq, Instant expires, KeyPair owner) {
        return sign(key, value, seq, expires, new Signer(owner));
    }

    public static SignedValue sign(Id key, byte[] value, long seq, Instant expires, Signer owner) {
        Instant millis = Instant.ofEpochMilli(expires.toEpochMilli());
        byte[] ownerKey = owner.publicKey();
        byte[] signature = owner.sign(toBeSigned(key, ownerKey, seq, millis, value));
        return new SignedValue(key, value, ownerKey, seq, millis, signature);
    }

    /** Whether the signature verifies with the value's owner key. Never throws; null or malformed input is false. */
    public static boolean verify(SignedValue v) {
        if (v == null) return false;
        try {
            if (v.expires().getNano() % 1_000_000 != 0) return false; // not what was signed
            byte[] owner = v.owner();
            if (owner.length > MAX_OWNER_BYTES) return false;
            byte[] tbs = toBeSigned(v.key(), owner, v.seq(), v.expires(), v.value());
            ByteBuffer seen = ByteBuffer.allocate(tbs.length + v.signature().length).put(tbs).put(v.signature());
            if (VERIFIED.containsKey(seen.flip())) return true;
            if (!Crypto.verify(owner, tbs, v.signature())) return false;
            if (VERIFIED.size() >= VERIFIED_MAX) VERIFIED.clear();
            VERIFIED.put(seen, Boolean.TRUE);
            return true;
        } catch (RuntimeException e) { // e.g. an expiry beyond the epoch-millisecond range
            return false;
        }
    }

    /** The wire form: signed bytes, then the signature. */
    public static byte[] encode(SignedValue v) {
        byte[] tbs = toBeSigned(v.key(), v.owner(), v.seq(), v.expires(), v.value());
        byte[] sig = v.signature();
        ByteArrayOutputStream out = new ByteArrayOutputStream(tbs.length + 2 + sig.length);
        out.writeBytes(tbs);
        out.write(sig.length >>> 8);
        out.write(sig.length);
        out.writeBytes(sig);
        return out.toByteArray();
    }

    /** Decodes the wire form; every length is checked against what remains. The signature is not verified here. */
    public static SignedValue decode(byte[] data) throws WireException {
        ByteBuffer b = ByteBuffer.wrap(data);
        byte[] magic = take(b, 4, "magic");
        if (magic[0] != MAGIC[0] || magic[1] != MAGIC[1] || magic[2] != MAGIC[2] || magic[3] != MAGIC[3]) {
            throw new WireException("signed value: bad magic");
        }
        int version = take(b, 1, "version")[0] & 0xff;
        if (version != VERSION) throw new WireException("signed value: unsupported version " + version);
        Id key = Id.of(take(b, Id.BYTES, "key"));
        int ownerLength = u16(b, "owner length");
        if (ownerLength > MAX_OWNER_BYTES) {
            throw new WireException("signed value: owner key of " + ownerLength + " bytes");
        }
        byte[] owner = take(b, ownerLength, "owner");
        long seq = ByteBuffer.wrap(take(b, 8, "seq")).getLong();
        long expires = ByteBuffer.wrap(take(b, 8, "expiry")).getLong();
        int valueLength = ByteBuffer.wrap(take(b, 4, "value length")).getInt();
        if (valueLength < 0 || valueLength > b.remaining()) {
            throw new WireException("signed value: value length " + valueLength + " exceeds the " + b.remaining()
                    + " bytes left");
        }
        byte[] value = take(b, valueLength, "value");
        int sigLength = u16(b, "signature length");
        if (sigLength > MAX_SIGNATURE_BYTES) {
            throw new WireException("signed value: signature of " + sigLength + " bytes");
        }
        byte[] signature = take(b, sigLength, "signature");
        if (b.hasRemaining()) throw new WireException("signed value: " + b.remaining() + " trailing bytes");
        return new SignedValue(key, value, owner, seq, Instant.ofEpochMilli(expires), signature);
    }

    private static int u16(ByteBuffer b, String what) throws WireException {
        byte[] x = take(b, 2, what);
        return ((x[0] & 0xff) << 8) | (x[1] & 0xff);
    }

    private static byte[] take(ByteBuffer b, int n, String what) throws WireException {
        if (n > b.remaining()) {
            throw new WireException("signed value: " + what + " needs " + n + " bytes, " + b.remaining() + " left");
        }
        byte[] x = new byte[n];
        b.get(x);
        return x;
    }
}
