package org.peerline.sip.message;

/** The CSeq header (RFC 3261 §20.16, §8.1.1.5): a sequence number up to 2^32-1 and a method. */
public record CSeq(long number, String method) {
    public static CSeq parse(String value) {
        String s = value.trim();
        int sp = 0;
        while (sp < s.length() && !Syntax.isWhitespace(s.charAt(sp))) sp++;
        long n = Syntax.parseUnsigned(s.substring(0, sp), "CSeq number");
        String m = s.substring(sp).trim();
        if (!Syntax.isToken(m)) throw new SipParseException(400, "bad CSeq method in '" + s + "'");
        return new CSeq(n, m);
    }

    @Override
    public String toString() {
        return number + " " + method;
    }
}
