/**
 * Deep structured linear features (THEORY.md §8, {@code kind = "structured"}): {@link deeprf.structured.StructuredSpec},
 * one draw's simulation and exact conditional theory ({@link deeprf.structured.StructuredDraw}), the weight-free
 * theory ({@link deeprf.structured.WeightFreeTheory}) and the runner that writes a folder
 * ({@link deeprf.structured.StructuredRunner}).
 */
package deeprf.structured;
