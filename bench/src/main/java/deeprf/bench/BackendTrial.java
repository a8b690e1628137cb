package deeprf.bench;

import deeprf.backend.Backend;
import deeprf.backend.BackendOptions;
import deeprf.backend.Backends;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One backend held for a whole trial, on the axes the kernel benchmarks share: {@code backend} (java, blas; {@code
 * -p backend=cuda} on a GPU machine) × {@code threads} (1, 2). JMH reads the inherited {@code @Param} fields and
 * helper methods; a subclass builds its operands in {@link #prepare()}, called once the backend is open, and the
 * backend (with every matrix it allocated) is closed after the trial. Benchmarks whose default axes differ (one
 * thread count, a cuda row) keep their own fields, since a subclass cannot change an inherited {@code @Param}'s values.
 */
@State(Scope.Benchmark)
public abstract class BackendTrial {
    @Param({"java", "blas"})
    public String backend;
    @Param({"1", "2"})
    public int threads;

    /** Open from the start of the trial (before {@link #prepare()}) to its end. */
    protected Backend be;

    @Setup(Level.Trial)
    public final void openBackend() {
        be = Backends.open(backend, BackendOptions.threads(threads));
        prepare();
    }

    /** Allocates and fills the benchmark's operands on {@link #be}. */
    protected abstract void prepare();

    @TearDown(Level.Trial)
    public final void closeBackend() { be.close(); }
}
