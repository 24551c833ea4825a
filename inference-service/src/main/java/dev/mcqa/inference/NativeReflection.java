package dev.mcqa.inference;

import dev.mcqa.contract.ModelRelease;
import dev.mcqa.contract.ReleaseLineage;
import dev.mcqa.contract.Violation;
import dev.mcqa.rest.Problem;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Types Jackson reads or writes by reflection that no REST method signature names, so that a native
 * executable keeps their constructors and accessors: release messages and problem bodies.
 */
@RegisterForReflection(targets = {ModelRelease.class, ReleaseLineage.class, Problem.class, Violation.class})
final class NativeReflection {
    private NativeReflection() {
    }
}
