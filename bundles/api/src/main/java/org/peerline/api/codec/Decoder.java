package org.peerline.api.codec;

import org.osgi.annotation.versioning.ProviderType;

/** Decodes RTP payloads of one stream into interleaved 16-bit PCM. Not thread-safe. */
@ProviderType
public interface Decoder extends AutoCloseable {
    /**
     * Decodes one payload.
     *
     * @return the number of samples per channel written to {@code pcm[pcmOffset...]}
     * @throws CodecException if the payload is malformed (the decoder stays usable)
     * @throws IllegalArgumentException if {@code pcm} is too small ({@link #maxSamples(int)} is always enough)
     */
    int decode(byte[] payload, int offset, int length, short[] pcm, int pcmOffset) throws CodecException;

    /** An upper bound on samples per channel that a payload of {@code payloadLength} bytes decodes to. */
    int maxSamples(int payloadLength);

    /**
     * Packet loss concealment (RFC 3550 §6.4.1 counts the loss; this fills the gap): writes {@code samples}
     * samples per channel replacing a lost frame; the simplest decoders write silence.
     *
     * @return the number of samples per channel written
     */
    int conceal(short[] pcm, int pcmOffset, int samples);

    /** Releases native resources, if any. */
    @Override
    default void close() {
    }
}
