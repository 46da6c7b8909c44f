package org.peerline.sip.auth;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A challenge or credentials header value: an auth-scheme and its auth-param list, RFC 7235 §2.1 ({@code challenge},
 * {@code credentials}, {@code auth-param}) with the SIP lexical rules of RFC 3261 §25.1 ({@code LWS}, {@code token},
 * {@code quoted-string}, {@code quoted-pair}) and the empty list elements of RFC 7230 §7. Parameter names are
 * case-insensitive and kept lower-case; values are kept unescaped.
 * <p>Lenient where real phones are: an unquoted value may hold any visible character except comma and quote
 * ({@code uri=sip:bob@example.com}, {@code nonce=ab/c+d==}). Malformed input throws {@link IllegalArgumentException}
 * naming the problem and its position, and nothing else. Token68 credentials (Basic) are not supported: RFC 3261
 * §22.4 forbids Basic. Immutable.
 */
public final class AuthParams {
    private record Value(String text, boolean quoted) { }

    private final String scheme;
    private final Map<String, Value> params;

    private AuthParams(String scheme, Map<String, Value> params) {
        this.scheme = scheme;
        this.params = params;
    }

    /** An empty list for {@code scheme} (a token, e.g. {@code Digest}), to add parameters to with {@link #with}. */
    public static AuthParams of(String scheme) {
        if (scheme == null || scheme.isEmpty() || !scheme.chars().allMatch(AuthParams::isTokenChar))
            throw new IllegalArgumentException("auth scheme is not a token: " + scheme);
        return new AuthParams(scheme, Map.of());
    }

    /** Parses a header value holding exactly one challenge or credentials. */
    public static AuthParams parse(String value) {
        List<AuthParams> all = parseAll(value);
        if (all.size() != 1) throw new IllegalArgumentException("expected one challenge, found " + all.size());
        return all.get(0);
    }

    /**
     * Parses a header value holding a comma-separated list of challenges (RFC 7235 §4.1; SIP sends one per header
     * field, RFC 3261 §7.3.1, but HTTP-style lists are accepted). After a comma, a token followed by whitespace and
     * another token starts a new challenge.
     */
    public static List<AuthParams> parseAll(String value) {
        if (value == null) throw new IllegalArgumentException("null header value");
        Parser p = new Parser(value);
        List<AuthParams> out = new ArrayList<>();
        p.skipSeparators();
        while (!p.end()) {
            String scheme = p.token();
            if (scheme.isEmpty()) throw p.error("expected an auth scheme");
            Map<String, Value> params = new LinkedHashMap<>();
            boolean afterComma = false;
            while (true) {
                p.lws();
                while (!p.end() && p.peek() == ',') { p.i++; p.lws(); afterComma = true; }
                if (p.end()) break;
                int start = p.i;
                String name = p.token();
                if (name.isEmpty()) throw p.error("expected a parameter name");
                int beforeLws = p.i;
                p.lws();
                if (p.end() || p.peek() != '=') {
                    if (afterComma && p.i > beforeLws && !p.end() && isTokenChar(p.peek())) { p.i = start; break; }
                    throw p.error("parameter '" + name + "' has no value");
                }
                p.i++;
                p.lws();
                Value v = !p.end() && p.peek() == '"' ? new Value(p.quoted(), true) : new Value(p.bare(), false);
                if (v.text.isEmpty() && !v.quoted) throw p.error("missing value for '" + name + "'");
                if (params.put(name.toLowerCase(Locale.ROOT), v) != null)
                    throw p.error("duplicate parameter '" + name + "'");
                p.lws();
                if (!p.end() && p.peek() != ',') throw p.error("expected ',' after parameter '" + name + "'");
                afterComma = false;
            }
            out.add(new AuthParams(scheme, Collections.unmodifiableMap(params)));
            p.skipSeparators();
        }
        if (out.isEmpty()) throw new IllegalArgumentException("empty header value");
        return out;
    }

    /** A copy with {@code name} set to {@code value}, formatted as a quoted-string (RFC 3261 §25.1). */
    public AuthParams with(String name, String value) {
        return put(name, value, true);
    }

    /** A copy with {@code name} set to the token {@code value}, formatted unquoted ({@code algorithm}, {@code nc}, ...). */
    public AuthParams withToken(String name, String value) {
        if (value == null || value.isEmpty() || !value.chars().allMatch(AuthParams::isTokenChar))
            throw new IllegalArgumentException("value of '" + name + "' is not a token: " + value);
        return put(name, value, false);
    }

    private AuthParams put(String name, String value, boolean quoted) {
        of(name);
        if (value == null || value.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f))
            throw new IllegalArgumentException("value of '" + name + "' is null or holds a control character");
        Map<String, Value> copy = new LinkedHashMap<>(params);
        copy.put(name.toLowerCase(Locale.ROOT), new Value(value, quoted));
        return new AuthParams(scheme, Collections.unmodifiableMap(copy));
    }

    /** The auth-scheme as written, e.g. {@code Digest}. */
    public String scheme() { return scheme; }

    /** Whether the scheme is {@code name}, ignoring case (RFC 7235 §2.1). */
    public boolean isScheme(String name) { return scheme.equalsIgnoreCase(name); }

    /** The unescaped value of parameter {@code name} (any case), or null if absent. */
    public String get(String name) {
        Value v = params.get(name.toLowerCase(Locale.ROOT));
        return v == null ? null : v.text;
    }

    /** Lower-case names to unescaped values, in order of appearance. */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        params.forEach((k, v) -> m.put(k, v.text));
        return Collections.unmodifiableMap(m);
    }

    /** The header value: {@code scheme name="value", name=token, ...}, escaping {@code \} and {@code "}. */
    public String format() {
        StringBuilder b = new StringBuilder(scheme);
        String sep = " ";
        for (Map.Entry<String, Value> e : params.entrySet()) {
            Value v = e.getValue();
            b.append(sep).append(e.getKey()).append('=');
            if (v.quoted) b.append('"').append(v.text.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            else b.append(v.text);
            sep = ", ";
        }
        return b.toString();
    }

    @Override public String toString() { return format(); }

    /** token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~"), RFC 3261 §25.1. */
    static boolean isTokenChar(int c) {
        return c < 0x7f && (Character.isLetterOrDigit(c) || "-.!%*_+`'~".indexOf(c) >= 0);
    }

    private static final class Parser {
        final String s;
        int i;

        Parser(String s) { this.s = s; }

        boolean end() { return i >= s.length(); }

        char peek() { return s.charAt(i); }

        void lws() { while (!end() && " \t\r\n".indexOf(peek()) >= 0) i++; }

        void skipSeparators() { lws(); while (!end() && peek() == ',') { i++; lws(); } }

        String token() {
            int start = i;
            while (!end() && isTokenChar(peek())) i++;
            return s.substring(start, i);
        }

        /** Unquoted value: token, or the visible non-comma characters phones send there. */
        String bare() {
            int start = i;
            while (!end() && peek() > 0x20 && peek() != 0x7f && peek() != ',' && peek() != '"') i++;
            return s.substring(start, i);
        }

        /** quoted-string with quoted-pair escapes, RFC 3261 §25.1; header values arrive unfolded, so no CR or LF. */
        String quoted() {
            StringBuilder b = new StringBuilder();
            i++;
            while (!end()) {
                char c = s.charAt(i++);
                if (c == '"') return b.toString();
                if (c == '\\') {
                    if (end()) break;
                    c = s.charAt(i++);
                }
                if (c < 0x20 && c != '\t' || c == 0x7f) { i--; throw error("control character in quoted string"); }
                b.append(c);
            }
            throw error("unterminated quoted string");
        }

        IllegalArgumentException error(String what) {
            return new IllegalArgumentException(what + " at position " + i);
        }
    }
}
