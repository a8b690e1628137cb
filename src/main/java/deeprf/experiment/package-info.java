/**
 * Experiments from specs to files. Ridge: {@link deeprf.experiment.ExperimentSpec} (a TOML spec, its sweep resolved into
 * {@link deeprf.experiment.PointSpec}s) run by {@link deeprf.experiment.Experiment} (one {@link deeprf.experiment.Trial}
 * per point and seed, rows {@link deeprf.experiment.ResultRow}); online SGD: {@link deeprf.experiment.OnlineSpec} and
 * {@link deeprf.experiment.OnlineExperiment}. Around them: the output-folder rule ({@link deeprf.experiment.OutputFolder}),
 * resumable results ({@link deeprf.experiment.ResultStore}), the memory check before a run
 * ({@link deeprf.experiment.DrawMemory}), summaries, plots and NumPy files. Structured runs are in {@code deeprf.structured}.
 */
package deeprf.experiment;
