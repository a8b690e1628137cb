/**
 * The only package that touches {@code Linker} and {@code SymbolLookup}: loading native libraries and binding their
 * functions, shaped like jextract's own libclang wrapper. Three layers:
 *
 * <ol>
 *   <li><b>Core</b> (this package): {@link deeprf.ffi.LibrarySpec} says where a library may be (explicit path from a
 *       system property or environment variable first, then versioned sonames); {@link deeprf.ffi.NativeLibrary}
 *       loads it lazily, once, and never throws while loading; {@link deeprf.ffi.NativeFunction} is one bound
 *       function or the recorded reason it cannot be bound; {@link deeprf.ffi.Trace} prints every downcall with
 *       {@code -Ddeeprf.ffi.trace=true}; {@link deeprf.ffi.NativeStatusException} and
 *       {@link deeprf.ffi.NativeUnavailableException} are the two ways a call fails.</li>
 *   <li><b>Raw bindings</b> (one subpackage per library family, e.g. {@link deeprf.ffi.blas}): one static method
 *       per C function with the exact C name and C argument order, each backed by its own lazy holder class, so
 *       the binding class loads on a machine without the library and only the first call of a missing function
 *       fails. Methods that return a status check it and throw, naming the function and the decoded status.</li>
 *   <li><b>Owners</b>: {@link deeprf.ffi.NativeBuffer} and {@link deeprf.ffi.ScratchBuffer} are
 *       {@code AutoCloseable} holders of native memory, each in an arena they own (never the global or automatic
 *       arena). Backends hold their matrices and workspaces in these.</li>
 * </ol>
 *
 * <h2>Adding a library</h2>
 * <pre>{@code
 * // 1. Where it lives: property / environment variable for an explicit path, then versioned sonames.
 * public static final NativeLibrary CUBLAS = new NativeLibrary(new LibrarySpec("cuBLAS",
 *         "deeprf.cublas.lib", "DEEPRF_CUBLAS_LIB", List.of("libcublas.so.13", "libcublas.so.12")));
 *
 * // 2. One holder class per function; its static initialiser never throws (function() records failures).
 * private static final class cublasCreate_v2$ {
 *     static final NativeFunction FN = CUBLAS.function("cublasCreate_v2",
 *             FunctionDescriptor.of(JAVA_INT, ADDRESS));
 *     static final MethodHandle HANDLE = FN.isAvailable() ? FN.handle() : null;
 * }
 *
 * // 3. The raw method: exact C name, exact C arguments, status checked.
 * public static void cublasCreate_v2(MemorySegment handleOut) {
 *     MethodHandle h = cublasCreate_v2$.HANDLE;
 *     if (h == null) cublasCreate_v2$.FN.handle();          // throws, naming library and symbol
 *     int status;
 *     try { status = (int) h.invokeExact(handleOut); }
 *     catch (Throwable t) { throw cublasCreate_v2$.FN.rethrow(t); }
 *     if (status != 0) throw new NativeStatusException("cublasCreate_v2", status, CublasStatus.name(status));
 * }
 * }</pre>
 * Probing for a backend: {@link deeprf.ffi.NativeLibrary#problems()} lists why a library is missing, and
 * {@link deeprf.ffi.NativeFunction#unavailableReason()} why a symbol is; neither throws. See
 * {@link deeprf.ffi.blas.OpenBlas} for a complete example.
 */
package deeprf.ffi;
