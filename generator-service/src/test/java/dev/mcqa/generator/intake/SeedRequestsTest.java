package dev.mcqa.generator.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mcqa.contract.Violation;
import dev.mcqa.rest.RequestException;
import dev.mcqa.rest.RequestException.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeedRequestsTest {
    private static final String VALID = "{\"task\":\"anatomy\",\"question\":\"Q?\",\"choices\":[\"a\",\"b\"],\"answer\":1}";

    @Test
    void readsOneSeedOrAList() {
        assertEquals("rest", SeedRequests.parse(VALID).get(0).seed().source());
        List<Candidate> two = SeedRequests.parse("[" + VALID + "," + VALID.replace("Q?", "R?") + "]");
        assertEquals(2, two.size());
        assertEquals("R?", two.get(1).seed().question());
    }

    @Test
    void typeProblemsAreMalformedAndNamedByPath() {
        assertRefused(Kind.MALFORMED, "", "hello");
        assertRefused(Kind.MALFORMED, "answer", VALID.replace("\"answer\":1", "\"answer\":\"1\""));
        assertRefused(Kind.MALFORMED, "answer", VALID.replace("\"answer\":1", "\"answer\":1.0"));
        assertRefused(Kind.MALFORMED, "choices[1]", VALID.replace("\"b\"", "2"));
        assertRefused(Kind.MALFORMED, "choices", VALID.replace("[\"a\",\"b\"]", "\"a\""));
        assertRefused(Kind.MALFORMED, "[1].task", "[" + VALID + "," + VALID.replace("\"anatomy\"", "7") + "]");
        assertRefused(Kind.MALFORMED, "[0]", "[42]");
        assertRefused(Kind.MALFORMED, "question", VALID.replace(",\"question\":\"Q?\"", ""));
    }

    @Test
    void ruleProblemsAreInvalidAndNamedByPath() {
        assertRefused(Kind.INVALID, "choices", VALID.replace("[\"a\",\"b\"],\"answer\":1", "[\"a\"],\"answer\":0"));
        assertRefused(Kind.INVALID, "answer", VALID.replace("\"answer\":1", "\"answer\":2"));
        assertRefused(Kind.INVALID, "answer", VALID.replace("\"answer\":1", "\"answer\":-1"));
        assertRefused(Kind.INVALID, "question", VALID.replace("Q?", " "));
        assertRefused(Kind.INVALID, "choices[1]", VALID.replace("\"b\"", "\" A \""));
        assertRefused(Kind.INVALID, "task", VALID.replace("anatomy", "anatomy/../x"));
        assertRefused(Kind.INVALID, "[1].answer", "[" + VALID + "," + VALID.replace("\"answer\":1", "\"answer\":5") + "]");
        assertRefused(Kind.INVALID, "", "[]");
    }

    private static void assertRefused(Kind kind, String field, String body) {
        RequestException e = assertThrows(RequestException.class, () -> SeedRequests.parse(body), body);
        assertEquals(kind, e.kind(), e.getMessage());
        assertEquals(List.of(field), e.violations().stream().map(Violation::field).distinct().toList(), e.getMessage());
    }
}
