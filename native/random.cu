// Counter-based Gaussian generation (see philox.cuh for the layout shared with deeprf.random.Philox).
#include "philox.cuh"

using namespace deeprf;

/**
 * m[e] = stddev · normal number (offset + e) of stream (seed, stream), e in [0, n). One thread per Philox pair
 * (two normals), grid-stride over pairs, so the result does not depend on the launch shape.
 */
extern "C" __global__ void deeprf_fill_gaussian(double* __restrict__ m, long long n, unsigned long long seed,
                                                unsigned long long stream, unsigned long long offset, double stddev) {
    if (n <= 0) return;
    unsigned long long firstPair = offset >> 1;
    unsigned long long lastPair = (offset + (unsigned long long) n - 1) >> 1;
    unsigned long long pairs = lastPair - firstPair + 1;
    for (unsigned long long p = blockIdx.x * (unsigned long long) blockDim.x + threadIdx.x; p < pairs;
         p += (unsigned long long) gridDim.x * blockDim.x) {
        unsigned long long pair = firstPair + p;
        double z0, z1;
        philox_normal_pair(seed, stream, pair, &z0, &z1);
        long long e0 = (long long) (2 * pair - offset);   // element of normal 2·pair; may be -1 at an odd start
        if (e0 >= 0) m[e0] = __dmul_rn(stddev, z0);
        if (e0 + 1 < n) m[e0 + 1] = __dmul_rn(stddev, z1);
    }
}

/** out[4·b + w] = word w of the Philox block with counter (firstPair + b, stream) and key seed: for bit-equality tests. */
extern "C" __global__ void deeprf_philox_words(unsigned int* __restrict__ out, long long blocks, unsigned long long seed,
                                               unsigned long long stream, unsigned long long firstPair) {
    for (long long b = blockIdx.x * (long long) blockDim.x + threadIdx.x; b < blocks; b += (long long) gridDim.x * blockDim.x) {
        Words4 x = philox_pair_words(seed, stream, firstPair + (unsigned long long) b);
        out[4 * b] = x.x0;
        out[4 * b + 1] = x.x1;
        out[4 * b + 2] = x.x2;
        out[4 * b + 3] = x.x3;
    }
}
