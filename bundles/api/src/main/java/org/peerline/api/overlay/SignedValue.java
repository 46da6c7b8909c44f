package org.peerline.api.overlay;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * A value stored under a key, signed by its owner. Each owner has at most one value per key (as BEP 44 mutable
 * items and RFC 6940 USER-NODE-MATCH): storing nodes keep the one with the highest {@code seq}, reject a lower or
 * equal {@code seq} (replays), and reject anything whose signature does not verify with {@code owner}. A removal is
 * a signed value with an empty {@code value} and a higher {@code seq} (a tombstone).
 *
 * <p>The signature covers the overlay-core's canonical encoding of key, owner, seq, expiry and value; the API only
 * carries the fields, so values move unchanged between algorithms (what a live swap re-publishes). Instances are
 * immutable: arrays are copied in and out.
 */
public final class SignedValue {
    private final Id key;
    private final byte[] value;
    private final byte[] owner;
    private final long seq;
    private final Instant expires;
    private final byte[] signature;

    /**
     * @param key the key
     * @param value the value bytes, empty for a tombstone
     * @param owner the owner's public key, X.509 SubjectPublicKeyInfo encoding
     * @param seq the owner's sequence number for this key, increasing with every write
     * @param expires when the value lapses (its lifetime ends)
     * @param signature the owner's signature
     */
    public SignedValue(Id key, byte[] value, byte[] owner, long seq, Instant expires, byte[] signature) {
        this.key = Objects.requireNonNull(key, "key");
        this.value = value.clone();
        this.owner = owner.clone();
        this.seq = seq;
        this.expires = Objects.requireNonNull(expires, "expires");
        this.signature = signature.clone();
    }

    public Id key() {
        return key;
    }

    public byte[] value() {
        return value.clone();
    }

    public byte[] owner() {
        return owner.clone();
    }

    public long seq() {
        return seq;
    }

    public Instant expires() {
        return expires;
    }

    public byte[] signature() {
        return signature.clone();
    }

    /** Whether this is a removal marker. */
    public boolean isTombstone() {
        return value.length == 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SignedValue v && key.equals(v.key) && seq == v.seq && expires.equals(v.expires)
                && Arrays.equals(value, v.value) && Arrays.equals(owner, v.owner)
                && Arrays.equals(signature, v.signature);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, seq, Arrays.hashCode(owner), Arrays.hashCode(signature));
    }

    @Override
    public String toString() {
        return "SignedValue[key=" + key + ", seq=" + seq + ", expires=" + expires + ", " + value.length + " bytes]";
    }
}
