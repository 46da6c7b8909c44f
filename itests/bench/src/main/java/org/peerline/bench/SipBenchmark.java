package org.peerline.bench;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.parser.StringMsgParser;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.peerline.sip.message.MessageParser;
import org.peerline.sip.message.SipMessage;

/**
 * Parsing and serializing the same messages with Peerline and with JAIN-SIP 1.3.0-91 in one run: a 755-byte INVITE
 * with SDP and a 386-byte REGISTER. Peerline parses lazily, so {@code peerlineParseAndRead*} also reads what a
 * proxy reads (top Via, From, To, Call-ID, CSeq, Max-Forwards, Contact) to keep the comparison honest; its
 * serialize benchmarks work on a message that was modified (a Via added), so they re-encode every header instead
 * of returning the received bytes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class SipBenchmark {
    byte[] invite;
    byte[] register;
    SipMessage peerlineInvite;
    SipMessage peerlineRegister;
    SIPMessage jainInvite;
    SIPMessage jainRegister;

    static byte[] resource(String name) throws IOException {
        try (InputStream in = SipBenchmark.class.getResourceAsStream("/" + name)) {
            return in.readAllBytes();
        }
    }

    @Setup
    public void setup() throws Exception {
        invite = resource("invite.txt");
        register = resource("register.txt");
        peerlineInvite = MessageParser.parse(invite.clone());
        peerlineInvite.addFirst("Via", "SIP/2.0/UDP proxy.example.com;branch=z9hG4bKbench");
        peerlineRegister = MessageParser.parse(register.clone());
        peerlineRegister.addFirst("Via", "SIP/2.0/UDP proxy.example.com;branch=z9hG4bKbench");
        jainInvite = new StringMsgParser().parseSIPMessage(invite, true, false, null);
        jainRegister = new StringMsgParser().parseSIPMessage(register, true, false, null);
    }

    @Benchmark
    public SipMessage peerlineParseInvite() {
        return MessageParser.parse(invite);
    }

    @Benchmark
    public SipMessage peerlineParseRegister() {
        return MessageParser.parse(register);
    }

    @Benchmark
    public void peerlineParseAndReadInvite(Blackhole bh) {
        read(MessageParser.parse(invite), bh);
    }

    @Benchmark
    public void peerlineParseAndReadRegister(Blackhole bh) {
        read(MessageParser.parse(register), bh);
    }

    private static void read(SipMessage m, Blackhole bh) {
        bh.consume(m.via());
        bh.consume(m.from());
        bh.consume(m.to());
        bh.consume(m.callId());
        bh.consume(m.cseq());
        bh.consume(m.maxForwards());
        bh.consume(m.contacts());
    }

    @Benchmark
    public SIPMessage jainsipParseInvite() throws Exception {
        return new StringMsgParser().parseSIPMessage(invite, true, false, null);
    }

    @Benchmark
    public SIPMessage jainsipParseRegister() throws Exception {
        return new StringMsgParser().parseSIPMessage(register, true, false, null);
    }

    @Benchmark
    public byte[] peerlineSerializeInvite() {
        return peerlineInvite.toBytes();
    }

    @Benchmark
    public byte[] peerlineSerializeRegister() {
        return peerlineRegister.toBytes();
    }

    @Benchmark
    public byte[] jainsipSerializeInvite() {
        return jainInvite.encodeAsBytes("UDP");
    }

    @Benchmark
    public byte[] jainsipSerializeRegister() {
        return jainRegister.encodeAsBytes("UDP");
    }
}
