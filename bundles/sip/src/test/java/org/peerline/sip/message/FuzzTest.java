package org.peerline.sip.message;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Mutation fuzzing of the parser, the typed header views, the validator and the stream framer: random byte flips,
 * deletions, duplications and truncations of real messages (RFC 4475 and RFC 3665-style). Any outcome other than a
 * message or a SipParseException (IOException for the framer) fails, and so does a hang. Bounded in count and time;
 * the seed is printed on failure so that a run can be repeated.
 */
class FuzzTest {
    private static final int ITERATIONS = 60_000;
    private static final String PUNCT = ":;,<>\"\\@[]%= \t\r\n";
    private static final String[] SEEDS = {"wsinv", "intmeth", "esc01", "longreq", "mpart01", "unreason", "inv2543",
            "badinv01", "regescrt", "semiuri", "transports", "bext01"};

    @Test
    void noExceptionEscapesAndNothingHangs() throws IOException {
        List<byte[]> corpus = new ArrayList<>();
        for (String s : SEEDS) corpus.add(TortureTest.load(s));
        corpus.add(MessageTest.INVITE.getBytes());
        long seed = System.nanoTime();
        Random rnd = new Random(seed);
        StreamFramer framer = new StreamFramer(8192);
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int n = 0; n < ITERATIONS; n++) {
                byte[] m = mutate(corpus.get(rnd.nextInt(corpus.size())), rnd);
                try {
                    exercise(m);
                    framer.frame(ByteBuffer.wrap(m));
                } catch (SipParseException e) {
                    // a clear rejection, unless it is the parser's safety net around a bug
                    if (e.reason().startsWith("malformed message (")) {
                        throw new AssertionError("seed " + seed + ", iteration " + n + ": parser bug " + e.reason()
                                + " on\n" + new String(m, java.nio.charset.StandardCharsets.ISO_8859_1), e.getCause());
                    }
                } catch (IOException expected) {
                    // the framer closes the connection
                } catch (Throwable t) {
                    throw new AssertionError("seed " + seed + ", iteration " + n + ": " + t + " on\n"
                            + new String(m, java.nio.charset.StandardCharsets.ISO_8859_1), t);
                }
            }
        }, "seed " + seed);
    }

    private static void exercise(byte[] m) {
        SipMessage msg = MessageParser.parse(m);
        if (msg instanceof Request r) {
            Validator.check(r, Set.of("sip", "sips", "tel"), Set.of(), HeaderNames.REQUIRE);
            r.uriText();
        } else {
            Validator.checkResponse((Response) msg);
        }
        for (String h : msg.headerNames()) msg.values(h);
        msg.toBytes();
    }

    static byte[] mutate(byte[] src, Random rnd) {
        byte[] b = src.clone();
        int edits = 1 + rnd.nextInt(4);
        for (int e = 0; e < edits && b.length > 1; e++) {
            int at = rnd.nextInt(b.length);
            switch (rnd.nextInt(6)) {
                case 0 -> b[at] = (byte) rnd.nextInt(256);
                case 1 -> b[at] = (byte) PUNCT.charAt(rnd.nextInt(PUNCT.length()));
                case 2 -> b = java.util.Arrays.copyOf(b, at + 1);
                case 3 -> { // delete a run
                    int len = Math.min(b.length - at, 1 + rnd.nextInt(16));
                    byte[] c = new byte[b.length - len];
                    System.arraycopy(b, 0, c, 0, at);
                    System.arraycopy(b, at + len, c, at, b.length - at - len);
                    b = c;
                }
                case 4 -> { // duplicate a run
                    int len = Math.min(b.length - at, 1 + rnd.nextInt(64));
                    byte[] c = new byte[b.length + len];
                    System.arraycopy(b, 0, c, 0, at + len);
                    System.arraycopy(b, at, c, at + len, b.length - at);
                    b = c;
                }
                default -> b[at] = (byte) ('0' + rnd.nextInt(10));
            }
        }
        return b;
    }
}
