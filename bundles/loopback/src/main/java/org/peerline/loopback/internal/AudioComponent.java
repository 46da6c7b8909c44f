package org.peerline.loopback.internal;

import java.util.Locale;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.peerline.api.codec.Codec;
import org.peerline.api.codec.CodecException;
import org.peerline.loopback.ToneLoop;

/**
 * The command {@code loopback:audio}: a 1 kHz tone through the bound {@link Codec} (an RFC 3551 payload format),
 * reporting its size, fidelity and cost. The codec is swapped by setting {@code codec.target} in PID
 * {@code org.peerline.loopback.audio} (or {@code peerline:use codec ...}).
 */
@Component(name = "org.peerline.loopback.audio", service = AudioComponent.class, immediate = true, property = {
        "osgi.command.scope=loopback", "osgi.command.function=audio"})
public class AudioComponent {
    @Reference(name = "codec", target = "(codec.encoding=L16)", policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile Codec codec;

    /** The bound codec. */
    public Codec codec() {
        return codec;
    }

    @Descriptor("run 1 s of a 1 kHz tone through the bound codec")
    public String audio() throws CodecException {
        return audio(1000);
    }

    @Descriptor("run a 1 kHz tone through the bound codec")
    public String audio(@Descriptor("length of the tone in ms") int ms) throws CodecException {
        Codec c = codec;
        if (c == null) throw new IllegalStateException("no codec bound");
        ToneLoop.Result r = ToneLoop.run(c, ms);
        return String.format(Locale.ROOT, "%s pt %s: %d frames, %d bytes/frame, SNR %.1f dB, %.1f µs/frame",
                r.rtpmap(), r.payloadType() == Codec.DYNAMIC ? "dynamic" : Integer.toString(r.payloadType()),
                r.frames(), r.bytesPerFrame(), r.snrDb(), r.nanosPerFrame() / 1e3);
    }
}
