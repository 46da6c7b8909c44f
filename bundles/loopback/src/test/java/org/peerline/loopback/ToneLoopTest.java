package org.peerline.loopback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.peerline.api.codec.Codec;

/** The tone loop through RFC 3551 §4.5 style linear PCM codecs written in {@link TestCodecs}. */
class ToneLoopTest {
    @Test
    void losslessCodecReportsTheCap() throws Exception {
        ToneLoop.Result r = ToneLoop.run(TestCodecs.identity(8000, 1), 1000);
        assertEquals("L16/8000", r.rtpmap());
        assertEquals(Codec.DYNAMIC, r.payloadType());
        assertEquals(50, r.frames());
        assertEquals(320, r.bytesPerFrame()); // 160 samples of 2 bytes
        assertEquals(ToneLoop.MAX_SNR_DB, r.snrDb());
        assertTrue(r.nanosPerFrame() > 0);
    }

    @Test
    void eightBitCodecLosesAboutHalfTheBits() throws Exception {
        ToneLoop.Result r = ToneLoop.run(TestCodecs.eightBit(16000, 1), 500);
        assertEquals(25, r.frames());
        assertEquals(320, r.bytesPerFrame());
        // -6 dBFS sine against rounding noise of 256 / sqrt(12): about 44 dB
        assertTrue(r.snrDb() > 40 && r.snrDb() < 50, "SNR " + r.snrDb());
    }

    @Test
    void stereoFramesCarryBothChannels() throws Exception {
        ToneLoop.Result r = ToneLoop.run(TestCodecs.identity(44100, 2), 130);
        assertEquals("L16/44100/2", r.rtpmap());
        assertEquals(6, r.frames()); // 130 / 20, the partial frame is not run
        assertEquals(882 * 2 * 2, r.bytesPerFrame());
        assertEquals(ToneLoop.MAX_SNR_DB, r.snrDb());
    }

    @Test
    void lengthIsBounded() {
        Codec c = TestCodecs.identity(8000, 1);
        assertThrows(IllegalArgumentException.class, () -> ToneLoop.run(c, 19));
        assertThrows(IllegalArgumentException.class, () -> ToneLoop.run(c, ToneLoop.MAX_MILLIS + 20));
    }
}
