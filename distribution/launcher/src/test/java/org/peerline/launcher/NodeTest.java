package org.peerline.launcher;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class NodeTest {
    @Test
    void namesTheInnermostMissingPackage() {
        // as Felix 7.0.5 words it (one line), when org.osgi.util.promise is missing
        String felix = "Unable to resolve org.apache.felix.scr [9](R 9.0): missing requirement [org.apache.felix.scr"
                + " [9](R 9.0)] osgi.wiring.package; (&(osgi.wiring.package=org.osgi.service.component.runtime)"
                + "(version>=1.5.0)(!(version>=1.6.0))) [caused by: Unable to resolve org.osgi.service.component [10]"
                + "(R 10.0): missing requirement [org.osgi.service.component [10](R 10.0)] osgi.wiring.package; "
                + "(&(osgi.wiring.package=org.osgi.util.promise)(version>=1.0.0)(!(version>=2.0.0)))] Unresolved "
                + "requirements: [[org.apache.felix.scr [9](R 9.0)] osgi.wiring.package; (&(osgi.wiring.package="
                + "org.osgi.service.component.runtime)(version>=1.5.0)(!(version>=1.6.0)))]";
        assertEquals("org.osgi.service.component needs package org.osgi.util.promise [1.0.0,2.0.0)",
                Node.missingRequirement(felix));
    }

    @Test
    void otherNamespacesAndOtherErrors() {
        assertEquals("a.b needs osgi.extender (&(osgi.extender=osgi.component)(version>=1.5.0))",
                Node.missingRequirement("Unable to resolve a.b [3](R 3.0): missing requirement [a.b [3](R 3.0)] "
                        + "osgi.extender; (&(osgi.extender=osgi.component)(version>=1.5.0)) Unresolved requirements: x"));
        assertNull(Node.missingRequirement("Activator start error in bundle x [4]."));
    }
}
