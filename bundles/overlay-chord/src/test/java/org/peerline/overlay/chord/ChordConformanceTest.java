package org.peerline.overlay.chord;

import static org.junit.jupiter.api.Assertions.*;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.peerline.api.overlay.Id;
import org.peerline.overlay.core.Contact;
import org.peerline.overlay.core.Signer;
import org.peerline.overlay.core.SimClock;
import org.peerline.overlay.core.SimNetwork;
import org.peerline.overlay.core.node.OverlayConformance;
import org.peerline.overlay.core.node.OverlayNode;

/**
 * Chord against the shared overlay conformance suite, with CHORD-RELOAD's defaults (3 successors, 3 predecessors,
 * 16 fingers), plus lookups checked against the sorted ring (§IV.C) and the lists after stabilisation. Mean hops bound: half log2 N plus the last hop (Stoica et al. 2003 §V.A; issue 4's goal).
 */
class ChordConformanceTest extends OverlayConformance {
    @Override
    protected OverlayNode newNode(Signer signer, SimClock clock, SimNetwork net, InetSocketAddress address) {
        return new ChordNode(signer, clock, r -> net.endpoint(address, r), OverlayNode.Config.DEFAULTS,
                ChordNode.Parameters.DEFAULTS);
    }

    @Override
    protected double maxMeanHops(int nodes) {
        return 0.5 * Math.log(nodes) / Math.log(2) + 1;
    }

    @Test
    void lookupsFindTheTrueSuccessorAndStayShort(TestReporter report) {
        int n = 200;
        List<OverlayNode> nodes = network(n, 11);
        clock.advance(10 * 60_000); // stabilisation and finger repair
        List<Id> ring = new ArrayList<>();
        for (OverlayNode x : nodes) ring.add(x.id());
        ring.sort(Comparator.naturalOrder());
        Random random = new Random(11);
        long hops0 = sum(nodes, "lookup.hops");
        long lookups0 = sum(nodes, "lookups");
        int correct = 0;
        int trials = 300;
        for (int i = 0; i < trials; i++) {
            byte[] k = new byte[Id.BYTES];
            random.nextBytes(k);
            Id key = Id.of(k);
            Id expected = ring.stream().filter(x -> x.compareTo(key) >= 0).findFirst().orElse(ring.get(0));
            ChordNode from = (ChordNode) nodes.get(random.nextInt(n));
            List<Contact> found = await(from.lookup(key, true));
            if (!found.isEmpty() && found.get(0).id().equals(expected)) correct++;
        }
        long lookups = sum(nodes, "lookups") - lookups0;
        double mean = (double) (sum(nodes, "lookup.hops") - hops0) / lookups;
        report.publishEntry("lookup.correct", correct + "/" + trials);
        report.publishEntry("lookup.meanHops", String.format("%.2f", mean));
        figure(report, "lookup.correct", correct + "/" + trials);
        figure(report, "lookup.meanHops", String.format("%.2f", mean));
        StringBuilder histogram = new StringBuilder();
        for (int h = 1; h <= 12; h++) histogram.append(h == 1 ? "" : ",").append(sum(nodes, "lookup.histogram." + h));
        figure(report, "lookup.histogram.1-12", histogram.toString());
        assertEquals(trials, correct);
        assertTrue(mean <= 0.5 * Math.log(n) / Math.log(2) + 1, "mean hops " + mean);
        for (OverlayNode x : nodes) {
            ChordTable t = ((ChordNode) x).table();
            int at = ring.indexOf(x.id());
            for (int j = 0; j < 3; j++) {
                assertEquals(ring.get((at + 1 + j) % n), t.successors().get(j).id(), "successor list");
                assertEquals(ring.get(Math.floorMod(at - 1 - j, n)), t.predecessors().get(j).id(), "predecessors");
            }
        }
    }

    /**
     * §V.B with RFC 6940 §10.7.1's fast failure detection: five seconds after a fifth of the nodes crashed (half a
     * stabilisation period), every lookup still ends on the key's live successor, never on a dead node.
     */
    @Test
    void lookupsEndOnTheLiveSuccessorSecondsAfterCrashes(TestReporter report) {
        int n = 100;
        List<OverlayNode> nodes = network(n, 13);
        clock.advance(5 * 60_000);
        Random random = new Random(13);
        List<OverlayNode> alive = new ArrayList<>(nodes);
        java.util.Collections.shuffle(alive, random);
        for (OverlayNode x : alive.subList(0, n / 5)) {
            net.remove(x.address());
            x.stop();
        }
        alive = new ArrayList<>(alive.subList(n / 5, n));
        clock.advance(5_000);
        List<Id> ring = new ArrayList<>();
        for (OverlayNode x : alive) ring.add(x.id());
        ring.sort(Comparator.naturalOrder());
        int correct = 0;
        int trials = 200;
        for (int i = 0; i < trials; i++) {
            byte[] k = new byte[Id.BYTES];
            random.nextBytes(k);
            Id key = Id.of(k);
            Id expected = ring.stream().filter(x -> x.compareTo(key) >= 0).findFirst().orElse(ring.get(0));
            ChordNode from = (ChordNode) alive.get(random.nextInt(alive.size()));
            List<Contact> found = await(from.lookup(key, true));
            if (!found.isEmpty() && found.get(0).id().equals(expected)) correct++;
        }
        figure(report, "lookup.correctAfterCrashes", correct + "/" + trials);
        assertEquals(trials, correct);
    }
}
