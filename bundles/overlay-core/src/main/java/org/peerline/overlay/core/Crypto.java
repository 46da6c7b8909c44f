package org.peerline.overlay.core;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import org.bouncycastle.crypto.CipherParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.peerline.api.overlay.Id;

/**
 * Ed25519 (RFC 8032 §5.1, pure Ed25519) with BouncyCastle's lightweight API, which signs and verifies several
 * times faster than the JDK's provider (JEP 339); signatures are the same bytes either way (Ed25519 is
 * deterministic), so nodes of either kind verify each other. SHA-1 node ids. Public keys travel as X.509
 * SubjectPublicKeyInfo (RFC 8410 §4), private keys are stored as PKCS#8 (RFC 8410 §7), as the JDK encodes them.
 */
public final class Crypto {
    /** The JCA name of the signature algorithm (RFC 8032 §5.1, pure Ed25519). */
    public static final String ALGORITHM = "Ed25519";
    /** Length of an Ed25519 signature (RFC 8032 §5.1.6). */
    public static final int SIGNATURE_BYTES = 64;
    /** RFC 8410 §4/§10.1: SEQUENCE { SEQUENCE { OID 1.3.101.112 }, BIT STRING (32 bytes) }, before the key. */
    private static final byte[] X509_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
    /** RFC 8410 §7/§10.3: PKCS#8 v1 OneAsymmetricKey with a 32-byte CurvePrivateKey, before the key. */
    private static final byte[] PKCS8_PREFIX = {0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65,
        0x70, 0x04, 0x22, 0x04, 0x20};

    private Crypto() {
    }

    /** A fresh Ed25519 key pair (RFC 8032 §5.1.5), as JDK keys. */
    public static KeyPair generateKeyPair() {
        return keyPair(new Ed25519PrivateKeyParameters(new SecureRandom()));
    }

    /** Signs {@code data} (RFC 8032 §5.1.6). */
    public static byte[] sign(PrivateKey key, byte[] data) {
        try {
            return sign(privateKey(key), data);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot sign with this key: " + e.getMessage(), e);
        }
    }

    static byte[] sign(Ed25519PrivateKeyParameters key, byte[] data) {
        Ed25519Signer s = new Ed25519Signer();
        s.init(true, key);
        s.update(data, 0, data.length);
        return s.generateSignature();
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
            Ed25519Signer s = new Ed25519Signer();
            s.init(false, publicKeyParameters(publicKey));
            s.update(data, 0, data.length);
            return s.verifySignature(signature);
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

    /** The Ed25519 public key in an X.509 encoding (the common 44-byte form read directly). */
    static Ed25519PublicKeyParameters publicKeyParameters(byte[] x509) throws GeneralSecurityException {
        if (x509.length == X509_PREFIX.length + Ed25519PublicKeyParameters.KEY_SIZE
                && Arrays.equals(x509, 0, X509_PREFIX.length, X509_PREFIX, 0, X509_PREFIX.length)) {
            return new Ed25519PublicKeyParameters(x509, X509_PREFIX.length);
        }
        return ed25519(decode(() -> PublicKeyFactory.createKey(x509)), Ed25519PublicKeyParameters.class);
    }

    /** A JDK (or other provider's) Ed25519 private key as BouncyCastle parameters, through its PKCS#8 encoding. */
    static Ed25519PrivateKeyParameters privateKey(PrivateKey key) throws GeneralSecurityException {
        byte[] pkcs8 = key.getEncoded();
        if (pkcs8 == null) throw new GeneralSecurityException("the private key cannot be encoded");
        if (pkcs8.length == PKCS8_PREFIX.length + Ed25519PrivateKeyParameters.KEY_SIZE
                && Arrays.equals(pkcs8, 0, PKCS8_PREFIX.length, PKCS8_PREFIX, 0, PKCS8_PREFIX.length)) {
            return new Ed25519PrivateKeyParameters(pkcs8, PKCS8_PREFIX.length);
        }
        return ed25519(decode(() -> PrivateKeyFactory.createKey(pkcs8)), Ed25519PrivateKeyParameters.class);
    }

    /** The JDK key pair of BouncyCastle parameters, through the RFC 8410 encodings. */
    static KeyPair keyPair(Ed25519PrivateKeyParameters key) {
        try {
            KeyFactory f = KeyFactory.getInstance(ALGORITHM);
            return new KeyPair(f.generatePublic(new X509EncodedKeySpec(x509(key.generatePublicKey()))),
                    f.generatePrivate(new PKCS8EncodedKeySpec(concat(PKCS8_PREFIX, key.getEncoded()))));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is built into Java 15+", e);
        }
    }

    /** RFC 8410 §4 encoding of a public key. */
    static byte[] x509(Ed25519PublicKeyParameters key) {
        return concat(X509_PREFIX, key.getEncoded());
    }

    private interface Decoder {
        CipherParameters decode() throws IOException;
    }

    private static CipherParameters decode(Decoder d) throws GeneralSecurityException {
        try {
            return d.decode();
        } catch (IOException | RuntimeException e) {
            throw new GeneralSecurityException("not a valid key encoding: " + e.getMessage(), e);
        }
    }

    private static <T> T ed25519(CipherParameters p, Class<T> type) throws GeneralSecurityException {
        if (!type.isInstance(p)) throw new GeneralSecurityException("not an Ed25519 key: " + p.getClass().getSimpleName());
        return type.cast(p);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
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
