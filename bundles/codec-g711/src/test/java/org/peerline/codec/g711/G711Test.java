package org.peerline.codec.g711;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.peerline.api.codec.Decoder;
import org.peerline.api.codec.Encoder;

/** ITU-T G.711 Tables 1a/2a, through the RFC 3551 §4.5.14 payload formats. */
class G711Test {
    /**
     * μ-law vectors worked out from the G.711 Table 2a algorithm with the 16-bit bias 0x84 and clip 32635:
     * 0 -> |0|+132 = 0x84: segment 0, step 0, sign 0 -> ~0x00 = 0xFF (positive zero);
     * -1 -> |-1|+132 = 133: segment 0, step (133>>3)&15 = 0, sign 0x80 -> ~0x80 = 0x7F (negative zero).
     * (Sun's g711.c and Python's audioop floor to 14 bits before taking the magnitude and give 0x7E for -1.)
     * 1000 -> 1132 = 0x46C: segment 3, step (1132>>6)&15 = 1 -> ~0x31 = 0xCE.
     * Full scale: 8031 (Table 2a's largest decoder output) x 4 = 32124, code 0x80 / 0x00.
     */
    @Test
    void ulawKnownCodeWords() {
        assertEquals((byte) 0xFF, G711.linearToUlaw((short) 0));
        assertEquals((byte) 0x7F, G711.linearToUlaw((short) -1));
        assertEquals((byte) 0xCE, G711.linearToUlaw((short) 1000));
        assertEquals((byte) 0x4E, G711.linearToUlaw((short) -1000));
        assertEquals((byte) 0x80, G711.linearToUlaw(Short.MAX_VALUE));
        assertEquals((byte) 0x00, G711.linearToUlaw(Short.MIN_VALUE));
        assertEquals(0, G711.ulawToLinear((byte) 0xFF));
        assertEquals(0, G711.ulawToLinear((byte) 0x7F));
        assertEquals(32124, G711.ulawToLinear((byte) 0x80));
        assertEquals(-32124, G711.ulawToLinear((byte) 0x00));
        assertEquals(988, G711.ulawToLinear((byte) 0xCE)); // (((1 << 3) + 132) << 3) - 132: middle of [956, 1019]
    }

    /**
     * A-law vectors from G.711 Table 1a (character signals with even bits inverted, sign bit 1 = positive):
     * 0 -> 1000 0000 ^ 0x55 = 0xD5; -1 -> one's complement magnitude 0 -> 0000 0000 ^ 0x55 = 0x55;
     * full scale: segment 7 step 15 -> 0xFF ^ 0x55 = 0xAA (positive), 0x7F ^ 0x55 = 0x2A (negative), decoded
     * 4032 x 8 = 32256; the smallest output is 1 x 8 = 8 (A-law has no zero).
     */
    @Test
    void alawKnownCodeWords() {
        assertEquals((byte) 0xD5, G711.linearToAlaw((short) 0));
        assertEquals((byte) 0x55, G711.linearToAlaw((short) -1));
        assertEquals((byte) 0xAA, G711.linearToAlaw(Short.MAX_VALUE));
        assertEquals((byte) 0x2A, G711.linearToAlaw(Short.MIN_VALUE));
        assertEquals(8, G711.alawToLinear((byte) 0xD5));
        assertEquals(-8, G711.alawToLinear((byte) 0x55));
        assertEquals(32256, G711.alawToLinear((byte) 0xAA));
        assertEquals(-32256, G711.alawToLinear((byte) 0x2A));
    }

    /** Quantisation step in 16-bit units of the segment a code word lies in. */
    private static int step(G711Codec codec, byte code) {
        if (codec == G711Codec.PCMU) {
            return 8 << ((~code >> 4) & 7);
        }
        int segment = ((code ^ 0x55) >> 4) & 7;
        return segment == 0 ? 16 : 16 << (segment - 1);
    }

    /** Every input comes back within half a step (the decoder picks the middle), μ-law clipping within a step. */
    @ParameterizedTest
    @EnumSource(G711Codec.class)
    void errorBoundedBySegmentStep(G711Codec codec) {
        for (int x = Short.MIN_VALUE; x <= Short.MAX_VALUE; x++) {
            byte code = codec.encode((short) x);
            int error = Math.abs(codec.decode(code) - x);
            int step = step(codec, code);
            boolean clipped = codec == G711Codec.PCMU && Math.abs(x) > G711.CLIP;
            assertTrue(error <= (clipped ? step : step / 2), codec + " " + x + " error " + error + " step " + step);
        }
    }

    @ParameterizedTest
    @EnumSource(G711Codec.class)
    void everyCodeWordRoundTrips(G711Codec codec) {
        for (int c = 0; c < 256; c++) {
            byte code = (byte) c;
            byte again = codec.encode(codec.decode(code));
            if (codec == G711Codec.PCMU && c == 0x7F) {
                assertEquals((byte) 0xFF, again); // negative zero decodes to 0, which encodes as positive zero
            } else {
                assertEquals(code, again, codec + " code " + Integer.toHexString(c));
            }
        }
    }

    @Test
    void decodingIsMonotonicAndOddSymmetric() {
        for (G711Codec codec : G711Codec.values()) {
            short previous = Short.MIN_VALUE;
            for (int x = Short.MIN_VALUE; x <= Short.MAX_VALUE; x += 7) {
                short y = codec.decode(codec.encode((short) x));
                assertTrue(y >= previous, codec + " at " + x);
                previous = y;
            }
            for (int c = 0; c < 128; c++) { // the sign bit alone flips the sign
                assertEquals(-codec.decode((byte) c), codec.decode((byte) (c | 0x80)), codec + " " + c);
            }
        }
    }

    /** A 1 kHz sine at -6 dBFS, one second at 8000 Hz; G.711 gives about 38 dB here. */
    @ParameterizedTest
    @EnumSource(G711Codec.class)
    void sineSnrAbove35dB(G711Codec codec) throws Exception {
        int n = 8000;
        short[] pcm = new short[n];
        double amplitude = 32767 * Math.pow(10, -6 / 20.0);
        for (int i = 0; i < n; i++) {
            pcm[i] = (short) Math.round(amplitude * Math.sin(2 * Math.PI * 1000 * i / 8000.0 + 0.3));
        }
        Encoder enc = codec.newEncoder();
        byte[] payload = new byte[enc.maxPayloadSize(n)];
        assertEquals(n, enc.encode(pcm, 0, n, payload, 0));
        Decoder dec = codec.newDecoder();
        short[] out = new short[dec.maxSamples(n)];
        assertEquals(n, dec.decode(payload, 0, n, out, 0));
        double signal = 0, noise = 0;
        for (int i = 0; i < n; i++) {
            signal += (double) pcm[i] * pcm[i];
            noise += (double) (out[i] - pcm[i]) * (out[i] - pcm[i]);
        }
        double snr = 10 * Math.log10(signal / noise);
        assertTrue(snr > 35, codec + " SNR " + snr);
    }

    @Test
    void rtpFormats() {
        assertEquals(0, G711Codec.PCMU.payloadType());
        assertEquals(8, G711Codec.PCMA.payloadType());
        assertEquals("PCMU/8000", G711Codec.PCMU.rtpmap());
        assertEquals("PCMA/8000", G711Codec.PCMA.rtpmap());
        assertEquals(160, G711Codec.PCMA.frameSamples());
    }

    @Test
    void offsetsConcealAndBadRanges() throws Exception {
        Encoder enc = G711Codec.PCMA.newEncoder();
        byte[] payload = new byte[4];
        assertEquals(2, enc.encode(new short[] {5, 0, -1}, 1, 2, payload, 2));
        assertArrayEquals(new byte[] {0, 0, (byte) 0xD5, 0x55}, payload);
        Decoder dec = G711Codec.PCMA.newDecoder();
        short[] pcm = {1, 1, 1};
        assertEquals(2, dec.decode(payload, 2, 2, pcm, 1));
        assertArrayEquals(new short[] {1, 8, -8}, pcm);
        assertEquals(2, dec.conceal(pcm, 0, 2));
        assertArrayEquals(new short[] {0, 0, -8}, pcm);
        assertThrows(IllegalArgumentException.class, () -> enc.encode(new short[3], 0, 3, new byte[2], 0));
        assertThrows(IllegalArgumentException.class, () -> dec.decode(new byte[3], 0, 3, new short[2], 0));
        assertThrows(IllegalArgumentException.class, () -> dec.decode(new byte[3], 2, 2, new short[2], 0));
    }
}
