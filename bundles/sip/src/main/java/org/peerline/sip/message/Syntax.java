package org.peerline.sip.message;

import java.util.ArrayList;
import java.util.List;

/** Lexical rules of RFC 3261 §25.1 shared by the header parsers. */
final class Syntax {
    private static final boolean[] TOKEN = new boolean[128];

    static {
        for (char c = 'a'; c <= 'z'; c++) TOKEN[c] = true;
        for (char c = 'A'; c <= 'Z'; c++) TOKEN[c] = true;
        for (char c = '0'; c <= '9'; c++) TOKEN[c] = true;
        for (char c : "-.!%*_+`'~".toCharArray()) TOKEN[c] = true;
    }

    private Syntax() {
    }

    /** token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~"). */
    static boolean isTokenChar(int c) {
        return c < 128 && c >= 0 && TOKEN[c];
    }

    static boolean isToken(CharSequence s) {
        if (s.length() == 0) return false;
        for (int i = 0; i < s.length(); i++) if (!isTokenChar(s.charAt(i))) return false;
        return true;
    }

    static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    /**
     * Splits a list header value at commas outside quoted strings and angle brackets (RFC 3261 §7.3.1); elements
     * are trimmed. An empty element (",,") is a syntax error.
     */
    static List<String> splitList(String v) {
        List<String> out = new ArrayList<>(2);
        boolean quoted = false;
        boolean angle = false;
        int start = 0;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (quoted) {
                if (c == '\\') i++;
                else if (c == '"') quoted = false;
            } else if (c == '"') {
                quoted = true;
            } else if (c == '<') {
                angle = true;
            } else if (c == '>') {
                angle = false;
            } else if (c == ',' && !angle) {
                out.add(element(v, start, i));
                start = i + 1;
            }
        }
        if (quoted) throw new SipParseException(400, "unterminated quoted string in '" + v + "'");
        out.add(element(v, start, v.length()));
        return out;
    }

    private static String element(String v, int from, int to) {
        String e = v.substring(from, to).trim();
        if (e.isEmpty()) throw new SipParseException(400, "empty list element in '" + v + "'");
        return e;
    }

    /** A decimal number of at most 2^32-1 (RFC 3261 §25.1 and RFC 4475 §3.1.2.4); 400 otherwise. */
    static long parseUnsigned(String s, String what) {
        if (s.isEmpty() || s.length() > 10) throw new SipParseException(400, "bad " + what + " '" + s + "'");
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') throw new SipParseException(400, "bad " + what + " '" + s + "'");
            n = n * 10 + (c - '0');
        }
        if (n > 0xFFFFFFFFL) throw new SipParseException(400, what + " " + s + " is above 2^32-1");
        return n;
    }

    /** Reads a quoted-string starting at {@code s[i] == '"'}; returns the index after the closing quote. */
    static int endOfQuoted(String s, int i) {
        for (int j = i + 1; j < s.length(); j++) {
            char c = s.charAt(j);
            if (c == '\\') j++;
            else if (c == '"') return j + 1;
        }
        throw new SipParseException(400, "unterminated quoted string in '" + s + "'");
    }

    /** The content of a quoted-string with its quoted-pairs resolved. */
    static String unquote(String q) {
        StringBuilder b = new StringBuilder(q.length());
        for (int i = 1; i < q.length() - 1; i++) {
            char c = q.charAt(i);
            if (c == '\\' && i + 1 < q.length() - 1) c = q.charAt(++i);
            b.append(c);
        }
        return b.toString();
    }

    /** A quoted-string for any text (RFC 3261 §25.1 quoted-pair for '"' and '\'). */
    static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    static int skipWhitespace(String s, int i) {
        while (i < s.length() && isWhitespace(s.charAt(i))) i++;
        return i;
    }
}
