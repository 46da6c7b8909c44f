package org.peerline.codec.g711;

import java.util.Arrays;
import org.peerline.api.codec.Codec;
import org.peerline.api.codec.Decoder;
import org.peerline.api.codec.Encoder;

/**
 * The G.711 RTP payload formats (RFC 3551 §4.5.14): PCMU (μ-law, static payload type 0) and PCMA (A-law, static
 * payload type 8), 8000 Hz mono, one octet per sample (RFC 3551 Table 4). Encoders and decoders are stateless and
 * accept any number of samples.
 */
public enum G711Codec implements Codec {
    PCMU("PCMU", 0) {
        @Override
        public byte encode(short pcm) {
            return G711.linearToUlaw(pcm);
        }

        @Override
        public short decode(byte code) {
            return G711.ulawToLinear(code);
        }
    },
    PCMA("PCMA", 8) {
        @Override
        public byte encode(short pcm) {
            return G711.linearToAlaw(pcm);
        }

        @Override
        public short decode(byte code) {
            return G711.alawToLinear(code);
        }
    };

    private final String encoding;
    private final int payloadType;

    G711Codec(String encoding, int payloadType) {
        this.encoding = encoding;
        this.payloadType = payloadType;
    }

    /** One linear sample to one code word. */
    public abstract byte encode(short pcm);

    /** One code word to one linear sample. */
    public abstract short decode(byte code);

    @Override
    public String encoding() {
        return encoding;
    }

    @Override
    public int clockRate() {
        return 8000;
    }

    @Override
    public int sampleRate() {
        return 8000;
    }

    @Override
    public int channels() {
        return 1;
    }

    @Override
    public int payloadType() {
        return payloadType;
    }

    @Override
    public Encoder newEncoder() {
        return new Encoder() {
            @Override
            public int encode(short[] pcm, int offset, int samples, byte[] payload, int payloadOffset) {
                check(pcm.length, offset, payload.length, payloadOffset, samples);
                for (int i = 0; i < samples; i++) {
                    payload[payloadOffset + i] = G711Codec.this.encode(pcm[offset + i]);
                }
                return samples;
            }

            @Override
            public int maxPayloadSize(int samples) {
                return samples;
            }
        };
    }

    @Override
    public Decoder newDecoder() {
        return new Decoder() {
            @Override
            public int decode(byte[] payload, int offset, int length, short[] pcm, int pcmOffset) {
                check(payload.length, offset, pcm.length, pcmOffset, length);
                for (int i = 0; i < length; i++) {
                    pcm[pcmOffset + i] = G711Codec.this.decode(payload[offset + i]);
                }
                return length;
            }

            @Override
            public int maxSamples(int payloadLength) {
                return payloadLength;
            }

            /** Silence, the simplest concealment. */
            @Override
            public int conceal(short[] pcm, int pcmOffset, int samples) {
                Arrays.fill(pcm, pcmOffset, pcmOffset + samples, (short) 0);
                return samples;
            }
        };
    }

    /** One sample is one octet: checks that {@code n} elements fit in both arrays. */
    private static void check(int inLength, int inOffset, int outLength, int outOffset, int n) {
        if (n < 0 || inOffset < 0 || outOffset < 0 || inOffset + n > inLength || outOffset + n > outLength) {
            throw new IllegalArgumentException("bad range: " + n + " samples at " + inOffset + " -> " + outOffset);
        }
    }
}
