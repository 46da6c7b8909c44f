package org.peerline.itests;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemPackages;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.ops4j.pax.exam.Option;

/** The node as the distribution builds it: the same bundle folder, the same system packages. */
final class Runtime {
    private Runtime() {
    }

    static Path home() {
        return Path.of(System.getProperty("peerline.runtime", "../distribution/runtime/target/peerline"))
                .toAbsolutePath().normalize();
    }

    static List<Path> bundles() {
        try (Stream<Path> s = Files.list(home().resolve("bundles"))) {
            return s.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException("no runtime at " + home() + ": build distribution/runtime first", e);
        }
    }

    static Path jar(String symbolicNamePrefix) {
        return bundles().stream().filter(p -> p.getFileName().toString().startsWith(symbolicNamePrefix)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no bundle " + symbolicNamePrefix + " in the runtime"));
    }

    /** Pax Exam options booting the runtime's bundles, with FileInstall watching {@code etc}. */
    static Option node(Path etc) {
        Option[] bundles = bundles().stream().map(p -> bundle(p.toUri().toString())).toArray(Option[]::new);
        return composite(
                systemPackages("org.slf4j;version=2.0.17", "org.slf4j.event;version=2.0.17",
                        "org.slf4j.helpers;version=2.0.17", "org.slf4j.spi;version=2.0.17",
                        // slf4j 2 serves 1.7 clients too (as its own bundle declares); Pax Exam's bundles are such
                        "org.slf4j;version=1.7.36", "org.slf4j.helpers;version=1.7.36"),
                frameworkProperty("felix.fileinstall.dir").value(etc.toString()),
                frameworkProperty("felix.fileinstall.poll").value("200"),
                frameworkProperty("felix.fileinstall.noInitialDelay").value("true"),
                frameworkProperty("gosh.args").value("--nointeractive"),
                frameworkProperty("gosh.home").value(home().toString()),
                frameworkProperty("org.jline.terminal.dumb").value("true"),
                composite(bundles),
                junitBundles());
    }
}
