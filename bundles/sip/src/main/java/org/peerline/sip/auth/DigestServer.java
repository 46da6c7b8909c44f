package org.peerline.sip.auth;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The server side of Digest authentication, RFC 7616 §3.3 (challenge) and §3.4-§3.5 (checking the response),
 * RFC 2617 §3.2-§3.3, RFC 3261 §22.1-§22.4 and RFC 8760 §2.3, for one realm.
 * <p>Nonces validate themselves (RFC 7616 §3.3 suggests time-stamp and private data): base64url of
 * {@code timestamp(8) | random(8) | HMAC-SHA256(secret, timestamp | random | realm)}, so checking a nonce needs no
 * state, and one older than the lifetime gives {@link Status#STALE} once the response proves the password
 * (RFC 2617 §3.2.1). Replays are caught by remembering the highest nc of each nonce in use (RFC 7616 §3.4, §5.12) in
 * an LRU of bounded size; a nonce evicted from it is answered STALE, so eviction never reopens a replay. Only
 * qop=auth is offered and accepted. Time comes from the given clock. Thread-safe; {@code verify} never throws for
 * bad input.
 */
public final class DigestServer {
    /** The outcome of {@link #verify}. UNKNOWN_USER and BAD_CREDENTIALS should look alike on the wire (401/407). */
    public enum Status { OK, STALE, BAD_CREDENTIALS, REPLAY, MALFORMED, UNKNOWN_USER }

    /** Status, the username if the credentials named one, the uri parameter (to compare with the Request-URI), why. */
    public record Result(Status status, String username, String uri, String reason) {
        public boolean ok() { return status == Status.OK; }
    }

    private static final int STAMP = 8, RANDOM = 8, MAC = 32;

    private final String realm;
    private final SecretKeySpec key;
    private final Clock clock;
    private final long lifetimeMillis;
    private final int maxTracked;
    private final List<Digest.Algorithm> algorithms;
    private final String opaque;
    private final SecureRandom random = new SecureRandom();
    private final LinkedHashMap<String, long[]> seen = new LinkedHashMap<>(16, 0.75f, true); // nonce -> {issued, nc}
    private long evictedUpTo = Long.MIN_VALUE;

    /** A server with 5-minute nonces, 10,000 tracked nonces, offering SHA-256 then MD5 (RFC 8760 §2.3 order). */
    public DigestServer(String realm, byte[] secret, Clock clock) {
        this(realm, secret, clock, Duration.ofMinutes(5), 10_000, List.of(Digest.Algorithm.SHA_256, Digest.Algorithm.MD5));
    }

    /**
     * @param secret at least 16 bytes of server key for the nonce HMAC; the same secret keeps nonces valid across
     *               restarts and across servers of one realm
     * @param algorithms offered in this order of preference, one challenge each
     */
    public DigestServer(String realm, byte[] secret, Clock clock, Duration nonceLifetime, int maxTrackedNonces,
                        List<Digest.Algorithm> algorithms) {
        if (secret.length < 16) throw new IllegalArgumentException("secret shorter than 16 bytes");
        if (algorithms.isEmpty() || maxTrackedNonces < 1) throw new IllegalArgumentException("no algorithm or no tracker");
        AuthParams.of("Digest").with("realm", realm); // throws for a realm that cannot be sent
        this.realm = realm;
        this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
        this.clock = clock;
        this.lifetimeMillis = nonceLifetime.toMillis();
        this.maxTracked = maxTrackedNonces;
        this.algorithms = List.copyOf(algorithms);
        this.opaque = Base64.getUrlEncoder().withoutPadding().encodeToString(mac(("opaque:" + realm).getBytes(StandardCharsets.UTF_8)));
    }

    public String realm() { return realm; }

    /** The challenge for the preferred algorithm, RFC 7616 §3.3; {@code stale} after a {@link Status#STALE} result. */
    public String challenge(boolean stale) { return challenge(algorithms.get(0), stale); }

    /** One challenge per offered algorithm, most preferred first, each a separate header value (RFC 7616 §3.7). */
    public List<String> challenges(boolean stale) {
        List<String> out = new ArrayList<>();
        for (Digest.Algorithm a : algorithms) out.add(challenge(a, stale));
        return out;
    }

    private String challenge(Digest.Algorithm alg, boolean stale) {
        AuthParams c = AuthParams.of("Digest").with("realm", realm).with("qop", "auth")
                .withToken("algorithm", alg.token()).with("nonce", newNonce()).with("opaque", opaque);
        return (stale ? c.withToken("stale", "true") : c).format();
    }

    /** Checks an Authorization or Proxy-Authorization value against the request method; RFC 7616 §3.4-§3.5. */
    public Result verify(String authorization, String method, CredentialSource credentials) {
        AuthParams a;
        try {
            a = AuthParams.parse(authorization);
        } catch (IllegalArgumentException e) {
            return new Result(Status.MALFORMED, null, null, e.getMessage());
        }
        String user = a.get("username"), uri = a.get("uri"), nonce = a.get("nonce"), response = a.get("response");
        String qop = a.get("qop"), nc = a.get("nc"), cnonce = a.get("cnonce");
        Digest.Algorithm alg = Digest.Algorithm.of(a.get("algorithm"));
        String problem = !a.isScheme("Digest") ? "scheme is not Digest"
                : user == null || uri == null || nonce == null || response == null ? "username, uri, nonce or response missing"
                : !realm.equals(a.get("realm")) ? "realm is not \"" + realm + "\""
                : alg == null || !algorithms.contains(alg) ? "algorithm not offered"
                : !"auth".equalsIgnoreCase(qop) ? "qop must be auth"
                : cnonce == null || nc == null || !nc.matches("[0-9a-fA-F]{8}") ? "cnonce missing or nc not 8 hex digits"
                : method == null ? "no method" : null;
        if (problem != null) return new Result(Status.MALFORMED, user, uri, problem);
        CredentialSource.Secret secret = credentials.lookup(user, realm);
        if (secret == null) return new Result(Status.UNKNOWN_USER, user, uri, "no such user");
        String base = secret.baseHa1(alg, user, realm);
        if (base == null) return new Result(Status.BAD_CREDENTIALS, user, uri, "stored HA1 is for another hash");
        String expected = Digest.response(alg, Digest.sessionHa1(alg, base, nonce, cnonce), nonce, nc, cnonce, qop,
                Digest.ha2(alg, qop, method, uri, null));
        if (!Digest.matches(expected, response)) return new Result(Status.BAD_CREDENTIALS, user, uri, "wrong response");
        long issued = issuedAt(nonce), now = clock.millis();
        if (issued == Long.MIN_VALUE) return new Result(Status.STALE, user, uri, "nonce not issued here");
        if (now - issued > lifetimeMillis || issued - now > lifetimeMillis) return new Result(Status.STALE, user, uri, "nonce expired");
        return track(nonce, issued, Long.parseLong(nc, 16), user, uri);
    }

    private synchronized Result track(String nonce, long issued, long nc, String user, String uri) {
        long[] entry = seen.get(nonce);
        if (entry == null && issued <= evictedUpTo) return new Result(Status.STALE, user, uri, "nonce no longer tracked");
        if (entry != null && nc <= entry[1]) return new Result(Status.REPLAY, user, uri, "nc " + nc + " already used");
        if (entry == null) seen.put(nonce, new long[] {issued, nc}); else entry[1] = nc;
        if (seen.size() > maxTracked) {
            Iterator<long[]> eldest = seen.values().iterator();
            evictedUpTo = Math.max(evictedUpTo, eldest.next()[0]);
            eldest.remove();
        }
        return new Result(Status.OK, user, uri, "ok");
    }

    private String newNonce() {
        ByteBuffer b = ByteBuffer.allocate(STAMP + RANDOM + MAC).putLong(clock.millis());
        byte[] r = new byte[RANDOM];
        random.nextBytes(r);
        b.put(r).put(mac(signed(b.array())));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
    }

    /** The nonce's timestamp if this server made it, else Long.MIN_VALUE. */
    private long issuedAt(String nonce) {
        byte[] n;
        try {
            n = Base64.getUrlDecoder().decode(nonce);
        } catch (IllegalArgumentException e) {
            return Long.MIN_VALUE;
        }
        if (n.length != STAMP + RANDOM + MAC) return Long.MIN_VALUE;
        byte[] mac = mac(signed(n));
        boolean ok = MessageDigest.isEqual(mac, Arrays.copyOfRange(n, STAMP + RANDOM, n.length));
        return ok ? ByteBuffer.wrap(n).getLong() : Long.MIN_VALUE;
    }

    /** timestamp | random | realm: what the nonce HMAC covers. */
    private byte[] signed(byte[] nonce) {
        byte[] r = realm.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(STAMP + RANDOM + r.length).put(nonce, 0, STAMP + RANDOM).put(r).array();
    }

    private byte[] mac(byte[] data) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(key);
            return m.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
        }
    }
}
