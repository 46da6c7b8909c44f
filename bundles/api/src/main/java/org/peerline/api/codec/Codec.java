package org.peerline.api.codec;

import org.osgi.annotation.versioning.ProviderType;

/**
 * An audio codec as an RTP payload format (RFC 3551 §4.5, RFC 4566 §6 {@code a=rtpmap}/{@code a=fmtp}). A Codec
 * service describes the format and creates per-stream {@link Encoder}s and {@link Decoder}s.
 *
 * <p><b>Service properties</b> that identify a provider: {@value #ENCODING} (the rtpmap encoding name, e.g.
 * {@code PCMU}, {@code L16}, {@code G722}, {@code opus}), {@value #CLOCK_RATE} and {@value #CHANNELS} (Integers),
 * and {@value #PAYLOAD_TYPE} (Integer, only for static payload types). One provider bundle may register several
 * Codec services, one per format.
 *
 * <p><b>Threading</b>: the Codec itself is immutable and thread-safe; encoders and decoders are not: use one per
 * stream and thread. <b>Errors</b>: bad arguments throw {@link IllegalArgumentException}; a payload that cannot be
 * decoded throws {@link CodecException}, and the decoder stays usable.
 */
@ProviderType
public interface Codec {
    String ENCODING = "codec.encoding";
    String CLOCK_RATE = "codec.clockrate";
    String CHANNELS = "codec.channels";
    String PAYLOAD_TYPE = "codec.payloadtype";

    /** Payload type returned by {@link #payloadType()} for formats without a static number (RFC 3551 §3). */
    int DYNAMIC = -1;

    /** The encoding name, as in {@code a=rtpmap} (RFC 4566 §6). */
    String encoding();

    /** The RTP clock rate in Hz (for G.722 this is 8000 although it samples at 16000, RFC 3551 §4.5.2). */
    int clockRate();

    /** The PCM sample rate in Hz that encoders take and decoders return. */
    int sampleRate();

    /** Audio channels; PCM is interleaved. */
    int channels();

    /** The static RTP payload type (RFC 3551 Table 4), or {@link #DYNAMIC}. */
    int payloadType();

    /** Format parameters for {@code a=fmtp}, or the empty string. */
    default String fmtp() {
        return "";
    }

    /** The frame (packet) duration in milliseconds that encoders expect by default, usually 20. */
    default int frameMillis() {
        return 20;
    }

    /** PCM samples per channel in one default frame. */
    default int frameSamples() {
        return sampleRate() * frameMillis() / 1000;
    }

    /** A new encoder for one stream. */
    Encoder newEncoder();

    /** A new decoder for one stream. */
    Decoder newDecoder();

    /** {@code encoding/clockRate[/channels]}, as in {@code a=rtpmap} (channels only when more than one). */
    default String rtpmap() {
        return encoding() + "/" + clockRate() + (channels() > 1 ? "/" + channels() : "");
    }
}
