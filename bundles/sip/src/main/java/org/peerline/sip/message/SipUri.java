package org.peerline.sip.message;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A SIP or SIPS URI (RFC 3261 §19.1.1): {@code sip:user:password@host:port;uri-parameters?headers}. The host may
 * be a name, an IPv4 address or an IPv6 reference in brackets (RFC 5118 §4). User, password and header values are
 * kept as written (escaped) and compared unescaped (§19.1.4). Mutable through the {@code with...} copies only.
 */
public final class SipUri implements Uri {
    private final boolean secure;
    private final String user;
    private final String password;
    private final String host;
    private final int port;
    private final Params params;
    private final Map<String, String> headers;

    public SipUri(boolean secure, String user, String host, int port) {
        this(secure, user, null, host, port, new Params(), new LinkedHashMap<>());
    }

    private SipUri(boolean secure, String user, String password, String host, int port, Params params,
                   Map<String, String> headers) {
        this.secure = secure;
        this.user = user;
        this.password = password;
        this.host = Objects.requireNonNull(host, "host");
        this.port = port;
        this.params = params;
        this.headers = headers;
    }

    /** Parses {@code sip:...} or {@code sips:...}; 400 (SipParseException) naming the problem otherwise. */
    public static SipUri parse(String s) {
        boolean secure;
        int i;
        if (s.regionMatches(true, 0, "sip:", 0, 4)) {
            secure = false;
            i = 4;
        } else if (s.regionMatches(true, 0, "sips:", 0, 5)) {
            secure = true;
            i = 5;
        } else {
            throw new SipParseException(400, "not a SIP URI: '" + s + "'");
        }
        // '@' appears unescaped in neither parameters nor headers, so the last one ends the userinfo, which may
        // itself hold '?', ';' and ',' (RFC 4475 §3.1.1.2)
        int at = s.lastIndexOf('@');
        int q = s.indexOf('?', Math.max(i, at + 1));
        int end = q < 0 ? s.length() : q;
        String user = null;
        String password = null;
        if (at >= i) {
            String userinfo = s.substring(i, at);
            int colon = userinfo.indexOf(':');
            user = colon < 0 ? userinfo : userinfo.substring(0, colon);
            password = colon < 0 ? null : userinfo.substring(colon + 1);
            if (user.isEmpty()) throw new SipParseException(400, "empty user part in '" + s + "'");
            i = at + 1;
        }
        int hostEnd;
        if (i < s.length() && s.charAt(i) == '[') {
            hostEnd = s.indexOf(']', i);
            if (hostEnd < 0) throw new SipParseException(400, "unterminated IPv6 reference in '" + s + "'");
            hostEnd++;
        } else {
            hostEnd = i;
            while (hostEnd < end && ":;".indexOf(s.charAt(hostEnd)) < 0) hostEnd++;
        }
        String host = s.substring(i, hostEnd);
        checkHost(host, s);
        i = hostEnd;
        int port = -1;
        if (i < end && s.charAt(i) == ':') {
            int ps = ++i;
            while (i < end && Character.isDigit(s.charAt(i))) i++;
            if (i == ps || i - ps > 5) throw new SipParseException(400, "bad port in '" + s + "'");
            port = Integer.parseInt(s, ps, i, 10);
            if (port > 65535) throw new SipParseException(400, "port above 65535 in '" + s + "'");
        }
        Params params = new Params();
        i = params.parse(s, i, "?");
        if (i != end) throw new SipParseException(400, "bad character '" + s.charAt(i) + "' in '" + s + "'");
        Map<String, String> headers = new LinkedHashMap<>();
        if (q >= 0) {
            for (String h : s.substring(q + 1).split("&")) {
                int eq = h.indexOf('=');
                if (eq <= 0) throw new SipParseException(400, "bad URI header '" + h + "' in '" + s + "'");
                headers.put(h.substring(0, eq), h.substring(eq + 1));
            }
        }
        return new SipUri(secure, user, password, host, port, params, headers);
    }

    private static void checkHost(String host, String uri) {
        if (host.isEmpty()) throw new SipParseException(400, "no host in '" + uri + "'");
        if (host.charAt(0) == '[') {
            for (int k = 1; k < host.length() - 1; k++) {
                char c = host.charAt(k);
                if (!(Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
                    throw new SipParseException(400, "bad IPv6 reference " + host + " in '" + uri + "'");
                }
            }
            return;
        }
        for (int k = 0; k < host.length(); k++) {
            char c = host.charAt(k);
            if (!(Character.isLetterOrDigit(c) || c == '-' || c == '.')) {
                throw new SipParseException(400, "bad host '" + host + "' in '" + uri + "'");
            }
        }
    }

    @Override
    public String scheme() {
        return secure ? "sips" : "sip";
    }

    public boolean secure() {
        return secure;
    }

    /** The user part, unescaped, or null. */
    public String user() {
        return user == null ? null : Uri.unescape(user);
    }

    /** The host as written: a name, an IPv4 address, or an IPv6 reference with its brackets. */
    public String host() {
        return host;
    }

    /** The host without IPv6 brackets, for name resolution. */
    public String hostAddress() {
        return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }

    /** The port, or -1 when absent. */
    public int port() {
        return port;
    }

    public Params params() {
        return params;
    }

    public String param(String name) {
        return params.get(name);
    }

    /** The transport parameter lower-cased, or null (RFC 3261 §19.1.1). */
    public String transport() {
        return params.lower("transport");
    }

    /** Whether the URI has the loose-routing flag {@code ;lr} (RFC 3261 §19.1.1, §16.4). */
    public boolean lr() {
        return params.has("lr");
    }

    /** URI headers ({@code ?name=value}), as written. */
    public Map<String, String> headers() {
        return headers;
    }

    public SipUri withUser(String u) {
        return new SipUri(secure, u, password, host, port, params.copy(), new LinkedHashMap<>(headers));
    }

    public SipUri withHostPort(String h, int p) {
        return new SipUri(secure, user, password, h, p, params.copy(), new LinkedHashMap<>(headers));
    }

    public SipUri withParam(String name, String value) {
        return new SipUri(secure, user, password, host, port, params.copy().set(name, value), new LinkedHashMap<>(headers));
    }

    public SipUri withoutParam(String name) {
        return new SipUri(secure, user, password, host, port, params.copy().remove(name), new LinkedHashMap<>(headers));
    }

    /** The URI without parameters and headers: the form used for an address of record (RFC 3261 §10.3 step 5). */
    public SipUri aor() {
        return new SipUri(secure, user, null, host.toLowerCase(Locale.ROOT), -1, new Params(), new LinkedHashMap<>());
    }

    /** RFC 3261 §19.1.4 URI comparison. */
    @Override
    public boolean equivalent(Uri other) {
        if (!(other instanceof SipUri o) || secure != o.secure || port != o.port) return false;
        if (!Objects.equals(user(), o.user())) return false;
        if (!Objects.equals(password == null ? null : Uri.unescape(password),
                o.password == null ? null : Uri.unescape(o.password))) {
            return false;
        }
        if (!host.equalsIgnoreCase(o.host)) return false;
        for (String p : new String[] {"user", "ttl", "method", "maddr", "transport"}) {
            if (!Objects.equals(params.lower(p), o.params.lower(p)) || params.has(p) != o.params.has(p)) return false;
        }
        for (String n : params.names()) {
            if (o.params.has(n) && !Objects.equals(params.lower(n), o.params.lower(n))) return false;
        }
        if (headers.size() != o.headers.size()) return false;
        for (Map.Entry<String, String> h : headers.entrySet()) {
            String ov = o.headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(h.getKey()))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
            if (ov == null || !Uri.unescape(ov).equals(Uri.unescape(h.getValue()))) return false;
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SipUri u && toString().equals(u.toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(48).append(secure ? "sips:" : "sip:");
        if (user != null) {
            b.append(user);
            if (password != null) b.append(':').append(password);
            b.append('@');
        }
        b.append(host);
        if (port >= 0) b.append(':').append(port);
        b.append(params);
        char sep = '?';
        for (Map.Entry<String, String> h : headers.entrySet()) {
            b.append(sep).append(h.getKey()).append('=').append(h.getValue());
            sep = '&';
        }
        return b.toString();
    }
}
