// Elementwise kernels and reductions of the cuda backend (matrices are column-major doubles).
// 1-D kernels stride over all n elements; 2-D kernels run threads along rows (coalesced) and grid.y along columns.

#define GRID_STRIDE(i, n) \
    for (long long i = blockIdx.x * (long long) blockDim.x + threadIdx.x; i < (n); i += (long long) gridDim.x * blockDim.x)

extern "C" __global__ void deeprf_fill(double* __restrict__ m, long long n, double value) {
    GRID_STRIDE(i, n) m[i] = value;
}

extern "C" __global__ void deeprf_scale(double* __restrict__ m, long long n, double alpha) {
    GRID_STRIDE(i, n) m[i] *= alpha;
}

/** y ← alpha·x + y. */
extern "C" __global__ void deeprf_axpy(const double* __restrict__ x, double* __restrict__ y, long long n, double alpha) {
    GRID_STRIDE(i, n) y[i] += alpha * x[i];
}

/** m[i][j] += alpha·v[i]. */
extern "C" __global__ void deeprf_add_to_rows(double* __restrict__ m, long long rows, long long cols,
                                              const double* __restrict__ v, double alpha) {
    GRID_STRIDE(i, rows) {
        double add = alpha * v[i];
        for (long long j = blockIdx.y; j < cols; j += gridDim.y) m[i + j * rows] += add;
    }
}

/**
 * Partial row sums: partial[i + g·rows] = Σ_{j ≡ g mod G} m[i][j] with G = gridDim.y, summed in increasing j.
 * A second pass (deeprf_sum_partials) adds the G partials of each row in order: deterministic for a fixed G.
 */
extern "C" __global__ void deeprf_row_sums_partial(const double* __restrict__ m, long long rows, long long cols,
                                                   double* __restrict__ partial) {
    GRID_STRIDE(i, rows) {
        double s = 0;
        for (long long j = blockIdx.y; j < cols; j += gridDim.y) s += m[i + j * rows];
        partial[i + blockIdx.y * rows] = s;
    }
}

/** out[i] = Σ_g partial[i + g·rows], g = 0..groups-1 in order. */
extern "C" __global__ void deeprf_sum_partials(const double* __restrict__ partial, long long rows, int groups,
                                               double* __restrict__ out) {
    GRID_STRIDE(i, rows) {
        double s = 0;
        for (int g = 0; g < groups; g++) s += partial[i + (long long) g * rows];
        out[i] = s;
    }
}

/** out[j] = Σ_i m[i][j]², one block per column (grid-stride over columns), a fixed-shape tree in shared memory. */
extern "C" __global__ void deeprf_column_squared_norms(const double* __restrict__ m, long long rows, long long cols,
                                                       double* __restrict__ out) {
    __shared__ double s[256];   // launch with blockDim.x == 256
    for (long long j = blockIdx.x; j < cols; j += gridDim.x) {
        const double* col = m + j * rows;
        double acc = 0;
        for (long long i = threadIdx.x; i < rows; i += blockDim.x) acc += col[i] * col[i];
        s[threadIdx.x] = acc;
        __syncthreads();
        for (int w = blockDim.x / 2; w > 0; w >>= 1) {
            if (threadIdx.x < w) s[threadIdx.x] += s[threadIdx.x + w];
            __syncthreads();
        }
        if (threadIdx.x == 0) out[j] = s[0];
        __syncthreads();
    }
}

/**
 * Copies one triangle of square n×n c onto the other through 32×32 shared tiles (both sides coalesced).
 * fromLower != 0: c[j][i] ← c[i][j] for i > j; else c[i][j] ← c[j][i] for i > j. Launch with blockDim (32, 8)
 * and grid (ceil(n/32), ceil(n/32)).
 */
extern "C" __global__ void deeprf_symmetrize(double* __restrict__ c, long long n, int fromLower) {
    __shared__ double tile[32][33];
    long long bx = blockIdx.x, by = blockIdx.y;   // source tile: rows bx·32.., columns by·32..
    if (fromLower ? bx < by : bx > by) return;
    for (int k = threadIdx.y; k < 32; k += blockDim.y) {
        long long i = bx * 32 + threadIdx.x, j = by * 32 + k;
        if (i < n && j < n) tile[k][threadIdx.x] = c[i + j * n];
    }
    __syncthreads();
    for (int k = threadIdx.y; k < 32; k += blockDim.y) {
        long long si = bx * 32 + k, sj = by * 32 + threadIdx.x;   // source element (si, sj) goes to (sj, si)
        bool strict = fromLower ? si > sj : si < sj;
        if (si < n && sj < n && strict) c[sj + si * n] = tile[threadIdx.x][k];
    }
}

/**
 * *first ← min(*first, linear index of a non-finite entry of m) (only i >= j when lowerOnly): the solvers' input
 * check. Initialise *first to ~0 (no such entry); the smallest index wins whatever the launch shape.
 */
extern "C" __global__ void deeprf_first_nonfinite(const double* __restrict__ m, long long rows, long long cols,
                                                  int lowerOnly, unsigned long long* __restrict__ first) {
    GRID_STRIDE(i, rows) {
        for (long long j = blockIdx.y; j < cols; j += gridDim.y) {
            if (lowerOnly && i < j) break;
            double x = m[i + j * rows];
            if (!isfinite(x)) {
                atomicMin(first, (unsigned long long) (i + j * rows));
                break;
            }
        }
    }
}
