package org.peerline.sip.message;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte buffer for serialization, writing ASCII without a charset encoder. */
final class ByteSink {
    private byte[] buf;
    private int len;

    ByteSink(int capacity) {
        buf = new byte[capacity];
    }

    private void ensure(int n) {
        if (len + n > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
    }

    ByteSink bytes(byte[] b, int off, int n) {
        ensure(n);
        System.arraycopy(b, off, buf, len, n);
        len += n;
        return this;
    }

    ByteSink ascii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) return utf8(s.substring(i));
            buf[len++] = (byte) c;
        }
        return this;
    }

    ByteSink utf8(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return bytes(b, 0, b.length);
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }
}
