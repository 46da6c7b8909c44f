package org.peerline.codec.g711.internal;

import org.osgi.service.component.annotations.Component;
import org.peerline.api.codec.Codec;
import org.peerline.codec.g711.G711Codec;

/** PCMU, G.711 μ-law, static payload type 0 (RFC 3551 §4.5.14, Table 4). */
@Component(name = "org.peerline.codec.g711.pcmu", service = Codec.class, property = {"codec.encoding=PCMU",
        "codec.clockrate:Integer=8000", "codec.channels:Integer=1", "codec.payloadtype:Integer=0"})
public class PcmuCodec extends G711Component {
    public PcmuCodec() {
        super(G711Codec.PCMU);
    }
}
