package org.peerline.sip.stack;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Random tags and Call-IDs (RFC 3261 §19.3: at least 32 bits of randomness; §8.1.1.4). */
public final class Tags {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Tags() {
    }

    /** A From/To tag. */
    public static String tag() {
        byte[] b = new byte[6];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** A Call-ID, unique over space and time (§8.1.1.4). */
    public static String callId(String host) {
        byte[] b = new byte[12];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b) + "@" + host;
    }
}
