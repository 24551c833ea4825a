package dev.mcqa.generator.web;

import dev.mcqa.contract.Violation;
import dev.mcqa.generator.IntakeConfig;
import dev.mcqa.rest.BoundedBody;
import dev.mcqa.rest.Problem;
import dev.mcqa.generator.intake.IntakeReport;
import dev.mcqa.generator.intake.SeedFiles;
import dev.mcqa.generator.intake.SeedIntake;
import dev.mcqa.generator.intake.SeedRegistry;
import dev.mcqa.rest.RequestException;
import dev.mcqa.generator.intake.SeedRequests;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.SortedMap;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

@Path("/v1/seeds")
@Produces(MediaType.APPLICATION_JSON)
public class SeedResource {
    /** Seeds of an import published and acknowledged at a time. */
    private static final int IMPORT_CHUNK = 500;

    /** Seeds per task as read back from mcqa.seeds. */
    public record SeedStats(int total, SortedMap<String, Integer> tasks, long duplicatesSkipped) {
    }

    @Inject
    SeedIntake intake;

    @Inject
    SeedRegistry registry;

    @Inject
    IntakeConfig config;

    @Inject
    IntakeMetrics metrics;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Submit one seed or a list of seeds",
            description = "All or nothing: if any seed is malformed (400) or breaks a rule (422), none is published. "
                    + "A seed known before is reported as a duplicate and not published again.")
    public Response submit(InputStream body) {
        String json = BoundedBody.read(body, config.maxBodySize().asLongValue());
        return reply(intake.submit(SeedRequests.parse(json)));
    }

    @POST
    @Path("/import")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Import MMLU-format CSV (.csv) and JSON Lines (.jsonl) files, sent as form fields named 'file'",
            description = "Each row stands alone: bad rows are reported as rejected with the reason, the others are published.")
    public Response importFiles(@RestForm("file") List<FileUpload> files) {
        if (files == null || files.isEmpty()) {
            throw new RequestException(RequestException.Kind.MALFORMED,
                    List.of(new Violation("file", "send at least one file as a form field named 'file'")));
        }
        long total = files.stream().mapToLong(FileUpload::size).sum();
        if (total > config.maxImportSize().asLongValue()) {
            throw new BoundedBody.TooLargeException(config.maxImportSize().asLongValue());
        }
        for (FileUpload file : files) { // before anything is published: a bad file refuses the whole import
            SeedFiles.checkName(file.fileName());
            checkUtf8(file);
        }
        // Row by row from the uploaded files (already on disk), published a chunk at a time.
        SeedIntake.Stream stream = intake.stream(IMPORT_CHUNK);
        for (FileUpload file : files) {
            try (Reader content = utf8(file)) {
                SeedFiles.read(file.fileName(), content, stream);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return reply(stream.report());
    }

    @GET
    @Path("/stats")
    @Operation(summary = "Seeds per task, as read back from mcqa.seeds")
    public SeedStats stats() {
        SortedMap<String, Integer> tasks = registry.countsByTask();
        return new SeedStats(tasks.values().stream().mapToInt(Integer::intValue).sum(), tasks, registry.duplicatesSkipped());
    }

    private static Reader utf8(FileUpload file) throws IOException {
        return new InputStreamReader(Files.newInputStream(file.uploadedFile()), StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
    }

    private static void checkUtf8(FileUpload file) {
        char[] buffer = new char[8192];
        try (Reader content = utf8(file)) {
            while (content.read(buffer) >= 0) {
                // decoding is the check
            }
        } catch (CharacterCodingException e) {
            throw new RequestException(RequestException.Kind.MALFORMED,
                    List.of(new Violation("file", "'" + file.fileName() + "' is not valid UTF-8")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Response reply(IntakeReport report) {
        metrics.record(report);
        if (report.failed() > 0) {
            return Problem.respond(new Problem("urn:mcqa:problem:broker-unavailable", "Seeds not published", 503,
                    report.failed() + " seeds were not acknowledged by Kafka; the others were. Retrying the request is safe: known seeds come back as duplicates.",
                    null, report));
        }
        return Response.ok(report).build();
    }
}
