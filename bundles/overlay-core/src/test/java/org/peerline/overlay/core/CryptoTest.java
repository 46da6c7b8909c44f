package org.peerline.overlay.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.NamedParameterSpec;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Crypto signs with BouncyCastle; the JDK's Ed25519 (JEP 339) must verify it and be verified (RFC 8032). */
class CryptoTest {
    private static final byte[] MSG = "sip:alice@example.com -> node 7".getBytes(StandardCharsets.UTF_8);

    private static byte[] jdkSign(KeyPair k, byte[] data) throws Exception {
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(k.getPrivate());
        s.update(data);
        return s.sign();
    }

    private static boolean jdkVerify(KeyPair k, byte[] data, byte[] sig) throws Exception {
        Signature s = Signature.getInstance("Ed25519");
        s.initVerify(k.getPublic());
        s.update(data);
        return s.verify(sig);
    }

    @Test
    void jdkAndBouncyCastleVerifyEachOtherAndSignTheSameBytes() throws Exception {
        KeyPair jdk = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Signer bc = new Signer(jdk);
        byte[] ours = bc.sign(MSG);
        byte[] theirs = jdkSign(jdk, MSG);
        assertArrayEquals(theirs, ours); // Ed25519 is deterministic (RFC 8032 §5.1.6)
        assertTrue(Crypto.verify(jdk.getPublic().getEncoded(), MSG, theirs));
        assertTrue(jdkVerify(jdk, MSG, ours));
        assertFalse(Crypto.verify(jdk.getPublic().getEncoded(), "other".getBytes(StandardCharsets.UTF_8), ours));

        Signer generated = Signer.generate(); // a BouncyCastle key, seen through the JDK
        byte[] sig = generated.sign(MSG);
        assertTrue(jdkVerify(generated.keyPair(), MSG, sig));
        assertArrayEquals(generated.publicKey(), generated.keyPair().getPublic().getEncoded());
        assertArrayEquals(sig, jdkSign(generated.keyPair(), MSG));
    }

    @Test
    void rfc8032Test1() {
        // RFC 8032 §7.1 TEST 1: secret key, public key, empty message, signature
        HexFormat hex = HexFormat.of();
        byte[] secret = hex.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        byte[] pkcs8 = hex.parseHex("302e020100300506032b657004220420" + hex.formatHex(secret));
        Signer s = new Signer(keyPairOf(pkcs8));
        assertEquals("302a300506032b6570032100d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
                hex.formatHex(s.publicKey()));
        assertEquals("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b4"
                + "6bd25bf5f0595bbe24655141438e7a100b", hex.formatHex(s.sign(new byte[0])));
    }

    private static KeyPair keyPairOf(byte[] pkcs8) {
        try {
            java.security.KeyFactory f = java.security.KeyFactory.getInstance("Ed25519");
            java.security.PrivateKey priv = f.generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(pkcs8));
            byte[] x509 = HexFormat.of().parseHex(
                    "302a300506032b6570032100d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
            return new KeyPair(f.generatePublic(new java.security.spec.X509EncodedKeySpec(x509)), priv);
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void seededSignersKeepTheIdsSeededJdkKeysHad() throws Exception {
        SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
        r.setSeed(42L);
        KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
        g.initialize(NamedParameterSpec.ED25519, r);
        KeyPair jdk = g.generateKeyPair();
        Signer s = Signer.seeded(42L);
        assertArrayEquals(jdk.getPublic().getEncoded(), s.publicKey());
        assertEquals(new Signer(jdk).id(), s.id());
    }
}
