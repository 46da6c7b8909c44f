/**
 * The Transport swap point: moving whole messages (SIP, STUN, overlay datagrams, ...) over UDP, TCP, TLS and
 * WebSocket. A {@link org.peerline.api.transport.Transport} is a factory of
 * {@link org.peerline.api.transport.Endpoint}s; each consumer opens its own endpoints, so several protocols can
 * share one provider. Datagram transports deliver one message per datagram; stream transports cut the byte stream
 * into messages with a {@link org.peerline.api.transport.Framer} the consumer supplies (RFC 3261 §18.3).
 */
@Export
@Version("1.0.0")
package org.peerline.api.transport;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
