package deeprf.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** {@link SpecNode#refuseRepeats}: what counts as one value, and which places the message names. */
class SpecRepeatsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String refusal(String json) throws Exception {
        JsonNode array = JSON.readTree(json);
        SpecException e = assertThrows(SpecException.class, () -> SpecNode.refuseRepeats("a", array, ""));
        return e.getMessage();
    }

    private static void accepted(String json) throws Exception {
        SpecNode.refuseRepeats("a", JSON.readTree(json), "");
    }

    @Test
    void numbersCompareByValueAndIntegersExactly() throws Exception {
        assertTrue(refusal("[1, 2, 1.0]").contains("a[3] = 1 repeats a[1]"));
        assertTrue(refusal("[2.5, 1e0, 25e-1]").contains("a[3] = 2.5 repeats a[1]"));
        accepted("[9007199254740993, 9007199254740992]");     // one double, two integers (seeds)
        // an integer beside a float compares as doubles, as sameValue does: 2^53 + 1 rounds to the float 2^53
        assertTrue(refusal("[9007199254740993, 9007199254740992.0]").contains("a[2] = "));
        accepted("[0.0, -0.0]");                               // Double.compare tells them apart, as sameValue does
    }

    @Test
    void nestedTablesAreOneValueWhateverTheirKeyOrder() throws Exception {
        assertTrue(refusal("[{\"x\": 1, \"y\": [1, 2]}, {\"y\": [1.0, 2], \"x\": 1.0}]").contains("a[2] = "));
        accepted("[{\"x\": 1, \"y\": [1, 2]}, {\"x\": 1, \"y\": [2, 1]}]");    // arrays keep their order
        accepted("[{\"x\": 1}, {\"x\": 1, \"y\": 2}]");
        assertTrue(refusal("[\"tanh\", \"relu\", \"tanh\"]").contains("a[3] = \"tanh\" repeats a[1]"));
    }

    @Test
    void namesTheFirstRepeatAndTheFirstPlaceItRepeats() throws Exception {
        // a[3] and a[4] repeat a[1], a[5] repeats a[2]: the first repeat in the array is a[3], of a[1]
        assertTrue(refusal("[7, 8, 7, 7, 8]").contains("a[3] = 7 repeats a[1]"));
        assertTrue(refusal("[7, 8, 9, 8, 7]").contains("a[4] = 8 repeats a[2]"));
    }

    @Test
    void aLongSweepIsCheckedWholly() throws Exception {
        ArrayNode big = JSON.createArrayNode();
        for (int i = 1; i <= 100_000; i++) big.add(i / 200.0);
        SpecNode.refuseRepeats("a", big, "");                   // quadratic before: ~20 s of a 10^5-point spec's parse
        big.add(1 / 200.0);
        SpecException e = assertThrows(SpecException.class, () -> SpecNode.refuseRepeats("a", big, ""));
        assertTrue(e.getMessage().contains("a[100001] = 0.005 repeats a[1]"), e.getMessage());
    }
}
