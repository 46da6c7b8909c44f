package org.peerline.sip.message;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Parses a SIP message from bytes (RFC 3261 §7, §25). The start line and the header boundaries are parsed at once;
 * header values stay bytes until read ({@link SipMessage#header}), so a proxy that reads six headers pays for six.
 * Datagram rules (§18.3): a missing Content-Length means the body runs to the end of the datagram (real phones omit
 * it on bodyless ACK and BYE), extra bytes after Content-Length are ignored (RFC 4475 §3.1.1.8), and a
 * Content-Length beyond the datagram is an error (§3.1.2.2). Stream framing is {@link StreamFramer}'s job.
 *
 * <p>Errors throw {@link SipParseException} with the status to answer (400, 505) and a reason naming the problem;
 * nothing else escapes for any input.
 */
public final class MessageParser {
    /** Most header fields accepted in one message. */
    public static final int MAX_FIELDS = 256;

    /** Name as written -> {canonical name, lookup key}; header names repeat from message to message. */
    private static final ConcurrentHashMap<String, String[]> NAMES = new ConcurrentHashMap<>();

    private MessageParser() {
    }

    /** Parses a whole datagram; the array is kept (not copied): do not change it afterwards. */
    public static SipMessage parse(byte[] b) {
        return parse(b, 0, b.length, true);
    }

    /**
     * Parses one message from {@code b[off, off+len)}.
     *
     * @param datagram whether the bytes are one datagram (UDP rules) or one framed stream message
     */
    public static SipMessage parse(byte[] b, int off, int len, boolean datagram) {
        try {
            return doParse(b, off, off + len, datagram);
        } catch (SipParseException e) {
            throw e;
        } catch (RuntimeException e) { // a bug must not escape as anything but a 400
            SipParseException p = new SipParseException(400, "malformed message (" + e.getClass().getSimpleName() + ")");
            p.initCause(e);
            throw p;
        }
    }

    private static SipMessage doParse(byte[] b, int i, int end, boolean datagram) {
        while (i < end && (b[i] == '\r' || b[i] == '\n')) i++; // §7.5: CRLFs before the start line are ignored
        int start = i;
        int lf = indexOf(b, '\n', i, end);
        if (lf < 0) throw new SipParseException(400, "no end of line after the start line");
        int lineEnd = lf > i && b[lf - 1] == '\r' ? lf - 1 : lf;

        List<SipMessage.Field> fields = new ArrayList<>(16);
        int pos = lf + 1;
        int bodyStart = -1;
        String name = null;
        String[] names = null;
        int vs = 0;
        int ve = 0;
        boolean folded = false;
        while (pos < end) {
            int nl = indexOf(b, '\n', pos, end);
            if (nl < 0) break;
            int le = nl > pos && b[nl - 1] == '\r' ? nl - 1 : nl;
            if (le == pos) { // the empty line ends the headers
                bodyStart = nl + 1;
                break;
            }
            if (b[pos] == ' ' || b[pos] == '\t') { // §7.3.1 folding: continues the previous value
                if (name == null) throw new SipParseException(400, "continuation line before any header");
                ve = trimEnd(b, vs, le);
                folded = true;
            } else {
                if (name != null) fields.add(new SipMessage.Field(name, names[1], b, vs, ve, folded));
                if (fields.size() >= MAX_FIELDS) throw new SipParseException(400, "more than " + MAX_FIELDS + " headers");
                int colon = indexOf(b, ':', pos, le);
                if (colon < 0) throw new SipParseException(400, "header line without a colon: '" + text(b, pos, le) + "'");
                int ne = trimEnd(b, pos, colon);
                for (int k = pos; k < ne; k++) {
                    if (!Syntax.isTokenChar(b[k])) {
                        throw new SipParseException(400, "bad header name '" + text(b, pos, ne) + "'");
                    }
                }
                if (ne == pos) throw new SipParseException(400, "empty header name");
                String written = new String(b, pos, ne - pos, StandardCharsets.ISO_8859_1);
                names = NAMES.computeIfAbsent(written, w -> new String[] {HeaderNames.canonical(w), HeaderNames.key(w)});
                if (NAMES.size() > 4096) NAMES.clear(); // unknown names from hostile peers must not grow it forever
                name = written;
                vs = colon + 1;
                while (vs < le && (b[vs] == ' ' || b[vs] == '\t')) vs++;
                ve = trimEnd(b, vs, le);
                folded = false;
            }
            pos = nl + 1;
        }
        if (name != null) fields.add(new SipMessage.Field(name, names[1], b, vs, ve, folded));
        if (bodyStart < 0) {
            if (datagram && pos >= end) bodyStart = end; // tolerate a datagram ending right after the last header
            else throw new SipParseException(400, "no empty line after the headers");
        }

        int available = end - bodyStart;
        long length = contentLength(fields);
        int bodyEnd;
        if (length < 0) {
            bodyEnd = datagram ? end : bodyStart;
        } else if (length > available) {
            throw new SipParseException(400, "Content-Length " + length + " exceeds the " + available
                    + " body bytes received");
        } else {
            bodyEnd = bodyStart + (int) length;
        }
        byte[] body = bodyEnd == bodyStart ? EMPTY : Arrays.copyOfRange(b, bodyStart, bodyEnd);
        boolean exact = length >= 0; // without Content-Length the raw bytes are not a complete message
        return startLine(b, start, lineEnd, fields, body, exact ? b : null, start, bodyEnd);
    }

    private static final byte[] EMPTY = new byte[0];

    private static SipMessage startLine(byte[] b, int s, int e, List<SipMessage.Field> fields, byte[] body,
                                        byte[] raw, int rawStart, int rawEnd) {
        if (e - s >= 8 && startsWith(b, s, "SIP/")) { // Status-Line = SIP-Version SP Status-Code SP Reason-Phrase
            int sp = indexOf(b, ' ', s, e);
            if (sp < 0) throw new SipParseException(400, "bad status line");
            checkVersion(b, s, sp);
            int cs = sp + 1;
            int ce = cs;
            while (ce < e && b[ce] >= '0' && b[ce] <= '9') ce++;
            if (ce - cs != 3 || (ce < e && b[ce] != ' ')) {
                throw new SipParseException(400, "bad status code in '" + text(b, s, e) + "'");
            }
            int status = (b[cs] - '0') * 100 + (b[cs + 1] - '0') * 10 + (b[cs + 2] - '0');
            if (status < 100) throw new SipParseException(400, "status code " + status + " below 100");
            String reason = ce < e ? new String(b, ce + 1, e - ce - 1, StandardCharsets.UTF_8) : "";
            return new Response(status, reason, fields, body, raw, rawStart, rawEnd);
        }
        // Request-Line = Method SP Request-URI SP SIP-Version (single spaces, RFC 4475 §3.1.2.8-10)
        int sp1 = indexOf(b, ' ', s, e);
        int sp2 = sp1 < 0 ? -1 : indexOf(b, ' ', sp1 + 1, e);
        if (sp1 <= s || sp2 < 0 || sp2 == sp1 + 1 || indexOf(b, ' ', sp2 + 1, e) >= 0 || sp2 + 1 == e) {
            throw new SipParseException(400, "bad request line '" + text(b, s, e) + "'");
        }
        for (int k = s; k < sp1; k++) {
            if (!Syntax.isTokenChar(b[k])) throw new SipParseException(400, "bad method '" + text(b, s, sp1) + "'");
        }
        checkVersion(b, sp2 + 1, e);
        String uri = new String(b, sp1 + 1, sp2 - sp1 - 1, StandardCharsets.UTF_8);
        if (uri.startsWith("<")) throw new SipParseException(400, "Request-URI in angle brackets: " + uri);
        if (uri.indexOf('\t') >= 0) throw new SipParseException(400, "whitespace in the Request-URI");
        String method = new String(b, s, sp1 - s, StandardCharsets.ISO_8859_1);
        return new Request(method, uri, fields, body, raw, rawStart, rawEnd);
    }

    /** SIP-Version must be SIP/2.0 (RFC 3261 §7.1); another SIP/x.y is 505 (RFC 4475 §3.1.2.16). */
    private static void checkVersion(byte[] b, int s, int e) {
        if (e - s == 7 && regionMatchesIgnoreCase(b, s, "SIP/2.0")) return;
        String v = text(b, s, e);
        if (v.regionMatches(true, 0, "SIP/", 0, 4) && v.substring(4).matches("\\d+\\.\\d+")) {
            throw new SipParseException(505, "version " + v + " not supported");
        }
        throw new SipParseException(400, "bad SIP version '" + v + "'");
    }

    /** The Content-Length, or -1 when absent; several different values or a bad number are 400 (RFC 4475 §3.3.9). */
    private static long contentLength(List<SipMessage.Field> fields) {
        long found = -1;
        for (SipMessage.Field f : fields) {
            if (!f.key.equals("content-length")) continue;
            String v = f.value().trim();
            if (v.startsWith("-")) throw new SipParseException(400, "negative Content-Length " + v);
            long n = Syntax.parseUnsigned(v, "Content-Length");
            if (found >= 0 && found != n) throw new SipParseException(400, "conflicting Content-Length values");
            found = n;
        }
        return found;
    }

    static int indexOf(byte[] b, int c, int from, int to) {
        for (int i = from; i < to; i++) if (b[i] == c) return i;
        return -1;
    }

    private static int trimEnd(byte[] b, int from, int to) {
        while (to > from && (b[to - 1] == ' ' || b[to - 1] == '\t')) to--;
        return to;
    }

    private static boolean startsWith(byte[] b, int s, String prefix) {
        for (int i = 0; i < prefix.length(); i++) if (b[s + i] != prefix.charAt(i)) return false;
        return true;
    }

    private static boolean regionMatchesIgnoreCase(byte[] b, int s, String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.toUpperCase((char) b[s + i]) != text.charAt(i)) return false;
        }
        return true;
    }

    private static String text(byte[] b, int s, int e) {
        String t = new String(b, s, Math.min(e - s, 120), StandardCharsets.UTF_8);
        return t.replace('\r', ' ').replace('\n', ' ');
    }
}
