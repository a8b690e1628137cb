/**
 * Online SGD of a random-feature readout (THEORY.md §10): {@link deeprf.online.OnlineRun} steps R replicas at once,
 * {@link deeprf.online.StudentTeacherMoments} and {@link deeprf.online.GeneralisationError} give the exact ε_g,
 * {@link deeprf.online.OnlineTheory} the small-η ODE and the finite-η recursion on the same weights.
 */
package deeprf.online;
