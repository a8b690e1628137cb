/** The counter-based Gaussian generator (Philox4x32-10): number i of (seed, stream) is a pure function of the three. */
package deeprf.random;
