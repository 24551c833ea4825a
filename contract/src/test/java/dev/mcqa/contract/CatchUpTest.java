package dev.mcqa.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CatchUpTest {

    @Test
    void caughtUpOnceEveryAssignedPartitionIsReadToItsEndAtAssignment() {
        CatchUp catchUp = new CatchUp("mcqa.seeds");
        assertFalse(catchUp.caughtUp(), "nothing assigned yet");
        catchUp.assigned(0, 0, 3);
        catchUp.assigned(1, 5, 5); // emptied by retention: nothing to wait for
        assertFalse(catchUp.caughtUp());
        catchUp.read(0, 0);
        catchUp.read(0, 1);
        assertEquals("mcqa.seeds partition 0 at 2 of 3", catchUp.describe());
        catchUp.read(0, 2);
        assertTrue(catchUp.caughtUp());
        catchUp.read(0, 3); // written after assignment: still caught up
        assertTrue(catchUp.caughtUp());
        catchUp.assigned(2, 0, 1); // a rebalance hands over another partition
        assertFalse(catchUp.caughtUp());
        catchUp.revoked(List.of(2));
        assertTrue(catchUp.caughtUp());
    }

    @Test
    void aRaisedEndMustBeReadToo() {
        CatchUp catchUp = new CatchUp("mcqa.generated");
        catchUp.assigned(0, 0, 2);
        catchUp.read(0, 0);
        catchUp.read(0, 1);
        assertTrue(catchUp.caughtUp());
        catchUp.reachAtLeast(Map.of(0, 4L, 7, 9L)); // a task taken over: its items up to offset 4; partition 7 is not assigned here
        assertFalse(catchUp.caughtUp());
        assertEquals("mcqa.generated partition 0 at 2 of 4", catchUp.describe());
        catchUp.reachAtLeast(Map.of(0, 1L)); // never lowered
        catchUp.read(0, 3);
        assertTrue(catchUp.caughtUp());
    }
}
