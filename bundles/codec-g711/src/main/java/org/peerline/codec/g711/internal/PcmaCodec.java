package org.peerline.codec.g711.internal;

import org.osgi.service.component.annotations.Component;
import org.peerline.api.codec.Codec;
import org.peerline.codec.g711.G711Codec;

/** PCMA, G.711 A-law, static payload type 8 (RFC 3551 §4.5.14, Table 4). */
@Component(name = "org.peerline.codec.g711.pcma", service = Codec.class, property = {"codec.encoding=PCMA",
        "codec.clockrate:Integer=8000", "codec.channels:Integer=1", "codec.payloadtype:Integer=8"})
public class PcmaCodec extends G711Component {
    public PcmaCodec() {
        super(G711Codec.PCMA);
    }
}
