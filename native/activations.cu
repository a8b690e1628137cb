// The activation catalogue of deeprf.backend.Activation, one neuron per matrix row, with per-neuron bias and
// per-neuron choice (mixtures). Codes are ActivationKind.code(); keep them in step with the Java enum.
//   h[i][j] = f_{choice[i]}(h[i][j] + bias[i])
// Semantics follow Activation.apply exactly (signum keeps ±0 and NaN; relu maps NaN to 0 as `x > 0 ? x : 0`).

enum {
    LINEAR = 0, TANH = 1, ERF = 2, RELU = 3, ABS = 4, SIGN = 5, SIGMOID = 6, CLIPPED_LINEAR = 7
};

__device__ __forceinline__ double signum(double x) { return x > 0 ? 1.0 : x < 0 ? -1.0 : x; }

__device__ __forceinline__ double apply_activation(int kind, double a, double b, double x) {
    switch (kind) {
        case LINEAR: return a * x;
        case TANH: return tanh(a * x);
        case ERF: return erf(a * x);
        case RELU: return x > 0 ? x : 0.0;
        case ABS: return fabs(x);
        case SIGN: return signum(x);
        case SIGMOID: return 1.0 / (1.0 + exp(-x));
        case CLIPPED_LINEAR: {
            double ax = fabs(x);
            return a * signum(x) * (ax != ax ? ax : (b < ax ? b : ax));
        }
        default: return __longlong_as_double(0x7ff8000000000000LL);   // unknown code: NaN, never silently wrong
    }
}

/**
 * m is rows×cols column-major. table holds nChoices triples (code, a, b) as doubles. choiceOf (one byte per row)
 * and bias (one double per row) may be null. Threads run along rows (coalesced), the grid's y along columns.
 */
extern "C" __global__ void deeprf_activate(double* __restrict__ m, long long rows, long long cols,
                                           const unsigned char* __restrict__ choiceOf,
                                           const double* __restrict__ bias, const double* __restrict__ table) {
    for (long long i = blockIdx.x * (long long) blockDim.x + threadIdx.x; i < rows; i += (long long) gridDim.x * blockDim.x) {
        int c = choiceOf != nullptr ? choiceOf[i] : 0;
        int kind = (int) table[3 * c];
        double a = table[3 * c + 1], b = table[3 * c + 2];
        double shift = bias != nullptr ? bias[i] : 0.0;
        for (long long j = blockIdx.y; j < cols; j += gridDim.y) {
            double* p = m + i + j * rows;
            *p = apply_activation(kind, a, b, *p + shift);
        }
    }
}
