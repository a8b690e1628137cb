// Philox4x32-10 (Salmon et al., SC'11), the same layout as deeprf.random.Philox (change both or neither):
//   key     = (seed low 32, seed high 32)
//   counter = (pair low 32, pair high 32, stream low 32, stream high 32), pair = i / 2
//   u1 = ((x0·2^32 + x1) >> 11 + 1/2)·2^-53 in (0,1),  u2 = ((x2·2^32 + x3) >> 11)·2^-53 in [0,1)
//   normal 2·pair = r·cos(2π·u2), normal 2·pair+1 = r·sin(2π·u2), r = sqrt(−2 ln u1)
// The uint32 words are bit-identical to the Java generator; the normals agree to the rounding of log, sqrt,
// cos and sin (CUDA's double-precision functions are within 2 ulp; Java uses StrictMath/fdlibm).
#pragma once
#include <stdint.h>

namespace deeprf {

struct Words4 { uint32_t x0, x1, x2, x3; };

__device__ __forceinline__ Words4 philox4x32_10(uint32_t c0, uint32_t c1, uint32_t c2, uint32_t c3,
                                               uint32_t k0, uint32_t k1) {
    const uint32_t M0 = 0xD2511F53u, M1 = 0xCD9E8D57u;
    const uint32_t W0 = 0x9E3779B9u, W1 = 0xBB67AE85u;
#pragma unroll
    for (int round = 0; round < 10; round++) {
        uint32_t hi0 = __umulhi(M0, c0), lo0 = M0 * c0;
        uint32_t hi1 = __umulhi(M1, c2), lo1 = M1 * c2;
        uint32_t n0 = hi1 ^ c1 ^ k0, n2 = hi0 ^ c3 ^ k1;
        c0 = n0; c1 = lo1; c2 = n2; c3 = lo0;
        k0 += W0; k1 += W1;
    }
    Words4 w = {c0, c1, c2, c3};
    return w;
}

__device__ __forceinline__ Words4 philox_pair_words(unsigned long long seed, unsigned long long stream,
                                                    unsigned long long pair) {
    return philox4x32_10((uint32_t) pair, (uint32_t) (pair >> 32), (uint32_t) stream, (uint32_t) (stream >> 32),
                         (uint32_t) seed, (uint32_t) (seed >> 32));
}

/** Normals 2·pair (z0) and 2·pair+1 (z1) of stream (seed, stream). */
__device__ __forceinline__ void philox_normal_pair(unsigned long long seed, unsigned long long stream,
                                                   unsigned long long pair, double* z0, double* z1) {
    Words4 x = philox_pair_words(seed, stream, pair);
    unsigned long long a = ((((unsigned long long) x.x0) << 32) | x.x1) >> 11;
    unsigned long long b = ((((unsigned long long) x.x2) << 32) | x.x3) >> 11;
    const double TWO_POW_M53 = 1.1102230246251565404e-16;   // 2^-53
    const double TWO_PI = 6.283185307179586;                // the double nearest 2π, as Java's 2 * Math.PI
    double u1 = __dmul_rn(__dadd_rn((double) a, 0.5), TWO_POW_M53);
    double u2 = __dmul_rn((double) b, TWO_POW_M53);
    double r = sqrt(__dmul_rn(-2.0, log(u1)));
    double t = __dmul_rn(TWO_PI, u2);
    double s, c;
    sincos(t, &s, &c);
    *z0 = __dmul_rn(r, c);
    *z1 = __dmul_rn(r, s);
}

}  // namespace deeprf
