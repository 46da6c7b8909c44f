package org.peerline.sip.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The Digest computations of RFC 7616 §3.4.1 (response), §3.4.2 (A1) and §3.4.3 (A2), also RFC 2617 §3.2.2 and
 * RFC 3261 §22.4, with the algorithms of RFC 7616 §3.3 / §6.1 as RFC 8760 §2 admits them for SIP. Strings are
 * hashed as UTF-8 (RFC 7616 §3.4.4) and digests are lower-case hex.
 */
public final class Digest {
    private Digest() { }

    /** The algorithm parameter values, RFC 7616 §6.1; {@link #strength()} orders them for selection (RFC 8760 §2.3). */
    public enum Algorithm {
        MD5("MD5", "MD5", false, 1),
        MD5_SESS("MD5-sess", "MD5", true, 1),
        SHA_256("SHA-256", "SHA-256", false, 2),
        SHA_256_SESS("SHA-256-sess", "SHA-256", true, 2),
        SHA_512_256("SHA-512-256", "SHA-512/256", false, 3),
        SHA_512_256_SESS("SHA-512-256-sess", "SHA-512/256", true, 3);

        private final String token;
        private final String jca;
        private final boolean session;
        private final int strength;

        Algorithm(String token, String jca, boolean session, int strength) {
            this.token = token;
            this.jca = jca;
            this.session = session;
            this.strength = strength;
        }

        /** The value of the algorithm parameter, e.g. {@code SHA-256-sess}. */
        public String token() { return token; }

        /** Whether this is a -sess variant, whose A1 includes nonce and cnonce (RFC 7616 §3.4.2). */
        public boolean session() { return session; }

        /** 1 for MD5, 2 for SHA-256, 3 for SHA-512/256. */
        public int strength() { return strength; }

        /** Whether both use the same hash function (so share H(username:realm:password)). */
        public boolean sameHash(Algorithm other) { return jca.equals(other.jca); }

        /** The algorithm named by {@code token} (any case); MD5 when absent (RFC 7616 §3.3); null when unknown. */
        public static Algorithm of(String token) {
            if (token == null) return MD5;
            for (Algorithm a : values()) if (a.token.equalsIgnoreCase(token)) return a;
            return null;
        }

        /** H(data) as lower-case hex. */
        public String hash(byte[] data) {
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance(jca).digest(data));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(jca + " is required of every Java platform", e);
            }
        }

        /** H(data), data encoded as UTF-8. */
        public String hash(String data) { return hash(data.getBytes(StandardCharsets.UTF_8)); }
    }

    /** HA1 = H(A1), RFC 7616 §3.4.2: H(username:realm:password), then for -sess H(that:nonce:cnonce). */
    public static String ha1(Algorithm alg, String username, String realm, String password, String nonce, String cnonce) {
        return sessionHa1(alg, alg.hash(username + ":" + realm + ":" + password), nonce, cnonce);
    }

    /** HA1 from a stored H(username:realm:password): itself, or H(baseHa1:nonce:cnonce) for -sess (§3.4.2). */
    public static String sessionHa1(Algorithm alg, String baseHa1, String nonce, String cnonce) {
        return alg.session() ? alg.hash(baseHa1 + ":" + nonce + ":" + cnonce) : baseHa1;
    }

    /** HA2 = H(A2), RFC 7616 §3.4.3: H(method:uri), or H(method:uri:H(body)) for qop=auth-int (null body = empty). */
    public static String ha2(Algorithm alg, String qop, String method, String uri, byte[] body) {
        String a2 = method + ":" + uri;
        if ("auth-int".equalsIgnoreCase(qop)) a2 += ":" + alg.hash(body == null ? new byte[0] : body);
        return alg.hash(a2);
    }

    /**
     * The response, RFC 7616 §3.4.1: H(HA1:nonce:nc:cnonce:qop:HA2), or H(HA1:nonce:HA2) when qop is null
     * (RFC 2069 compatibility, RFC 2617 §3.2.2.1).
     */
    public static String response(Algorithm alg, String ha1, String nonce, String nc, String cnonce, String qop, String ha2) {
        return alg.hash(qop == null ? ha1 + ":" + nonce + ":" + ha2 : String.join(":", ha1, nonce, nc, cnonce, qop, ha2));
    }

    /** Compares an expected response with a received one (hex, any case) in time independent of where they differ. */
    public static boolean matches(String expected, String received) {
        if (expected == null || received == null) return false;
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                received.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
    }
}
