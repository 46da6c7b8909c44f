package org.peerline.overlay.core;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import org.peerline.api.overlay.Id;

/**
 * Ed25519 (RFC 8032) with the JDK's own provider (Java 15+, JEP 339), and SHA-1 node ids. Public keys travel as
 * X.509 SubjectPublicKeyInfo (RFC 8410 §4), private keys are stored as PKCS#8 (RFC 8410 §7).
 */
public final class Crypto {
    /** The JCA name of the signature algorithm (RFC 8032 §5.1, pure Ed25519). */
    public static final String ALGORITHM = "Ed25519";
    /** Length of an Ed25519 signature (RFC 8032 §5.1.6). */
    public static final int SIGNATURE_BYTES = 64;

    private Crypto() {
    }

    /** A fresh Ed25519 key pair (RFC 8032 §5.1.5). */
    public static KeyPair generateKeyPair() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Ed25519 is built into Java 15+", e);
        }
    }

    /** Signs {@code data} (RFC 8032 §5.1.6). */
    public static byte[] sign(PrivateKey key, byte[] data) {
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initSign(key);
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot sign with this key: " + e.getMessage(), e);
        }
    }

    /**
     * Verifies an Ed25519 signature (RFC 8032 §5.1.7) with a public key in X.509 encoding. Never throws: a bad key
     * encoding, a wrong algorithm or a malformed signature all give false.
     */
    public static boolean verify(byte[] publicKey, byte[] data, byte[] signature) {
        if (publicKey == null || data == null || signature == null || signature.length != SIGNATURE_BYTES) {
            return false;
        }
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initVerify(publicKey(publicKey));
            s.update(data);
            return s.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /** Decodes an X.509 SubjectPublicKeyInfo Ed25519 key. */
    public static PublicKey publicKey(byte[] x509) throws GeneralSecurityException {
        return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(x509));
    }

    /** Decodes a PKCS#8 Ed25519 private key. */
    public static PrivateKey privateKey(byte[] pkcs8) throws GeneralSecurityException {
        return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    }

    /** SHA-1 (FIPS 180-4) of {@code data}: 20 bytes, the size of an overlay {@link Id}. */
    public static byte[] sha1(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required by every Java platform", e);
        }
    }

    /** The node id of a public key: SHA-1 of its X.509 encoding (the seed's "TODO: H(Kp)", done). */
    public static Id nodeId(byte[] publicKey) {
        return Id.of(sha1(publicKey));
    }
}
