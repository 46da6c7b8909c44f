package org.peerline.sip.proxy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.peerline.sip.message.HeaderNames;
import org.peerline.sip.message.Request;
import org.peerline.sip.message.Via;

/**
 * Branch values a proxy can recognise (RFC 3261 §16.6 step 8): {@code z9hG4bK<hash>.<n>}, where the hash covers the
 * fields that steer the request (Request-URI, To tag, From tag, Call-ID, CSeq number, the Via of the element it
 * came from, Route, Proxy-Require, Proxy-Authorization) and {@code n} makes each branch unique. A request that comes
 * back with one of our Vias whose hash still matches has looped; otherwise it spirals (§16.3 step 4).
 */
final class Loops {
    private Loops() {
    }

    /** The loop-detection part of a branch for {@code r}, taking {@code upstreamVia} as the Via it came with. */
    static String hash(Request r, String upstreamVia) {
        StringBuilder b = new StringBuilder(256).append(r.uriText()).append('\n').append(r.to().tag()).append('\n')
                .append(r.from().tag()).append('\n').append(r.callId()).append('\n').append(r.cseq().number())
                .append('\n').append(upstreamVia.trim());
        for (String h : new String[] {HeaderNames.ROUTE, HeaderNames.PROXY_REQUIRE, HeaderNames.PROXY_AUTHORIZATION}) {
            for (String v : r.values(h)) b.append('\n').append(h).append(':').append(v.trim());
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(b.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String branch(String hash, long n) {
        return Via.MAGIC + hash + "." + Long.toString(n, 36);
    }

    /**
     * §16.3 step 4: whether one of our Vias (as told by {@code ours}) carries the hash this request would get again
     * when forwarded, counting the Via below ours as the upstream one.
     */
    static boolean looped(Request r, java.util.function.Predicate<Via> ours) {
        List<String> vias = r.values(HeaderNames.VIA);
        for (int i = 0; i + 1 < vias.size(); i++) {
            Via v = Via.parse(vias.get(i));
            String branch = v.branch();
            if (branch == null || !branch.startsWith(Via.MAGIC) || !ours.test(v)) continue;
            int dot = branch.indexOf('.', Via.MAGIC.length());
            if (dot > 0 && branch.substring(Via.MAGIC.length(), dot).equals(hash(r, vias.get(i + 1)))) return true;
        }
        return false;
    }
}
