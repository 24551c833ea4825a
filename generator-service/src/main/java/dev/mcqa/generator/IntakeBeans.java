package dev.mcqa.generator;

import dev.mcqa.generator.intake.SeedIntake;
import dev.mcqa.generator.intake.SeedRegistry;
import dev.mcqa.generator.kafka.KafkaSeedPublisher;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Wires the plain-Java intake core into CDI. */
public class IntakeBeans {

    @Produces
    @Singleton
    SeedRegistry seedRegistry() {
        return new SeedRegistry();
    }

    @Produces
    @Singleton
    SeedIntake seedIntake(SeedRegistry registry, KafkaSeedPublisher publisher, IntakeConfig config) {
        return new SeedIntake(registry, publisher, config.publishTimeout());
    }
}
