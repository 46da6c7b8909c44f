package org.peerline.locator.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.SRVRecord;

/** RFC 2782 "Usage rules": priorities in order, weighted random selection within a priority. */
class SrvOrderTest {
    private static final Name OWNER = Name.fromConstantString("_sip._udp.example.test.");

    static SRVRecord srv(int priority, int weight, String target) {
        return new SRVRecord(OWNER, DClass.IN, 60, priority, weight, 5060, Name.fromConstantString(target + "."));
    }

    private static List<String> targets(List<SRVRecord> records) {
        return records.stream().map(r -> r.getTarget().toString(true)).toList();
    }

    @Test
    void lowerPriorityFirstAndUnavailableDropped() {
        List<SRVRecord> in = List.of(srv(20, 0, "c"), srv(10, 5, "a"), srv(30, 1, "d"), srv(5, 0, ""));
        assertEquals(List.of("a", "c", "d"), targets(SrvOrder.order(in, new Random(1))));
    }

    @Test
    void sameSeedSameOrder() {
        List<SRVRecord> in = List.of(srv(10, 10, "a"), srv(10, 20, "b"), srv(10, 30, "c"), srv(10, 0, "z"));
        List<String> first = targets(SrvOrder.order(in, new Random(42)));
        assertEquals(first, targets(SrvOrder.order(in, new Random(42))));
        assertEquals(4, first.size());
    }

    @Test
    void weightsShareTheFirstPlace() {
        List<SRVRecord> in = List.of(srv(10, 60, "a"), srv(10, 30, "b"), srv(10, 10, "c"), srv(10, 0, "z"));
        Random random = new Random(7);
        int n = 20_000;
        int[] first = new int[4];
        for (int i = 0; i < n; i++) first["abcz".indexOf(targets(SrvOrder.order(in, random)).get(0))]++;
        // RFC 2782: P(first) = weight / (sum + 1), the extra slot going to the zero-weight record placed first
        assertEquals(60.0 / 101, first[0] / (double) n, 0.02);
        assertEquals(30.0 / 101, first[1] / (double) n, 0.02);
        assertEquals(10.0 / 101, first[2] / (double) n, 0.02);
        assertEquals(1.0 / 101, first[3] / (double) n, 0.005);
    }

    @Test
    void zeroWeightsAloneStillAllComeOut() {
        List<SRVRecord> in = List.of(srv(1, 0, "a"), srv(1, 0, "b"));
        List<String> out = targets(SrvOrder.order(in, new Random(3)));
        assertTrue(out.containsAll(List.of("a", "b")) && out.size() == 2, out.toString());
    }
}
