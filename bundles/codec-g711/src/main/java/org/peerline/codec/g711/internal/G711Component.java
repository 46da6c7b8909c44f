package org.peerline.codec.g711.internal;

import org.peerline.api.codec.Codec;
import org.peerline.api.codec.Decoder;
import org.peerline.api.codec.Encoder;
import org.peerline.codec.g711.G711Codec;

/** A Codec service that delegates to one of the plain G.711 formats (RFC 3551 §4.5.14). */
abstract class G711Component implements Codec {
    private final G711Codec codec;

    G711Component(G711Codec codec) {
        this.codec = codec;
    }

    @Override
    public String encoding() {
        return codec.encoding();
    }

    @Override
    public int clockRate() {
        return codec.clockRate();
    }

    @Override
    public int sampleRate() {
        return codec.sampleRate();
    }

    @Override
    public int channels() {
        return codec.channels();
    }

    @Override
    public int payloadType() {
        return codec.payloadType();
    }

    @Override
    public String fmtp() {
        return codec.fmtp();
    }

    @Override
    public int frameMillis() {
        return codec.frameMillis();
    }

    @Override
    public Encoder newEncoder() {
        return codec.newEncoder();
    }

    @Override
    public Decoder newDecoder() {
        return codec.newDecoder();
    }

    @Override
    public String toString() {
        return codec.rtpmap();
    }
}
