package org.peerline.codec.l16;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.peerline.api.codec.Codec;
import org.peerline.api.codec.CodecException;
import org.peerline.api.codec.Decoder;
import org.peerline.api.codec.Encoder;

/** RFC 3551 §4.5.11 (L16) and Table 4 (static payload types). */
class L16CodecTest {
    private static final short[] EXTREMES = {0, 1, -1, 0x1234, -0x1234, 255, -256, Short.MAX_VALUE, Short.MIN_VALUE, 0};

    @Test
    void encodeIsBigEndian() {
        Encoder enc = new L16Codec(8000, 1).newEncoder();
        byte[] out = new byte[8];
        assertEquals(8, enc.encode(new short[] {0x1234, -2, Short.MIN_VALUE, Short.MAX_VALUE}, 0, 4, out, 0));
        assertArrayEquals(new byte[] {0x12, 0x34, (byte) 0xFF, (byte) 0xFE, (byte) 0x80, 0, 0x7F, (byte) 0xFF}, out);
    }

    @Test
    void stereoIsInterleavedLeftFirst() {
        Encoder enc = new L16Codec(44100, 2).newEncoder();
        byte[] out = new byte[enc.maxPayloadSize(1)];
        assertEquals(4, enc.encode(new short[] {9, 0x0102, 0x0304}, 1, 1, out, 0));
        assertArrayEquals(new byte[] {1, 2, 3, 4}, out);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void roundTripsExactly(int channels) throws CodecException {
        Codec codec = new L16Codec(16000, channels);
        int samples = EXTREMES.length / channels;
        byte[] payload = new byte[3 + codec.newEncoder().maxPayloadSize(samples)];
        assertEquals(2 * EXTREMES.length, codec.newEncoder().encode(EXTREMES, 0, samples, payload, 3));
        Decoder dec = codec.newDecoder();
        short[] pcm = new short[1 + dec.maxSamples(2 * EXTREMES.length) * channels];
        assertEquals(samples, dec.decode(payload, 3, 2 * EXTREMES.length, pcm, 1));
        short[] back = new short[EXTREMES.length];
        System.arraycopy(pcm, 1, back, 0, back.length);
        assertArrayEquals(EXTREMES, back);
    }

    @ParameterizedTest
    @CsvSource({"44100, 2, 10", "44100, 1, 11", "8000, 1, -1", "16000, 1, -1", "44100, 6, -1", "48000, 2, -1"})
    void staticPayloadTypes(int rate, int channels, int pt) {
        L16Codec codec = new L16Codec(rate, channels);
        assertEquals(pt, codec.payloadType());
        assertEquals(rate, codec.sampleRate());
        assertEquals(rate * 20 / 1000, codec.frameSamples());
        assertEquals("L16/" + rate + (channels > 1 ? "/" + channels : ""), codec.rtpmap());
    }

    @ParameterizedTest
    @CsvSource({"1, 1", "1, 3", "2, 2", "2, 3", "2, 6"})
    void decodeRejectsPartialFrames(int channels, int length) {
        Decoder dec = new L16Codec(8000, channels).newDecoder();
        CodecException e = assertThrows(CodecException.class,
                () -> dec.decode(new byte[length], 0, length, new short[16], 0));
        assertTrue(e.getMessage().contains(Integer.toString(length)), e.getMessage());
    }

    @Test
    void decoderStaysUsableAfterError() throws CodecException {
        Decoder dec = new L16Codec(8000, 1).newDecoder();
        short[] pcm = new short[2];
        assertThrows(CodecException.class, () -> dec.decode(new byte[3], 0, 3, pcm, 0));
        assertEquals(1, dec.decode(new byte[] {0x7F, 0x00}, 0, 2, pcm, 0));
        assertEquals(0x7F00, pcm[0]);
    }

    @Test
    void concealWritesSilence() {
        Decoder dec = new L16Codec(8000, 2).newDecoder();
        short[] pcm = {1, 2, 3, 4, 5, 6};
        assertEquals(2, dec.conceal(pcm, 1, 2));
        assertArrayEquals(new short[] {1, 0, 0, 0, 0, 6}, pcm);
    }

    @Test
    void badArgumentsThrowIllegalArgument() {
        Codec codec = new L16Codec(8000, 1);
        assertThrows(IllegalArgumentException.class, () -> codec.newEncoder().encode(new short[4], 0, 4, new byte[7], 0));
        assertThrows(IllegalArgumentException.class,
                () -> codec.newDecoder().decode(new byte[4], 0, 4, new short[1], 0));
        assertThrows(IllegalArgumentException.class, () -> new L16Codec(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new L16Codec(8000, 0));
    }

    @ParameterizedTest
    @CsvSource({"8000/1, 8000, 1", "' 44100 / 2 ', 44100, 2", "16000, 16000, 1", "48000/6, 48000, 6"})
    void parsesGoodFormats(String format, int rate, int channels) {
        L16Codec codec = L16Codec.parse(format);
        assertEquals(rate, codec.clockRate());
        assertEquals(channels, codec.channels());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"abc", "8000/", "/1", "8000/x", "8000/1/1", "8000:1", "0/1", "-8000/1", "8000/0",
            "8000/17", "999999/1", "99999999999/1", "8000.5/1"})
    void rejectsBadFormats(String format) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> L16Codec.parse(format));
        assertTrue(e.getMessage().contains(String.valueOf(format)), e.getMessage());
    }
}
