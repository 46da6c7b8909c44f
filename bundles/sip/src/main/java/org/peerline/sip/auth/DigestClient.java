package org.peerline.sip.auth;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The client side of Digest authentication, RFC 7616 §3.4 and §3.7, RFC 2617 §3.2.2, RFC 3261 §22.2-§22.4 and
 * RFC 8760 §2.3: turns the values of {@code WWW-Authenticate} (401) or {@code Proxy-Authenticate} (407) into the
 * value of {@code Authorization} or {@code Proxy-Authorization}.
 * <p>Echoes realm, nonce and opaque; cnonce comes from a {@link SecureRandom}; nc counts the uses of each nonce
 * (00000001, 00000002, ...; RFC 7616 §3.4), for the last 256 nonces. Thread-safe.
 */
public final class DigestClient {
    static final int MAX_NONCES = 256;

    private final SecureRandom random;
    private final Map<String, Integer> counts = new LinkedHashMap<>(16, 0.75f, true) {
        @Override protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) { return size() > MAX_NONCES; }
    };

    public DigestClient() { this(new SecureRandom()); }

    public DigestClient(SecureRandom random) { this.random = Objects.requireNonNull(random); }

    /**
     * Whether the challenge says stale=true (RFC 7616 §3.3, RFC 2617 §3.2.1): the last credentials were right but
     * their nonce had expired, so retry with the new nonce without asking the user for the password again.
     * @throws IllegalArgumentException if the value is malformed
     */
    public static boolean isStale(String challenge) {
        return "true".equalsIgnoreCase(AuthParams.parse(challenge).get("stale"));
    }

    /**
     * The challenge to answer among header values holding one or more challenges: the Digest challenge with realm,
     * nonce and the strongest supported algorithm, the first of equals (the server lists its preference first,
     * RFC 7616 §3.7, RFC 8760 §2.3). Other schemes, unknown algorithms and malformed values are skipped.
     * @throws IllegalArgumentException if no challenge can be answered
     */
    public static AuthParams select(List<String> challenges) {
        AuthParams best = null;
        int bestStrength = 0;
        String problem = "no Digest challenge with a supported algorithm";
        for (String value : challenges) {
            try {
                for (AuthParams c : AuthParams.parseAll(value)) {
                    Digest.Algorithm alg = c.isScheme("Digest") ? Digest.Algorithm.of(c.get("algorithm")) : null;
                    if (alg != null && c.get("realm") != null && c.get("nonce") != null && alg.strength() > bestStrength) {
                        best = c;
                        bestStrength = alg.strength();
                    }
                }
            } catch (IllegalArgumentException e) {
                problem = "no usable challenge; malformed one: " + e.getMessage();
            }
        }
        if (best == null) throw new IllegalArgumentException(problem);
        return best;
    }

    /** The credentials answering one challenge value; see {@link #authorize(List, String, String, String, String, byte[])}. */
    public String authorize(String challenge, String method, String uri, String username, String password) {
        return authorize(List.of(challenge), method, uri, username, password, null);
    }

    /**
     * The credentials answering the {@linkplain #select selected} challenge for a request: RFC 7616 §3.4, RFC 3261
     * §22.4. qop is auth-int when offered and a body is given, else auth when offered, else auth-int; without qop the
     * RFC 2069 form (no cnonce, no nc) is used. A null body is an empty one.
     * @param uri the Request-URI as it is in the request line
     * @throws IllegalArgumentException if no challenge can be answered (unsupported algorithm or qop, malformed)
     */
    public String authorize(List<String> challenges, String method, String uri, String username, String password, byte[] body) {
        AuthParams c = select(challenges);
        Digest.Algorithm alg = Digest.Algorithm.of(c.get("algorithm"));
        String realm = c.get("realm"), nonce = c.get("nonce"), qop = chooseQop(c.get("qop"), body != null);
        if (qop == null && alg.session()) throw new IllegalArgumentException(alg.token() + " challenge without qop");
        String cnonce = qop == null ? null : HexFormat.of().formatHex(next16());
        String nc = qop == null ? null : String.format("%08x", count(realm + '\n' + nonce));
        String ha1 = Digest.ha1(alg, username, realm, password, nonce, cnonce);
        String response = Digest.response(alg, ha1, nonce, nc, cnonce, qop, Digest.ha2(alg, qop, method, uri, body));
        AuthParams a = AuthParams.of("Digest").with("username", username).with("realm", realm).with("nonce", nonce)
                .with("uri", uri).with("response", response).withToken("algorithm", alg.token());
        if (c.get("opaque") != null) a = a.with("opaque", c.get("opaque"));
        if (qop != null) a = a.withToken("qop", qop).with("cnonce", cnonce).withToken("nc", nc);
        return a.format();
    }

    private byte[] next16() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return b;
    }

    private synchronized int count(String key) {
        return counts.merge(key, 1, Integer::sum);
    }

    /** qop-options is a quoted comma-separated list, RFC 7616 §3.3. */
    private static String chooseQop(String options, boolean haveBody) {
        if (options == null) return null;
        boolean auth = false, authInt = false;
        for (String o : options.split(",")) {
            auth |= o.trim().equalsIgnoreCase("auth");
            authInt |= o.trim().equalsIgnoreCase("auth-int");
        }
        if (authInt && (haveBody || !auth)) return "auth-int";
        if (auth) return "auth";
        throw new IllegalArgumentException("no supported qop in \"" + options + "\"");
    }
}
