// The Monte Carlo runner spread over the ranks of a Cluster: `mpirun -n K negsim run` (docs/sweeps.md, "Clusters (MPI)"). Samples go
// out in quarters of the runner's chunks, to whichever rank asks next; each rank computes them with options.threads
// threads (run_monte_carlo), and rank 0 hands every outcome to the sink in sample order, so whatever rank 0 computes
// from them (every result file) is byte-identical to one process. Every rank calls it with the same arguments; the sink, progress and probe are
// called on rank 0 only (the other ranks may pass empty ones). In a job of one it is run_monte_carlo.
#pragma once

#include "cluster/cluster.hpp"
#include "runner/monte_carlo.hpp"
#include "runner/stages.hpp"

#include <cstdint>

namespace negsim {

// As run_monte_carlo, except that the probe sees only the first `probe_samples` samples of the run (all of them, in a
// worker thread of rank 0, where the probe's results live); the samples around them are rank 0's too, so a large
// `probe_samples` keeps work on rank 0.
// The heartbeat is called in a job of one only.
// A stop (progress returning true) is decided on rank 0 after a chunk, in sample order, exactly as one process would;
// the other ranks are then told to stop. A failure on another rank ends the job (main aborts it); bad input must be
// found by every rank alike before the call.
void run_distributed(Cluster& cluster, const Scenario& scenario, const RunOptions& options, const OutcomeSink& sink,
                     const ProgressSink& progress = {}, const SampleProbe& probe = {}, std::uint64_t probe_samples = 0,
                     const Heartbeat& heartbeat = {});

// As run_distributed, for a scenario in stages (runner/stages.hpp): ProcessOutcomes travel between ranks as their
// bytes, and rank 0 hands them to the sink in sample order, so its files are byte-identical to one process's.
void run_distributed_process(Cluster& cluster, const Scenario& scenario, const RunOptions& options, const ProcessSink& sink,
                             const ProgressSink& progress = {}, const Heartbeat& heartbeat = {});

}  // namespace negsim
