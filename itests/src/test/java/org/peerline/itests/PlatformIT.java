package org.peerline.itests;

import static org.junit.Assert.*;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Optional;
import javax.inject.Inject;
import org.peerline.api.overlay.Id;
import org.peerline.api.overlay.Overlay;
import org.peerline.api.overlay.SignedValue;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.SatisfiedReferenceDTO;

/**
 * The node's bundle set in Felix (Pax Exam native): everything starts, the swap machinery sees providers and
 * consumers, swaps happen live, configuration from ConfigAdmin and from etc/*.cfg applies live, and bad
 * configuration is reported by peerline:status while the node keeps running.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class PlatformIT {
    private static final Duration DEADLINE = Duration.ofSeconds(15);
    /** A swap: leave (bounded at 10 s), a join that may retry every 5 s while peers still run the old algorithm. */
    private static final Duration SWAP_DEADLINE = Duration.ofSeconds(60);
    private static final String AUDIO = "org.peerline.loopback.audio";
    private static final String ECHO = "org.peerline.loopback.echo";

    @Inject
    BundleContext context;
    @Inject
    ConfigurationAdmin configAdmin;
    @Inject
    ServiceComponentRuntime scr;
    @Inject
    CommandProcessor processor;

    @org.ops4j.pax.exam.Configuration
    public Option[] config() throws IOException {
        Path etc = Path.of(System.getProperty("project.build.directory", "target"), "itest-etc");
        Files.createDirectories(etc);
        return new Option[] {Runtime.node(etc.toAbsolutePath()),
                org.ops4j.pax.exam.CoreOptions.systemProperty("peerline.itest.etc").value(etc.toAbsolutePath().toString()),
                org.ops4j.pax.exam.CoreOptions.systemProperty("peerline.runtime").value(Runtime.home().toString())};
    }

    @After
    public void cleanEtc() throws IOException {
        try (var files = Files.list(etc())) {
            for (Path f : files.toList()) Files.delete(f);
        }
    }

    private static Path etc() {
        return Path.of(System.getProperty("peerline.itest.etc"));
    }

    @Test
    public void everyBundleActiveAndEveryComponentSatisfied() {
        for (Bundle b : context.getBundles()) {
            boolean fragment = b.getHeaders().get(Constants.FRAGMENT_HOST) != null;
            assertEquals(b.getSymbolicName() + " state", fragment ? Bundle.RESOLVED : Bundle.ACTIVE, b.getState());
        }
        int checked = 0;
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                assertTrue(d.name + " is satisfied (state " + c.state + ")",
                        c.state == ComponentConfigurationDTO.ACTIVE || c.state == ComponentConfigurationDTO.SATISFIED);
                checked++;
            }
        }
        assertTrue("components checked: " + checked, checked >= 8);
        String status = run("peerline:status");
        assertTrue(status, status.contains("unsatisfied: none"));
    }

    @Test
    public void servicesListsProvidersAndTheirConsumers() {
        String table = run("peerline:services");
        for (String expected : new String[] {"transport  udp", "codec      L16/8000/1", "PCMU/8000/1", "PCMA/8000/1",
                ECHO + ".transport", AUDIO + ".codec", "locator    dns", "overlay    bamboo", "overlay    chord", "overlay    kademlia"}) {
            assertTrue("services table has " + expected + ":\n" + table, table.contains(expected));
        }
    }

    @Test
    public void liveCodecSwapRebindsWithoutRestartAndFallsBackOnUninstall() throws Exception {
        Bundle g711 = bundle("org.peerline.codec.g711");
        g711.uninstall();
        Await.until("audio on L16", DEADLINE, () -> "L16".equals(boundProperty(AUDIO, "codec", "codec.encoding")));
        long activation = configurationId(AUDIO);

        Bundle again = context.installBundle(Runtime.jar("org.peerline.codec.g711").toUri().toString());
        again.start();
        String out = run("peerline:use codec PCMU");
        assertTrue(out, out.contains(AUDIO + ".codec -> PCMU/8000/1"));
        assertEquals("PCMU", boundProperty(AUDIO, "codec", "codec.encoding"));
        assertEquals("rebound in place, not restarted", activation, configurationId(AUDIO));
        assertEquals("(codec.encoding=PCMU)", configAdmin.getConfiguration(AUDIO, "?").getProperties()
                .get("codec.target"));

        again.uninstall();
        Await.until("audio falls back to L16", DEADLINE,
                () -> "L16".equals(boundProperty(AUDIO, "codec", "codec.encoding")));
        Await.until("pin removed from the configuration", DEADLINE, () -> pinnedTarget(AUDIO, "codec") == null);
        assertEquals("(codec.encoding=L16)", targetOf(AUDIO, "codec"));
        assertEquals(activation, configurationId(AUDIO));
    }

    @Test
    public void useRejectsUnknownPointsAndProvidersWithOneLine() {
        assertEquals("unknown swap point 'dht' (known: transport, codec, locator, overlay, traversal)",
                failure("peerline:use dht chord"));
        String m = failure("peerline:use codec opus");
        assertTrue(m, m.startsWith("no codec provider matches 'opus' (available: L16/16000/1"));
        m = failure("peerline:use transport udp nobody");
        assertTrue(m, m.startsWith("no transport consumer matches 'nobody'"));
    }

    @Test
    public void configAdminTargetMakesAConsumerUnsatisfiedAndStatusSaysWhy() throws Exception {
        Configuration cfg = configAdminConfig(ECHO);
        Dictionary<String, Object> p = new Hashtable<>();
        p.put("transport.target", "(transport.protocol=sctp)");
        cfg.update(p);
        Await.until("echo unsatisfied", DEADLINE, () -> run("peerline:status").contains(
                ECHO + ": no service for reference 'transport' with target (transport.protocol=sctp)"));
        cfg.delete();
        Await.until("echo back", DEADLINE, () -> run("peerline:status").contains("unsatisfied: none"));
    }

    @Test
    public void cfgFilesInEtcApplyLiveAndBadValuesAreReported() throws Exception {
        Files.writeString(etc().resolve("org.peerline.codec.l16.cfg"), "formats = 16000/1\n");
        Await.until("one L16 codec left", DEADLINE, () -> codecs("L16") == 1);

        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Files.writeString(etc().resolve(ECHO + ".cfg"), "address = 127.0.0.1:" + port + "\n");
        int p = port;
        // the component is reactivated with the new address: its commands are briefly unregistered meanwhile
        Await.until("echo moved to port " + port, DEADLINE, () -> tryRun("loopback:echo").contains("127.0.0.1:" + p));
        String ping = run("loopback:ping 3");
        assertTrue(ping, ping.contains("received 3"));

        Files.writeString(etc().resolve(ECHO + ".cfg"), "address = nonsense\n");
        Await.until("bad address reported", DEADLINE, () -> run("peerline:status").contains(ECHO + ": activation failed"));
        String status = run("peerline:status");
        assertTrue(status, status.contains("nonsense"));
        assertTrue("the node keeps running", run("peerline:services").contains("transport  udp"));
    }

    @Test
    public void sipStackFromAFactoryConfigurationAnswersOptions() throws Exception {
        int port;
        try (java.net.DatagramSocket s = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Configuration cfg = configAdmin.getFactoryConfiguration("org.peerline.sip", "itest", "?");
        Dictionary<String, Object> p = new Hashtable<>();
        p.put("listen", "udp:127.0.0.1:" + port);
        cfg.update(p);
        int sipPort = port;
        Await.until("SIP stack listening", DEADLINE, () -> tryRun("sip:stats").contains("udp  127.0.0.1:" + sipPort));
        String out = run("sip:options sip:127.0.0.1:" + port);
        assertTrue(out, out.startsWith("SIP/2.0 200 OK"));
        String stats = run("sip:stats");
        assertTrue(stats, stats.contains("in 2  out 2"));
        cfg.delete();
    }

    @Test
    public void overlayNodesSwapTheirAlgorithmLiveAndKeepTheirValues() throws Exception {
        int a = freeUdpPort();
        int b = freeUdpPort();
        Configuration ca = overlayNode("itestA", a, "");
        Configuration cb = overlayNode("itestB", b, "127.0.0.1:" + a);
        Overlay na = overlayAt(a, "kademlia");
        Overlay nb = overlayAt(b, "kademlia");
        Await.until("B joined A", DEADLINE, () -> !nb.neighbors().isEmpty());
        SignedValue alice = na.put(Id.of("alice"), "sip:alice@127.0.0.1".getBytes(StandardCharsets.UTF_8),
                Duration.ofHours(1)).toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS);

        String out = run("peerline:use overlay chord");
        assertTrue(out, out.contains("-> chord"));
        assertSame("the same Overlay service object across the swap", na, overlayAt(a, "chord"));
        overlayAt(b, "chord");
        Await.until("B finds A's value in the chord ring", SWAP_DEADLINE, () -> nb.get(Id.of("alice")).toCompletableFuture()
                .get(30, java.util.concurrent.TimeUnit.SECONDS).contains(alice));
        String info = run("overlay:info");
        assertTrue(info, info.contains("chord"));
        run("peerline:use overlay bamboo");
        overlayAt(a, "bamboo");
        overlayAt(b, "bamboo");
        Await.until("B finds A's value in the bamboo ring", SWAP_DEADLINE, () -> nb.get(Id.of("alice"))
                .toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS).contains(alice));
        ca.delete();
        cb.delete();
    }

    @Test
    public void overlayNodesWithNoBootstrapFindEachOtherByMulticast() throws Exception {
        String group = "224.0.1.2:" + freeUdpPort();
        int c = freeUdpPort();
        int d = freeUdpPort();
        Configuration cc = overlayNode("itestC", c, "", group);
        Overlay nc = overlayAt(c, "kademlia");
        Configuration cd = overlayNode("itestD", d, "", group);
        Overlay nd = overlayAt(d, "kademlia");
        Await.until("D found C on the LAN and joined", SWAP_DEADLINE, () -> !nd.neighbors().isEmpty());
        Await.until("C learnt D", DEADLINE, () -> !nc.neighbors().isEmpty());
        cc.delete();
        cd.delete();
    }

    private Configuration overlayNode(String name, int port, String bootstrap) throws IOException {
        return overlayNode(name, port, bootstrap, "");
    }

    private Configuration overlayNode(String name, int port, String bootstrap, String discovery) throws IOException {
        Configuration cfg = configAdmin.getFactoryConfiguration("org.peerline.overlay", name, "?");
        Dictionary<String, Object> p = new Hashtable<>();
        p.put("address", "127.0.0.1:" + port);
        p.put("bootstrap", bootstrap);
        p.put("discovery", discovery);
        p.put("algorithm.target", "(overlay.algorithm=kademlia)");
        cfg.update(p);
        return cfg;
    }

    /** The Overlay service at 127.0.0.1:port, once it runs {@code algorithm}. */
    private Overlay overlayAt(int port, String algorithm) throws Exception {
        String filter = "(&(overlay.address=127.0.0.1:" + port + ")(overlay.algorithm=" + algorithm + "))";
        Await.until("overlay " + filter, SWAP_DEADLINE, () -> context.getServiceReferences(Overlay.class, filter).size() == 1);
        return context.getService(context.getServiceReferences(Overlay.class, filter).iterator().next());
    }

    private static int freeUdpPort() throws IOException {
        try (java.net.DatagramSocket s = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private int codecs(String encoding) {
        try {
            ServiceReference<?>[] refs = context.getServiceReferences("org.peerline.api.codec.Codec",
                    "(codec.encoding=" + encoding + ")");
            return refs == null ? 0 : refs.length;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Configuration configAdminConfig(String pid) throws IOException {
        return configAdmin.getConfiguration(pid, "?");
    }

    private Bundle bundle(String bsn) {
        return Arrays.stream(context.getBundles()).filter(b -> bsn.equals(b.getSymbolicName())).findFirst()
                .orElseThrow(() -> new AssertionError("no bundle " + bsn));
    }

    private Optional<ComponentConfigurationDTO> configuration(String component) {
        return scr.getComponentDescriptionDTOs().stream().filter(d -> d.name.equals(component))
                .flatMap(d -> scr.getComponentConfigurationDTOs(d).stream()).findFirst();
    }

    private long configurationId(String component) {
        return configuration(component).orElseThrow(() -> new AssertionError(component + " not active")).id;
    }

    private Object pinnedTarget(String pid, String reference) {
        try {
            Dictionary<String, Object> p = configAdmin.getConfiguration(pid, "?").getProperties();
            return p == null ? null : p.get(reference + ".target");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private String targetOf(String component, String reference) {
        return configuration(component).map(c -> (String) c.properties.get(reference + ".target")).orElse(null);
    }

    /** A service property of the provider the component's reference is bound to now. */
    private Object boundProperty(String component, String reference, String property) {
        Optional<ComponentConfigurationDTO> c = configuration(component);
        if (c.isEmpty()) return null;
        for (SatisfiedReferenceDTO s : c.get().satisfiedReferences) {
            if (s.name.equals(reference) && s.boundServices.length == 1) {
                return s.boundServices[0].properties.get(property);
            }
        }
        return null;
    }

    private String run(String command) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        try (CommandSession s = processor.createSession(InputStream.nullInputStream(), ps, ps)) {
            Object r = s.execute(command);
            if (r != null) ps.print(s.format(r, Converter.INSPECT));
            return out.toString(StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new AssertionError(command + " failed: " + e.getMessage(), e);
        }
    }

    /** The command's output, or the empty string if it failed (for conditions polled while things change). */
    private String tryRun(String command) {
        try {
            return run(command);
        } catch (AssertionError e) {
            return "";
        }
    }

    private String failure(String command) {
        try (CommandSession s = processor.createSession(InputStream.nullInputStream(), System.out, System.err)) {
            s.execute(command);
        } catch (Exception e) {
            return e.getMessage();
        }
        throw new AssertionError(command + " did not fail");
    }

}
