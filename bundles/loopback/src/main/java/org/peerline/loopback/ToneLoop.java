package org.peerline.loopback;

import org.peerline.api.codec.Codec;
import org.peerline.api.codec.CodecException;
import org.peerline.api.codec.Decoder;
import org.peerline.api.codec.Encoder;

/**
 * An audio loop through a {@link Codec} (an RTP payload format, RFC 3551 §4.5): a 1 kHz sine at -6 dBFS, at the
 * codec's sample rate and channel count (the same tone on every channel, interleaved), is encoded and decoded frame
 * by frame ({@link Codec#frameSamples()} samples per channel, one RTP packet's worth, RFC 3551 §4.2), and the result
 * compared with the input. The codecs of RFC 3551 §4.5 (L16, PCMU, PCMA, ...) are sample-based, so output sample
 * {@code i} is compared with input sample {@code i}: no codec delay is assumed.
 */
public final class ToneLoop {
    /** The tone's frequency in Hz. */
    public static final double FREQUENCY = 1000;
    /** The tone's peak level, -6 dBFS: about half of full scale (32767). */
    public static final double AMPLITUDE = 32767 * Math.pow(10, -6 / 20.0);
    /**
     * SNR reported for a lossless codec (no error at all) and the most ever reported: 120 dB, beyond what a 16-bit
     * PCM path can resolve (about 98 dB for a full-scale sine).
     */
    public static final double MAX_SNR_DB = 120;
    /** Longest loop: one minute of audio. */
    public static final int MAX_MILLIS = 60_000;

    private ToneLoop() {
    }

    /**
     * @param rtpmap the codec's {@code a=rtpmap} value (RFC 4566 §6)
     * @param payloadType its static payload type (RFC 3551 Table 4) or {@link Codec#DYNAMIC}
     * @param frames frames encoded and decoded
     * @param bytesPerFrame average payload bytes per frame
     * @param snrDb signal-to-noise ratio of the decoded tone, capped at {@link #MAX_SNR_DB}
     * @param nanosPerFrame average encode + decode time per frame
     */
    public record Result(String rtpmap, int payloadType, int frames, int bytesPerFrame, double snrDb,
                         long nanosPerFrame) {
    }

    /**
     * Runs {@code ms / codec.frameMillis()} frames of the tone through a new encoder and decoder of {@code codec},
     * and closes them.
     *
     * @throws IllegalArgumentException if {@code ms} is shorter than one frame or longer than {@value #MAX_MILLIS}
     * @throws CodecException if the decoder rejects a payload its own encoder made
     */
    public static Result run(Codec codec, int ms) throws CodecException {
        int frames = ms / codec.frameMillis();
        if (frames < 1 || ms > MAX_MILLIS) {
            throw new IllegalArgumentException("tone length out of " + codec.frameMillis() + ".." + MAX_MILLIS
                    + " ms: " + ms);
        }
        int channels = codec.channels(), samples = codec.frameSamples();
        double step = 2 * Math.PI * FREQUENCY / codec.sampleRate();
        short[] in = new short[samples * channels];
        double signal = 0, noise = 0;
        long bytes = 0, nanos = 0;
        try (Encoder encoder = codec.newEncoder(); Decoder decoder = codec.newDecoder()) {
            byte[] payload = new byte[encoder.maxPayloadSize(samples)];
            short[] out = new short[decoder.maxSamples(payload.length) * channels];
            for (int f = 0, t = 0; f < frames; f++) {
                for (int i = 0; i < samples; i++, t++) {
                    short s = (short) Math.round(AMPLITUDE * Math.sin(step * t));
                    for (int c = 0; c < channels; c++) in[i * channels + c] = s;
                }
                long start = System.nanoTime();
                int n = encoder.encode(in, 0, samples, payload, 0);
                int decoded = decoder.decode(payload, 0, n, out, 0);
                nanos += System.nanoTime() - start;
                bytes += n;
                for (int k = 0, end = Math.min(decoded, samples) * channels; k < end; k++) {
                    double e = in[k] - out[k];
                    signal += (double) in[k] * in[k];
                    noise += e * e;
                }
            }
        }
        double snr = noise == 0 ? MAX_SNR_DB : Math.min(MAX_SNR_DB, 10 * Math.log10(signal / noise));
        return new Result(codec.rtpmap(), codec.payloadType(), frames, (int) (bytes / frames), snr, nanos / frames);
    }
}
