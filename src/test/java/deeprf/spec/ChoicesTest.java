package deeprf.spec;

import deeprf.experiment.ExperimentSpec;
import deeprf.experiment.SpecException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class ChoicesTest {
    @Test
    void aSwapOfTwoAdjacentLettersIsOneEdit() {
        assertEquals(1, Choices.editDistance("tahn", "tanh"));
        assertEquals(1, Choices.editDistance("rleu", "relu"));
        assertEquals(1, Choices.editDistance("lienar", "linear"));
        assertEquals(1, Choices.editDistance("reluu", "relu"));
        assertEquals(0, Choices.editDistance("tanh", "tanh"));
        assertEquals(4, Choices.editDistance("abcd", ""));
        assertEquals(3, Choices.editDistance("abc", "ca"));   // optimal string alignment: no edit of a swapped pair (unrestricted Damerau: 2)
    }

    @Test
    void swappedLettersGetAHint() {
        assertEquals("; did you mean \"tanh\"?", Choices.closeName("tahn", List.of("linear", "tanh", "relu")));
        assertEquals("; did you mean \"drawn\"?", Choices.didYouMean("dranw", List.of("averaged", "drawn")));
        assertEquals("", Choices.closeName("sigmoidal", List.of("tanh", "sign")));
        // through a spec: the activation a user mistyped is named with its hint
        SpecException e = assertThrows(SpecException.class, () -> ExperimentSpec.parse("""
                [data]
                d = 20
                n = 40
                [teacher]
                kind = "linear"
                [[learner.layers]]
                width = 30
                activation = "tahn"
                [readout]
                lambdas = [0.1]
                """, "t.toml"));
        assertTrue(e.getMessage().contains("learner.layers[1].activation = \"tahn\"") && e.getMessage().endsWith("did you mean \"tanh\"?"), e.getMessage());
    }
}
