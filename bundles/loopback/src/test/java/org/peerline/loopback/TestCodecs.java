package org.peerline.loopback;

import org.peerline.api.codec.Codec;
import org.peerline.api.codec.CodecException;
import org.peerline.api.codec.Decoder;
import org.peerline.api.codec.Encoder;

/**
 * Codecs written for the tests: {@link #identity} is 16-bit big-endian linear PCM like L16 (RFC 3551 §4.5.11),
 * {@link #eightBit} keeps only the high 8 bits of each sample (rounded), like the 8-bit linear L8 (RFC 3551 §4.5.10).
 */
public final class TestCodecs {
    private TestCodecs() {
    }

    /** Lossless 16-bit big-endian PCM. */
    public static Codec identity(int rate, int channels) {
        return new Linear("L16", rate, channels, 2);
    }

    /** 8 bits per sample: SNR about 6 dB per bit below a 16-bit path. */
    public static Codec eightBit(int rate, int channels) {
        return new Linear("L8", rate, channels, 1);
    }

    private record Linear(String encoding, int sampleRate, int channels, int width) implements Codec {
        @Override public int clockRate() { return sampleRate; }
        @Override public int payloadType() { return DYNAMIC; }

        @Override
        public Encoder newEncoder() {
            return new Encoder() {
                @Override
                public int encode(short[] pcm, int offset, int samples, byte[] payload, int payloadOffset) {
                    int n = samples * channels;
                    for (int i = 0; i < n; i++) {
                        int s = pcm[offset + i];
                        if (width == 2) {
                            payload[payloadOffset + 2 * i] = (byte) (s >> 8);
                            payload[payloadOffset + 2 * i + 1] = (byte) s;
                        } else {
                            payload[payloadOffset + i] = (byte) Math.min(127, (s + 128) >> 8);
                        }
                    }
                    return n * width;
                }

                @Override
                public int maxPayloadSize(int samples) {
                    return samples * channels * width;
                }
            };
        }

        @Override
        public Decoder newDecoder() {
            return new Decoder() {
                @Override
                public int decode(byte[] payload, int offset, int length, short[] pcm, int pcmOffset)
                        throws CodecException {
                    if (length % (width * channels) != 0) throw new CodecException("bad length " + length);
                    int n = length / width;
                    for (int i = 0; i < n; i++) {
                        pcm[pcmOffset + i] = width == 2
                                ? (short) ((payload[offset + 2 * i] << 8) | (payload[offset + 2 * i + 1] & 0xFF))
                                : (short) (payload[offset + i] << 8);
                    }
                    return n / channels;
                }

                @Override
                public int maxSamples(int payloadLength) {
                    return payloadLength / (width * channels);
                }

                @Override
                public int conceal(short[] pcm, int pcmOffset, int samples) {
                    java.util.Arrays.fill(pcm, pcmOffset, pcmOffset + samples * channels, (short) 0);
                    return samples;
                }
            };
        }
    }
}
