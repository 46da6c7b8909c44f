package org.peerline.codec.l16;

import java.util.Arrays;
import org.peerline.api.codec.Codec;
import org.peerline.api.codec.CodecException;
import org.peerline.api.codec.Decoder;
import org.peerline.api.codec.Encoder;

/**
 * L16 (RFC 3551 §4.5.11): 16-bit signed two's-complement linear PCM in network byte order, channels interleaved,
 * one sample per clock tick (so the sample rate is the clock rate). Payload types 10 (L16/44100/2) and 11
 * (L16/44100/1) are static (RFC 3551 Table 4); every other format is dynamic. Immutable and thread-safe.
 */
public final class L16Codec implements Codec {
    /** Explicit limits on the formats this codec accepts. */
    public static final int MAX_CLOCK_RATE = 192_000, MAX_CHANNELS = 16;

    private final int clockRate;
    private final int channels;

    /** @throws IllegalArgumentException if clockRate is not in 1..192000 or channels not in 1..16 */
    public L16Codec(int clockRate, int channels) {
        if (clockRate < 1 || clockRate > MAX_CLOCK_RATE) {
            throw new IllegalArgumentException("L16 clock rate out of 1.." + MAX_CLOCK_RATE + ": " + clockRate);
        }
        if (channels < 1 || channels > MAX_CHANNELS) {
            throw new IllegalArgumentException("L16 channels out of 1.." + MAX_CHANNELS + ": " + channels);
        }
        this.clockRate = clockRate;
        this.channels = channels;
    }

    /**
     * Parses a format {@code clockrate[/channels]} (the tail of an {@code a=rtpmap} value, RFC 4566 §6; channels
     * default to 1 as in RFC 3551 §4.5), e.g. {@code 44100/2}.
     *
     * @throws IllegalArgumentException naming the string if it is malformed or out of range
     */
    public static L16Codec parse(String format) {
        if (format == null) {
            throw new IllegalArgumentException("L16 format is null");
        }
        String[] parts = format.trim().split("/", -1);
        try {
            if (parts.length > 2) {
                throw new IllegalArgumentException("expected clockrate/channels");
            }
            return new L16Codec(Integer.parseInt(parts[0].trim()),
                    parts.length == 2 ? Integer.parseInt(parts[1].trim()) : 1);
        } catch (IllegalArgumentException e) { // NumberFormatException too
            throw new IllegalArgumentException("bad L16 format '" + format + "': " + e.getMessage(), e);
        }
    }

    @Override
    public String encoding() {
        return "L16";
    }

    @Override
    public int clockRate() {
        return clockRate;
    }

    @Override
    public int sampleRate() {
        return clockRate;
    }

    @Override
    public int channels() {
        return channels;
    }

    /** RFC 3551 Table 4: 10 for L16/44100/2, 11 for L16/44100/1, otherwise {@link #DYNAMIC}. */
    @Override
    public int payloadType() {
        if (clockRate != 44100 || channels > 2) {
            return DYNAMIC;
        }
        return channels == 2 ? 10 : 11;
    }

    @Override
    public Encoder newEncoder() {
        return new L16Encoder();
    }

    @Override
    public Decoder newDecoder() {
        return new L16Decoder();
    }

    @Override
    public String toString() {
        return rtpmap();
    }

    /** RFC 3551 §4.5.11: each sample as two bytes, most significant first. */
    private final class L16Encoder implements Encoder {
        @Override
        public int encode(short[] pcm, int offset, int samples, byte[] payload, int payloadOffset) {
            int n = samples * channels;
            if (samples < 0 || offset < 0 || offset + n > pcm.length) {
                throw new IllegalArgumentException("bad PCM range: " + samples + " samples at " + offset);
            }
            if (payloadOffset < 0 || payloadOffset + 2 * n > payload.length) {
                throw new IllegalArgumentException("payload too small for " + 2 * n + " bytes");
            }
            for (int i = 0, p = payloadOffset; i < n; i++) {
                short s = pcm[offset + i];
                payload[p++] = (byte) (s >> 8);
                payload[p++] = (byte) s;
            }
            return 2 * n;
        }

        @Override
        public int maxPayloadSize(int samples) {
            return 2 * samples * channels;
        }
    }

    /** RFC 3551 §4.5.11: a payload holds whole sample frames of {@code 2 * channels} bytes. */
    private final class L16Decoder implements Decoder {
        @Override
        public int decode(byte[] payload, int offset, int length, short[] pcm, int pcmOffset) throws CodecException {
            if (offset < 0 || length < 0 || offset + length > payload.length) {
                throw new IllegalArgumentException("bad payload range: " + length + " bytes at " + offset);
            }
            if (length % (2 * channels) != 0) {
                throw new CodecException("L16 payload length " + length + " is not a multiple of " + 2 * channels);
            }
            int n = length / 2;
            if (pcmOffset < 0 || pcmOffset + n > pcm.length) {
                throw new IllegalArgumentException("PCM buffer too small for " + n + " samples");
            }
            for (int i = 0, p = offset; i < n; i++, p += 2) {
                pcm[pcmOffset + i] = (short) ((payload[p] << 8) | (payload[p + 1] & 0xFF));
            }
            return n / channels;
        }

        @Override
        public int maxSamples(int payloadLength) {
            return payloadLength / (2 * channels);
        }

        /** Silence, the simplest concealment (RFC 3550 §6.4.1 counts the loss). */
        @Override
        public int conceal(short[] pcm, int pcmOffset, int samples) {
            Arrays.fill(pcm, pcmOffset, pcmOffset + samples * channels, (short) 0);
            return samples;
        }
    }
}
