package org.peerline.codec.g711;

/**
 * The two G.711 companding laws (ITU-T G.711 (11/88) §2-3, Tables 1a/1b for A-law, 2a/2b for μ-law) between 16-bit
 * linear PCM and 8-bit code words. G.711 works on 13-bit (A-law) and 14-bit (μ-law) magnitudes; here the linear
 * side is scaled to 16 bits (A-law values × 8, μ-law values × 4). Each law has 8 segments of 16 steps; a decoder
 * returns the middle of the step. Encoders are arithmetic, decoders use 256-entry tables.
 */
public final class G711 {
    /** μ-law: bias added to the magnitude so segment boundaries fall on powers of two (33 × 4). */
    static final int BIAS = 0x84;
    /** μ-law: largest magnitude that still fits after biasing (8158 × 4 + 3). */
    static final int CLIP = 32635;

    private static final short[] ULAW = new short[256];
    private static final short[] ALAW = new short[256];

    static {
        for (int i = 0; i < 256; i++) {
            ULAW[i] = (short) ulawDecode(i);
            ALAW[i] = (short) alawDecode(i);
        }
    }

    private G711() {
    }

    /** μ-law encoding (G.711 Table 2a): sign, 3-bit segment, 4-bit step, all bits inverted. */
    public static byte linearToUlaw(short pcm) {
        int sign = pcm < 0 ? 0x80 : 0;
        int magnitude = Math.min(Math.abs(pcm), CLIP) + BIAS; // 0x84..0x7FFF
        int segment = 31 - Integer.numberOfLeadingZeros(magnitude) - 7;
        int step = (magnitude >> (segment + 3)) & 0x0F;
        return (byte) ~(sign | segment << 4 | step);
    }

    /** μ-law decoding (G.711 Table 2a): 0xFF and 0x7F are both zero. */
    public static short ulawToLinear(byte code) {
        return ULAW[code & 0xFF];
    }

    private static int ulawDecode(int code) {
        int u = ~code & 0xFF;
        int magnitude = ((((u & 0x0F) << 3) + BIAS) << ((u >> 4) & 7)) - BIAS;
        return (u & 0x80) != 0 ? -magnitude : magnitude;
    }

    /**
     * A-law encoding (G.711 Table 1a): sign (1 = positive), 3-bit segment, 4-bit step, even bits inverted (0x55).
     * Negative values are taken as one's complement, so the two halves are symmetric and there is no zero code.
     */
    public static byte linearToAlaw(short pcm) {
        int sign = pcm >= 0 ? 0x80 : 0;
        int magnitude = (pcm >= 0 ? pcm : ~pcm) >> 3; // 13-bit magnitude, 0..4095
        int segment = magnitude < 32 ? 0 : 31 - Integer.numberOfLeadingZeros(magnitude) - 4;
        int step = (magnitude >> (segment == 0 ? 1 : segment)) & 0x0F;
        return (byte) ((sign | segment << 4 | step) ^ 0x55);
    }

    /** A-law decoding (G.711 Table 1a): the middle of the step, never zero. */
    public static short alawToLinear(byte code) {
        return ALAW[code & 0xFF];
    }

    private static int alawDecode(int code) {
        int a = (code ^ 0x55) & 0xFF;
        int segment = (a >> 4) & 7;
        int magnitude = ((a & 0x0F) << 4) + 8; // middle of a 16-wide step in segments 0 and 1
        if (segment > 0) {
            magnitude = (magnitude + 0x100) << (segment - 1);
        }
        return (a & 0x80) != 0 ? magnitude : -magnitude;
    }
}
