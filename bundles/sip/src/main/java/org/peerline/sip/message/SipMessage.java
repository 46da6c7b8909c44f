package org.peerline.sip.message;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A SIP message (RFC 3261 §7): a start line, header fields in order, and a body. Header values are kept as the
 * bytes received until first read (lazy), and an unmodified message serializes to exactly the bytes it was parsed
 * from, so unknown headers and bodies pass through byte for byte. Typed views ({@link #via()}, {@link #from()},
 * {@link #cseq()}, ...) parse on each call. Not thread-safe: a message belongs to one event loop at a time.
 */
public abstract sealed class SipMessage permits Request, Response {
    static final byte[] CRLF = {'\r', '\n'};

    /** One header field line (RFC 3261 §7.3): its name as written and its value, raw bytes until read. */
    static final class Field {
        final String name;
        final String key;
        private String value;
        private final byte[] src;
        private final int start;
        private final int end;
        private final boolean folded;

        Field(String name, String value) {
            this.name = name;
            this.key = HeaderNames.key(name);
            this.value = value;
            this.src = null;
            this.start = 0;
            this.end = 0;
            this.folded = false;
        }

        Field(String name, String key, byte[] src, int start, int end, boolean folded) {
            this.name = name;
            this.key = key;
            this.src = src;
            this.start = start;
            this.end = end;
            this.folded = folded;
        }

        String value() {
            if (value == null) {
                String v = new String(src, start, end - start, StandardCharsets.UTF_8);
                // RFC 3261 §7.3.1: a folded line (CRLF followed by SP or HT) is one SP
                value = folded ? v.replaceAll("\\r?\\n[ \\t]+", " ") : v;
            }
            return value;
        }

        void write(ByteSink out) {
            out.ascii(name).ascii(": ");
            if (value == null && !folded) out.bytes(src, start, end - start);
            else out.utf8(value());
            out.bytes(CRLF, 0, 2);
        }
    }

    final List<Field> fields;
    byte[] body;
    /** The bytes this message was parsed from, while it is unmodified; else null. */
    private byte[] raw;
    private int rawStart;
    private int rawEnd;

    SipMessage() {
        fields = new ArrayList<>(12);
        body = new byte[0];
    }

    SipMessage(List<Field> fields, byte[] body, byte[] raw, int rawStart, int rawEnd) {
        this.fields = fields;
        this.body = body;
        this.raw = raw;
        this.rawStart = rawStart;
        this.rawEnd = rawEnd;
    }

    void modified() {
        raw = null;
    }

    // ---- header access -------------------------------------------------------------------------------------

    /** The value of the first field with this name (compact forms and case do not matter), or null. */
    public String header(String name) {
        String k = HeaderNames.key(name);
        for (Field f : fields) if (f.key.equals(k)) return f.value();
        return null;
    }

    /** The values of every field with this name, in order (one per header line). */
    public List<String> headers(String name) {
        String k = HeaderNames.key(name);
        List<String> out = new ArrayList<>(2);
        for (Field f : fields) if (f.key.equals(k)) out.add(f.value());
        return out;
    }

    /** Every element of a header, list headers split at their commas (RFC 3261 §7.3.1), in order. */
    public List<String> values(String name) {
        if (!HeaderNames.isList(name)) return headers(name);
        List<String> out = new ArrayList<>(2);
        for (String v : headers(name)) out.addAll(Syntax.splitList(v));
        return out;
    }

    /** Whether a field with this name is present. */
    public boolean has(String name) {
        String k = HeaderNames.key(name);
        for (Field f : fields) if (f.key.equals(k)) return true;
        return false;
    }

    /** How many fields carry this name. */
    public int count(String name) {
        String k = HeaderNames.key(name);
        int n = 0;
        for (Field f : fields) if (f.key.equals(k)) n++;
        return n;
    }

    /** Replaces every field of this name by one field with this value (null removes them). */
    public SipMessage set(String name, Object value) {
        String k = HeaderNames.key(name);
        int at = -1;
        for (int i = fields.size() - 1; i >= 0; i--) {
            if (fields.get(i).key.equals(k)) {
                fields.remove(i);
                at = i;
            }
        }
        if (value != null) {
            Field f = new Field(HeaderNames.canonical(name), value.toString());
            if (at >= 0) fields.add(at, f);
            else fields.add(f);
        }
        modified();
        return this;
    }

    /** Appends a field after the existing ones. */
    public SipMessage add(String name, Object value) {
        fields.add(new Field(HeaderNames.canonical(name), value.toString()));
        modified();
        return this;
    }

    /** Puts a field before the first field of the same name, or at the end (Via, Record-Route: RFC 3261 §16.6). */
    public SipMessage addFirst(String name, Object value) {
        String k = HeaderNames.key(name);
        Field f = new Field(HeaderNames.canonical(name), value.toString());
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).key.equals(k)) {
                fields.add(i, f);
                modified();
                return this;
            }
        }
        fields.add(f);
        modified();
        return this;
    }

    /**
     * Removes the first element of a list header (the top Via, RFC 3261 §18.1.2; the first Route, §16.4), keeping
     * the rest of that field line. Returns the removed element, or null if there was none.
     */
    public String removeFirst(String name) {
        String k = HeaderNames.key(name);
        for (int i = 0; i < fields.size(); i++) {
            Field f = fields.get(i);
            if (!f.key.equals(k)) continue;
            List<String> elements = Syntax.splitList(f.value());
            fields.remove(i);
            if (elements.size() > 1) {
                fields.add(i, new Field(f.name, String.join(", ", elements.subList(1, elements.size()))));
            }
            modified();
            return elements.isEmpty() ? null : elements.get(0);
        }
        return null;
    }

    /** Removes every field of this name; returns how many. */
    public int remove(String name) {
        String k = HeaderNames.key(name);
        int before = fields.size();
        fields.removeIf(f -> f.key.equals(k));
        if (fields.size() != before) modified();
        return before - fields.size();
    }

    /** Header names in order of appearance, as written. */
    public List<String> headerNames() {
        return fields.stream().map(f -> f.name).toList();
    }

    // ---- body ----------------------------------------------------------------------------------------------

    /** The body (a copy). */
    public byte[] body() {
        return body.clone();
    }

    /** The body length. */
    public int bodyLength() {
        return body.length;
    }

    /** The body as UTF-8 text. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** Sets the body and its Content-Type (null type for an empty body); Content-Length follows on serialization. */
    public SipMessage body(byte[] content, String contentType) {
        body = content == null ? new byte[0] : content.clone();
        set(HeaderNames.CONTENT_TYPE, body.length == 0 ? null : contentType);
        return this;
    }

    public SipMessage body(String text, String contentType) {
        return body(text.getBytes(StandardCharsets.UTF_8), contentType);
    }

    // ---- typed views (parsed on each call; they throw SipParseException on bad syntax) -----------------------

    /** The top Via (RFC 3261 §8.1.1.7), or null. */
    public Via via() {
        String v = header(HeaderNames.VIA);
        return v == null ? null : Via.parse(Syntax.splitList(v).get(0));
    }

    /** All Via values, top first. */
    public List<Via> vias() {
        return values(HeaderNames.VIA).stream().map(Via::parse).toList();
    }

    public Address from() {
        String v = header(HeaderNames.FROM);
        return v == null ? null : Address.parse(v);
    }

    public Address to() {
        String v = header(HeaderNames.TO);
        return v == null ? null : Address.parse(v);
    }

    public String callId() {
        String v = header(HeaderNames.CALL_ID);
        return v == null ? null : v.trim();
    }

    public CSeq cseq() {
        String v = header(HeaderNames.CSEQ);
        return v == null ? null : CSeq.parse(v);
    }

    /** The Max-Forwards value, or -1 if absent (RFC 3261 §8.1.1.6, §16.3 step 3). */
    public int maxForwards() {
        String v = header(HeaderNames.MAX_FORWARDS);
        if (v == null) return -1;
        long n = Syntax.parseUnsigned(v.trim(), "Max-Forwards");
        if (n > 255) throw new SipParseException(400, "Max-Forwards " + v.trim() + " is above 255");
        return (int) n;
    }

    /** Contact values parsed (RFC 3261 §20.10); a "*" contact is returned as {@link Address#STAR}. */
    public List<Address> contacts() {
        return values(HeaderNames.CONTACT).stream().map(Address::parse).toList();
    }

    // ---- serialization -------------------------------------------------------------------------------------

    abstract void writeStartLine(ByteSink out);

    /** The message on the wire (RFC 3261 §7), with a Content-Length matching the body. */
    public byte[] toBytes() {
        if (raw != null) return Arrays.copyOfRange(raw, rawStart, rawEnd);
        ByteSink out = new ByteSink(256 + body.length + 48 * fields.size());
        writeStartLine(out);
        boolean lengthWritten = false;
        for (Field f : fields) {
            if (f.key.equals("content-length")) {
                if (lengthWritten) continue;
                out.ascii(f.name).ascii(": ").ascii(Integer.toString(body.length)).bytes(CRLF, 0, 2);
                lengthWritten = true;
            } else {
                f.write(out);
            }
        }
        if (!lengthWritten) out.ascii("Content-Length: ").ascii(Integer.toString(body.length)).bytes(CRLF, 0, 2);
        out.bytes(CRLF, 0, 2).bytes(body, 0, body.length);
        return out.toByteArray();
    }

    @Override
    public String toString() {
        return new String(toBytes(), StandardCharsets.UTF_8);
    }
}
