package org.peerline.sim;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimTest {
    @Test
    void smallKademliaNetworkIsConsistentAndReported(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("r.html");
        Map<String, Object> r = new Sim(Sim.Options.parse(new String[] {"--overlay", "kademlia", "--nodes", "60",
                "--lookups", "200", "--duration", "30", "--seed", "7", "--report", report.toString()})).run();
        assertEquals(1.0, (Double) r.get("success_rate"), "static network: every lookup reaches the root");
        assertEquals(1.0, (Double) r.get("record_availability"));
        assertTrue((Double) r.get("hops_mean") >= 1.0, r.toString());
        assertTrue(Files.readString(report).contains("<svg"));
    }

    @Test
    void churnReplacesNodesAndKeepsMostLookupsConsistent() throws Exception {
        Map<String, Object> r = new Sim(Sim.Options.parse(new String[] {"--overlay", "bamboo", "--nodes", "40",
                "--lookups", "100", "--churn-median", "120", "--duration", "30", "--seed", "3"})).run();
        assertTrue((Long) r.get("deaths") > 0, r.toString());
        assertTrue((Long) r.get("record_gets") > 0, r.toString());
        assertTrue((Double) r.get("success_rate") >= 0.8, r.toString());
        assertTrue((Double) r.get("record_availability") >= 0.8, r.toString());
    }

    @Test
    void badOptionsAreOneLine() {
        assertEquals("unknown option '--frob'", assertThrows(IllegalArgumentException.class,
                () -> Sim.Options.parse(new String[] {"--frob", "1"})).getMessage());
        assertEquals("--nodes needs a positive number, not 'x'", assertThrows(IllegalArgumentException.class,
                () -> Sim.Options.parse(new String[] {"--nodes", "x"})).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Sim.Options.parse(new String[] {"--overlay", "pastry"}));
    }

    @Test
    void paramsSetTheAlgorithmsParametersByName() throws Exception {
        Map<String, Object> r = new Sim(Sim.Options.parse(new String[] {"--overlay", "kademlia", "--nodes", "40",
                "--lookups", "50", "--duration", "10", "--params", "b=1, alpha=2, ping=15"})).run();
        assertEquals(1.0, (Double) r.get("success_rate"), r.toString());
        for (String[] bad : new String[][] {{"b=9", "--params: b is 1 to 4 bits per hop, not 9"},
                {"q=1", "--params: 'q=1' is not NAME=VALUE with NAME one of k, alpha, refresh, ping, b"},
                {"k=x", "--params: k needs a number, not 'x'"}}) {
            Sim sim = new Sim(Sim.Options.parse(new String[] {"--overlay", "kademlia", "--params", bad[0]}));
            assertEquals(bad[1], assertThrows(IllegalArgumentException.class, sim::run).getMessage());
        }
    }
}
