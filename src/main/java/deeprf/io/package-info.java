/** Writing result files safely: atomic replace with fsync ({@link deeprf.io.AtomicFiles}) and file errors in words. */
package deeprf.io;
