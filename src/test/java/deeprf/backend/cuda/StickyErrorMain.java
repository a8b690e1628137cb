package deeprf.backend.cuda;

import deeprf.backend.Backend;
import deeprf.backend.BackendOptions;
import deeprf.backend.Matrix;

/**
 * Run in a child JVM by CudaKernelsTest: provokes a sticky CUDA error and prints what the backend did. A sticky error
 * ruins the process's CUDA context, so it must not happen inside the test JVM.
 */
public final class StickyErrorMain {
    public static void main(String[] args) {
        Backend be = new CudaBackendProvider().open(new BackendOptions(1, 0));
        Matrix m = be.allocate(4, 4);
        try {
            ((CudaBackend) be).provokeIllegalAddressForTest();
            System.out.println("no-error");
        } catch (DeviceFailureException e) {
            System.out.println("closed=" + e.backendClosed() + " isClosed=" + ((CudaBackend) be).isClosed() + " matrixClosed=" + m.isClosed());
            System.out.println("message=" + e.getMessage());
            try {
                be.fill(m, 1);
                System.out.println("use-after: no exception");
            } catch (IllegalStateException ise) {
                System.out.println("use-after: IllegalStateException");
            }
        }
        be.close();
        System.out.println("exit-cleanly");
    }
}
