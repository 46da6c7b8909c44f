package org.peerline.itests;

import static org.junit.Assert.*;
import static org.ops4j.pax.exam.CoreOptions.maven;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.features;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import javax.inject.Inject;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.ops4j.pax.exam.options.MavenArtifactUrlReference;
import org.ops4j.pax.exam.options.MavenUrlReference;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** Peerline embedded in a real Apache Karaf 4.4: the peerline feature installs and its commands run in Karaf's shell. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class KarafIT {
    @Inject
    SessionFactory sessions;

    @Configuration
    public Option[] config() {
        MavenArtifactUrlReference karaf = maven().groupId("org.apache.karaf").artifactId("apache-karaf").type("tar.gz")
                .version(System.getProperty("karaf.version"));
        MavenUrlReference peerline = maven().groupId("org.peerline").artifactId("org.peerline.features")
                .type("xml").classifier("features").version(System.getProperty("peerline.version"));
        String local = System.getProperty("peerline.m2", System.getProperty("user.home") + "/.m2/repository");
        return new Option[] {
                karafDistributionConfiguration().frameworkUrl(karaf).name("Apache Karaf")
                        .unpackDirectory(new File(System.getProperty("project.build.directory", "target"), "karaf"))
                        .useDeployFolder(false),
                configureConsole().ignoreLocalConsole(),
                logLevel(LogLevel.WARN),
                // loopback only, and our freshly built artifacts from the local repository
                editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshHost", "127.0.0.1"),
                editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiRegistryHost", "127.0.0.1"),
                editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiServerHost", "127.0.0.1"),
                editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.localRepository", local),
                editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.defaultRepositories",
                        "file:" + local + "@id=local@snapshots"),
                features(peerline, "peerline")};
    }

    @Test
    public void peerlineFeatureRunsInKarafShell() throws Exception {
        Await.until("the loopback consumers bound in Karaf", java.time.Duration.ofSeconds(30),
                () -> execute("peerline:services").contains("org.peerline.loopback.audio.codec"));
        String services = execute("peerline:services");
        assertTrue(services, services.contains("transport  udp"));
        assertTrue(services, services.contains("PCMU/8000/1"));
        assertTrue(services, services.contains("org.peerline.loopback.echo.transport"));
        String status = execute("peerline:status");
        assertTrue(status, status.contains("Peerline "));
        assertFalse(status, status.contains("unsatisfied: org.peerline"));
    }

    private String execute(String command) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        Session s = sessions.create(InputStream.nullInputStream(), ps, ps);
        try {
            Object r = s.execute(command);
            if (r != null) ps.print(r);
        } catch (Exception e) {
            throw new AssertionError(command + " failed: " + e, e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
