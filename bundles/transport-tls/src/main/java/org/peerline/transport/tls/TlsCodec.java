package org.peerline.transport.tls;

import java.io.IOException;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import org.peerline.transport.tcp.StreamCodec;

/**
 * TLS records on one TCP connection (RFC 8446, RFC 5246; SIP over TLS, RFC 3261 §26.2): the JDK's SSLEngine
 * unwraps received records into SIP bytes and wraps SIP messages into records. Handshake tasks run inline, on the
 * thread that drives the connection. Called under the connection's lock (see {@link StreamCodec}).
 */
final class TlsCodec implements StreamCodec {
    private final SSLEngine engine;
    private boolean finished, failed, mute;

    TlsCodec(SSLEngine engine) throws IOException {
        this.engine = engine;
        try {
            engine.beginHandshake(); // RFC 8446 §4: the client's ClientHello is pending at once
        } catch (SSLException e) {
            throw failure(e);
        }
    }

    /** Unwraps whole records; stops when one is incomplete, the handshake must answer, or {@code app} is full. */
    @Override
    public void decode(ByteBuffer net, ByteBuffer app) throws IOException {
        try {
            while (net.hasRemaining()) {
                SSLEngineResult r = engine.unwrap(net, app);
                after(r);
                if (r.getStatus() != SSLEngineResult.Status.OK || r.bytesConsumed() == 0) return;
                if (engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP || app.remaining() < appRoom()) return;
            }
        } catch (SSLException e) {
            throw failure(e);
        }
    }

    /**
     * Wraps one record: application bytes, or with an empty {@code app} handshake messages and alerts. After a
     * failure only the alert may go out (RFC 8446 §6.2, encrypted as type 23 once keys exist); a TLS 1.3 client's
     * SSLEngine (JDK 17) offers change_cipher_spec records (type 20) instead, which the peer would report rather
     * than our reason: then nothing more is sent, and the peer sees the connection end during its handshake.
     */
    @Override
    public void encode(ByteBuffer app, ByteBuffer net) throws IOException {
        try {
            int at = net.position();
            after(engine.wrap(app, net));
            if (failed && net.position() > at && net.get(at) == 20) { // change_cipher_spec (RFC 8446 §5, D.4)
                net.position(at);
                mute = true;
            }
        } catch (SSLException e) {
            throw failure(e);
        }
    }

    @Override
    public boolean ready() {
        return finished;
    }

    @Override
    public boolean pending() {
        return !mute && engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP;
    }

    /** RFC 8446 §6.1: close_notify before closing the write side. */
    @Override
    public void close() {
        engine.closeOutbound();
    }

    @Override
    public int netRoom() {
        return engine.getSession().getPacketBufferSize();
    }

    @Override
    public int appRoom() {
        return engine.getSession().getApplicationBufferSize();
    }

    private void after(SSLEngineResult r) {
        for (Runnable task; (task = engine.getDelegatedTask()) != null; ) task.run();
        // FINISHED is reported once; after a delegated task only the engine's status tells
        if (r.getHandshakeStatus() == HandshakeStatus.FINISHED
                || engine.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING) finished = true;
    }

    private IOException failure(SSLException e) {
        failed = true;
        return new IOException((finished ? "TLS failed: " : "TLS handshake failed: ") + e.getMessage(), e);
    }
}
