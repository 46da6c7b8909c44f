/**
 * SIP over TCP (RFC 793; RFC 3261 §18, stream framing §18.3, connection reuse §18.1.1/§18.2.2 and RFC 5923) and
 * the NIO stream engine other TCP-based transports reuse. {@link org.peerline.transport.tcp.TcpTransport} is the
 * engine: one selector thread, endpoints that listen and connect, per-connection queues, framing, idle timeouts and
 * counters. A transport layered on TCP (TLS, RFC 3261 §26.2) plugs in a per-connection
 * {@link org.peerline.transport.tcp.StreamCodec} that turns network bytes into application bytes and back.
 */
@Export
@Version("1.0.0")
package org.peerline.transport.tcp;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
