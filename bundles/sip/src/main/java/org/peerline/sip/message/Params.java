package org.peerline.sip.message;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parameters of a URI or header value (RFC 3261 §19.1.1 uri-parameters, §25.1 generic-param): ordered
 * name/value pairs with case-insensitive names; a value is null for a flag ({@code ;lr}). Mutable.
 */
public final class Params {
    private final List<String[]> entries = new ArrayList<>(2);

    public Params() {
    }

    /** The value of {@code name} (null if absent or a flag; see {@link #has}). */
    public String get(String name) {
        for (String[] e : entries) if (e[0].equalsIgnoreCase(name)) return e[1];
        return null;
    }

    public boolean has(String name) {
        for (String[] e : entries) if (e[0].equalsIgnoreCase(name)) return true;
        return false;
    }

    /** Sets (replacing) a parameter; a null value makes a flag. */
    public Params set(String name, String value) {
        for (String[] e : entries) {
            if (e[0].equalsIgnoreCase(name)) {
                e[1] = value;
                return this;
            }
        }
        entries.add(new String[] {name, value});
        return this;
    }

    public Params remove(String name) {
        entries.removeIf(e -> e[0].equalsIgnoreCase(name));
        return this;
    }

    /** Names in order, as written. */
    public List<String> names() {
        return entries.stream().map(e -> e[0]).toList();
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    Params copy() {
        Params p = new Params();
        for (String[] e : entries) p.entries.add(e.clone());
        return p;
    }

    /** Names lower-cased, for comparisons (RFC 3261 §19.1.4). */
    String lower(String name) {
        String v = get(name);
        return v == null ? null : v.toLowerCase(Locale.ROOT);
    }

    /**
     * Parses {@code ;name[=value]} pairs from {@code s} at {@code i} (pointing at a ';'), stopping at any of
     * {@code stops} outside a quoted string. Returns the index where parsing stopped.
     */
    int parse(String s, int i, String stops) {
        while (i < s.length() && s.charAt(i) == ';') {
            i = Syntax.skipWhitespace(s, i + 1);
            int nameStart = i;
            while (i < s.length() && (Syntax.isTokenChar(s.charAt(i)) || "[]/:&$".indexOf(s.charAt(i)) >= 0)
                    && stops.indexOf(s.charAt(i)) < 0) {
                i++;
            }
            String name = s.substring(nameStart, i);
            if (name.isEmpty()) throw new SipParseException(400, "empty parameter in '" + s + "'");
            i = Syntax.skipWhitespace(s, i);
            String value = null;
            if (i < s.length() && s.charAt(i) == '=') {
                i = Syntax.skipWhitespace(s, i + 1);
                int vs = i;
                if (i < s.length() && s.charAt(i) == '"') {
                    i = Syntax.endOfQuoted(s, i);
                } else if (i < s.length() && s.charAt(i) == '[') {
                    int close = s.indexOf(']', i);
                    if (close < 0) throw new SipParseException(400, "unterminated IPv6 reference in '" + s + "'");
                    i = close + 1;
                } else {
                    while (i < s.length() && s.charAt(i) != ';' && stops.indexOf(s.charAt(i)) < 0
                            && !Syntax.isWhitespace(s.charAt(i))) {
                        i++;
                    }
                }
                value = s.substring(vs, i);
                if (value.isEmpty()) throw new SipParseException(400, "parameter '" + name + "' has an empty value");
                i = Syntax.skipWhitespace(s, i);
            }
            entries.add(new String[] {name, value});
        }
        return i;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (String[] e : entries) {
            b.append(';').append(e[0]);
            if (e[1] != null) b.append('=').append(e[1]);
        }
        return b.toString();
    }
}
