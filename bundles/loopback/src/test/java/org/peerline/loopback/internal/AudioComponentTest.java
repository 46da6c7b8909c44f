package org.peerline.loopback.internal;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.peerline.api.codec.Codec;
import org.peerline.loopback.TestCodecs;

/** {@code loopback:audio} reports an RFC 3551 payload format's size and fidelity in one line. */
class AudioComponentTest {
    @Test
    void audioLineDescribesTheBoundCodec() throws Exception {
        AudioComponent audio = new AudioComponent();
        assertThrows(IllegalStateException.class, audio::audio);
        Codec codec = TestCodecs.identity(8000, 1);
        audio.codec = codec;
        assertSame(codec, audio.codec());
        String line = audio.audio(100);
        assertTrue(line.matches("L16/8000 pt dynamic: 5 frames, 320 bytes/frame, SNR 120\\.0 dB, \\d+\\.\\d µs/frame"),
                line);
        assertTrue(audio.audio().contains(" 50 frames"));
    }
}
