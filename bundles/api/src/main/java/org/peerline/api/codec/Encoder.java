package org.peerline.api.codec;

import org.osgi.annotation.versioning.ProviderType;

/** Encodes interleaved 16-bit PCM into RTP payloads for one stream. Not thread-safe. */
@ProviderType
public interface Encoder extends AutoCloseable {
    /**
     * Encodes {@code samples} samples per channel from {@code pcm[offset...]} (interleaved, so
     * {@code samples * channels} shorts are read) into {@code payload[payloadOffset...]}.
     *
     * @return the number of payload bytes written
     * @throws IllegalArgumentException if {@code samples} is not a frame size the codec supports or the output does
     *         not fit ({@link #maxPayloadSize(int)} bytes are always enough)
     */
    int encode(short[] pcm, int offset, int samples, byte[] payload, int payloadOffset);

    /** An upper bound on the payload size for {@code samples} samples per channel. */
    int maxPayloadSize(int samples);

    /** Releases native resources, if any. */
    @Override
    default void close() {
    }
}
