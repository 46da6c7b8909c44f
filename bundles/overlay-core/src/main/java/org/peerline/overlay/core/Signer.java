package org.peerline.overlay.core;

import java.security.KeyPair;
import java.util.Objects;
import org.peerline.api.overlay.Id;

/** An Ed25519 key pair (RFC 8032) used to sign values and messages; its owner id is SHA-1 of the public key. */
public final class Signer {
    private final KeyPair keyPair;
    private final byte[] publicKey;
    private final Id id;

    public Signer(KeyPair keyPair) {
        this.keyPair = Objects.requireNonNull(keyPair, "keyPair");
        if (!Crypto.ALGORITHM.equalsIgnoreCase(keyPair.getPublic().getAlgorithm())
                && !"EdDSA".equalsIgnoreCase(keyPair.getPublic().getAlgorithm())) {
            throw new IllegalArgumentException("not an Ed25519 key: " + keyPair.getPublic().getAlgorithm());
        }
        this.publicKey = keyPair.getPublic().getEncoded();
        this.id = Crypto.nodeId(publicKey);
    }

    /** A signer with a fresh key pair. */
    public static Signer generate() {
        return new Signer(Crypto.generateKeyPair());
    }

    public KeyPair keyPair() {
        return keyPair;
    }

    /** The public key, X.509 SubjectPublicKeyInfo. */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** SHA-1 of the public key. */
    public Id id() {
        return id;
    }

    public byte[] sign(byte[] data) {
        return Crypto.sign(keyPair.getPrivate(), data);
    }

    /**
     * A reproducible key pair from a seed, for simulations and tests only (SHA1PRNG seeded before first use is
     * deterministic); real nodes use {@link #generate()} or an {@link Identity}.
     */
    public static Signer seeded(long seed) {
        try {
            java.security.SecureRandom r = java.security.SecureRandom.getInstance("SHA1PRNG");
            r.setSeed(seed);
            java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance(Crypto.ALGORITHM);
            g.initialize(java.security.spec.NamedParameterSpec.ED25519, r);
            return new Signer(g.generateKeyPair());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is part of every Java 15+ platform", e);
        }
    }
}
