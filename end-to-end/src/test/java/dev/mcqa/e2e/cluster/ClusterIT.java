package dev.mcqa.e2e.cluster;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The fault suite's reduced plan on every build: the full one is bin/fault-suite. */
class ClusterIT {

    @Test
    void theReducedFaultSuitePassesEveryCheck() throws Exception {
        FaultSuite.Result result = new FaultSuite(FaultSuite.Plan.reduced(), Path.of("target/fault-suite")).run();
        System.out.print(result.table());
        assertTrue(result.passed(), result.table());
    }
}
