package deeprf.ffi;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.StringJoiner;

/**
 * Diagnostic trace of downcalls, on with {@code -Ddeeprf.ffi.trace=true}: each call prints one line to stderr with
 * the library, the C name, the arguments, the result and the time. Read once when the class initialises, so with
 * the trace off the bindings are the bare downcall handles and cost nothing extra.
 */
public final class Trace {
    private Trace() {}

    /** Whether downcalls are traced (fixed for the life of the JVM). */
    public static final boolean ENABLED = Boolean.getBoolean("deeprf.ffi.trace");

    private static final MethodHandle CALL;

    static {
        try {
            CALL = MethodHandles.lookup().findStatic(Trace.class, "call",
                    MethodType.methodType(Object.class, String.class, MethodHandle.class, Object[].class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Wraps a downcall handle so every invocation is printed; keeps the handle's exact type. */
    static MethodHandle wrap(String library, String symbol, MethodHandle target) {
        MethodType type = target.type();
        MethodHandle spread = target.asSpreader(Object[].class, type.parameterCount());
        MethodHandle traced = MethodHandles.insertArguments(CALL, 0, library + " " + symbol, spread);
        return traced.asCollector(Object[].class, type.parameterCount()).asType(type);
    }

    private static Object call(String what, MethodHandle spread, Object[] args) throws Throwable {
        long t0 = System.nanoTime();
        Object result = spread.invoke(args);
        long ns = System.nanoTime() - t0;
        StringJoiner j = new StringJoiner(", ", what + "(", ")");
        for (Object a : args) j.add(format(a));
        System.err.printf("[deeprf.ffi] %s -> %s  %.3f ms%n", j, spread.type().returnType() == void.class ? "void" : format(result), ns / 1e6);
        return result;
    }

    private static String format(Object o) {
        if (o instanceof Byte b && b >= 32 && b < 127) return "'" + (char) b.byteValue() + "'";   // C char arguments (LAPACK jobz, uplo)
        if (o instanceof MemorySegment s) return s.equals(MemorySegment.NULL) ? "NULL" : String.format("0x%x[%d B]", s.address(), s.byteSize());
        return String.valueOf(o);
    }
}
