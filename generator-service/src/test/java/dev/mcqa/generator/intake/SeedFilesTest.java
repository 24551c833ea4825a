package dev.mcqa.generator.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcqa.contract.InvalidMessageException;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeedFilesTest {

    @Test
    void readsMmluCsvWithQuotesCommasAndLineBreaks() {
        String csv = "question,choice0,choice1,choice2,choice3,answer\n"
                + "\"Statement 1 | a, b. Statement 2 | \"\"c\"\"\",\"True, True\",\"False, False\",x,y,1\r\n"
                + "\"two\nlines\",p,q,r,s,3\n";
        List<Candidate> seeds = SeedFiles.read("data/abstract_algebra_dev.csv", csv);
        assertEquals(2, seeds.size());
        assertEquals("abstract_algebra", seeds.get(0).seed().task());
        assertEquals("Statement 1 | a, b. Statement 2 | \"c\"", seeds.get(0).seed().question());
        assertEquals(List.of("True, True", "False, False", "x", "y"), seeds.get(0).seed().choices());
        assertEquals("import:abstract_algebra_dev.csv#2", seeds.get(1).seed().source());
        assertEquals("two\nlines", seeds.get(1).seed().question());
        assertEquals(3, seeds.get(1).seed().answer());
    }

    @Test
    void aBadRowIsRejectedAloneWithItsReason() {
        String csv = "q1,a,b,c,d,0\nq2,a,b,c,d,B\nq3,a,a,c,d,0\nq4,a,b,c,d,9\nq5,a,b\n";
        List<Candidate> rows = SeedFiles.read("anatomy_test.csv", csv);
        assertEquals(5, rows.size());
        assertEquals("anatomy", rows.get(0).seed().task());
        assertEquals("answer", rows.get(1).violations().get(0).field());
        assertEquals("choices[1]", rows.get(2).violations().get(0).field());
        assertEquals("answer", rows.get(3).violations().get(0).field());
        assertEquals("row", rows.get(4).violations().get(0).field());
        assertNull(rows.get(4).seed());
    }

    @Test
    void readsJsonLines() {
        String jsonl = "{\"task\":\"law\",\"question\":\"Q?\",\"choices\":[\"a\",\"b\"],\"answer\":0}\n\nnot json\n"
                + "{\"task\":\"law\",\"question\":\"Q?\",\"choices\":[\"a\",\"b\"],\"answer\":\"0\"}\n";
        List<Candidate> rows = SeedFiles.read("more.jsonl", jsonl);
        assertEquals(3, rows.size());
        assertEquals("import:more.jsonl#1", rows.get(0).seed().source());
        assertEquals("import:more.jsonl#3", rows.get(1).source());
        assertTrue(rows.get(1).violations().get(0).message().startsWith("not valid JSON"));
        assertEquals("answer", rows.get(2).violations().get(0).field());
    }

    @Test
    void refusesOtherFileKinds() {
        InvalidMessageException e = assertThrows(InvalidMessageException.class, () -> SeedFiles.read("seeds.xlsx", ""));
        assertEquals("file", e.violations().get(0).field());
    }
}
