package org.peerline.sip.auth;

import java.util.Locale;

/**
 * Where a {@link DigestServer} finds a user's secret: username and realm to a {@link Secret}, or null for an unknown
 * user. A secret is the password or, as RFC 7616 §3.4.2 and RFC 3261 §22.4 allow servers to store,
 * H(username:realm:password) for one hash function.
 */
@FunctionalInterface
public interface CredentialSource {
    /** The secret of {@code username} in {@code realm}, or null if there is no such user. */
    Secret lookup(String username, String realm);

    /** Either a password, or a precomputed base HA1 and the algorithm whose hash function made it. */
    record Secret(String password, Digest.Algorithm ha1Algorithm, String ha1) {
        public Secret {
            if ((password == null) == (ha1 == null || ha1Algorithm == null))
                throw new IllegalArgumentException("give either a password or an HA1 and its algorithm");
        }

        public static Secret password(String password) { return new Secret(password, null, null); }

        public static Secret ha1(Digest.Algorithm algorithm, String ha1Hex) { return new Secret(null, algorithm, ha1Hex); }

        /** H(username:realm:password) for {@code alg}, or null if the stored HA1 was made by another hash. */
        String baseHa1(Digest.Algorithm alg, String username, String realm) {
            if (password != null) return alg.hash(username + ":" + realm + ":" + password);
            return ha1Algorithm.sameHash(alg) ? ha1.toLowerCase(Locale.ROOT) : null;
        }
    }
}
