package dev.mcqa.generator;

import dev.mcqa.contract.Topics;
import dev.mcqa.contract.CatchUp;
import dev.mcqa.generator.generation.GenerationSettings;
import dev.mcqa.generator.generation.Generator;
import dev.mcqa.generator.generation.ItemRegistry;
import dev.mcqa.generator.generation.Rebuild;
import dev.mcqa.generator.intake.SeedIntake;
import dev.mcqa.generator.intake.SeedRegistry;
import dev.mcqa.generator.kafka.KafkaItemSink;
import dev.mcqa.generator.kafka.KafkaSeedPublisher;
import dev.mcqa.teacher.config.Teachers;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Wires the plain-Java cores (intake, generation) into CDI. */
public class GeneratorBeans {

    @Produces
    @Singleton
    SeedRegistry seedRegistry() {
        return new SeedRegistry();
    }

    @Produces
    @Singleton
    SeedIntake seedIntake(SeedRegistry registry, KafkaSeedPublisher publisher, IntakeConfig config) {
        return new SeedIntake(registry, publisher, config.publishTimeout(), config.maxTasks());
    }

    @Produces
    @Singleton
    ItemRegistry itemRegistry() {
        return new ItemRegistry();
    }

    @Produces
    @Singleton
    Rebuild rebuild() {
        return new Rebuild(new CatchUp(Topics.SEEDS), new CatchUp(Topics.GENERATED));
    }

    @Produces
    @Singleton
    Generator generator(SeedRegistry seeds, ItemRegistry items, Teachers teachers, KafkaItemSink sink, GenerationConfig config,
                        Rebuild rebuild) {
        GenerationSettings settings = new GenerationSettings(config.choices(), config.examples(), config.maxQuestionChars(),
                config.maxChoiceChars(), config.nearCopy(), config.temperature(), config.maxTokens(), config.itemsPerTask(), config.itemsPerSeed(),
                config.parsedMethod(), config.quietPeriod(), config.maxPerRun(), config.holdOutSeeds(), config.maxActiveRuns());
        return new Generator(seeds, items, teachers.llm().orElse(null), teachers.llm().isPresent() ? null : teachers.bank(),
                sink, settings, config.workers(), rebuild::complete);
    }

    void closeGenerator(@Disposes Generator generator) {
        generator.close();
    }
}
