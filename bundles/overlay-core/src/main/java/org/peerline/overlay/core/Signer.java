package org.peerline.overlay.core;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Objects;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.peerline.api.overlay.Id;

/**
 * An Ed25519 key pair (RFC 8032 §5.1.5) used to sign values and messages; its owner id is SHA-1 of the public key.
 * Signs with BouncyCastle's lightweight API ({@link Crypto}); the JDK form of the keys is made when asked for.
 */
public final class Signer {
    private final Ed25519PrivateKeyParameters key;
    private final byte[] publicKey;
    private final Id id;
    private volatile KeyPair keyPair;

    public Signer(KeyPair keyPair) {
        Objects.requireNonNull(keyPair, "keyPair");
        if (!Crypto.ALGORITHM.equalsIgnoreCase(keyPair.getPublic().getAlgorithm())
                && !"EdDSA".equalsIgnoreCase(keyPair.getPublic().getAlgorithm())) {
            throw new IllegalArgumentException("not an Ed25519 key: " + keyPair.getPublic().getAlgorithm());
        }
        try {
            this.key = Crypto.privateKey(keyPair.getPrivate());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 private key: " + e.getMessage(), e);
        }
        this.keyPair = keyPair;
        this.publicKey = keyPair.getPublic().getEncoded();
        this.id = Crypto.nodeId(publicKey);
    }

    private Signer(Ed25519PrivateKeyParameters key) {
        this.key = key;
        this.publicKey = Crypto.x509(key.generatePublicKey());
        this.id = Crypto.nodeId(publicKey);
    }

    /** A signer with a fresh key pair. */
    public static Signer generate() {
        return new Signer(new Ed25519PrivateKeyParameters(new SecureRandom()));
    }

    /** The key pair as JDK keys (made on first use when the signer was generated here). */
    public KeyPair keyPair() {
        KeyPair k = keyPair;
        if (k == null) keyPair = k = Crypto.keyPair(key);
        return k;
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
        return Crypto.sign(key, data);
    }

    /**
     * A reproducible key pair from a seed, for simulations and tests only (SHA1PRNG seeded before first use is
     * deterministic); real nodes use {@link #generate()} or an {@link Identity}. The private key is the PRNG's first
     * 32 bytes, as the JDK's generator draws it (RFC 8032 §5.1.5), so ids are those seeded JDK keys had.
     */
    public static Signer seeded(long seed) {
        try {
            SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
            r.setSeed(seed);
            byte[] k = new byte[Ed25519PrivateKeyParameters.KEY_SIZE];
            r.nextBytes(k);
            return new Signer(new Ed25519PrivateKeyParameters(k));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA1PRNG is part of every Java platform", e);
        }
    }
}
