// The Monte Carlo runner spread over the ranks of a Cluster: `mpirun -n K negsim run` (docs/cluster.md). Samples go
// out in the runner's chunks; each rank computes its chunks with options.threads threads (run_monte_carlo), and
// rank 0 hands every outcome to the sink in sample order, so whatever rank 0 computes from them (every result file)
// is byte-identical to one process. Every rank calls it with the same arguments; the sink, progress and probe are
// called on rank 0 only (the other ranks may pass empty ones). In a job of one it is run_monte_carlo.
#pragma once

#include "cluster/cluster.hpp"
#include "runner/monte_carlo.hpp"

#include <cstdint>

namespace negsim {

// Which rank computes chunk `chunk` (0-based, of `chunk_size` samples from the run's first): rank 0 every chunk that
// holds one of the first `probe_samples` samples (the probe's results live on rank 0), the others in turn from rank 1.
[[nodiscard]] int chunk_owner(std::uint64_t chunk, std::uint64_t chunk_size, std::uint64_t probe_samples, int ranks);

// As run_monte_carlo, except that the probe sees only the first `probe_samples` samples of the run (all of them, in a
// worker thread of rank 0); the chunks that hold them are rank 0's, so a large `probe_samples` keeps work on rank 0.
// A stop (progress returning true) is decided on rank 0 after a chunk, in sample order, exactly as one process would;
// the other ranks are then told to stop. A failure on another rank ends the job (main aborts it); bad input must be
// found by every rank alike before the call.
void run_distributed(Cluster& cluster, const Scenario& scenario, const RunOptions& options, const OutcomeSink& sink,
                     const ProgressSink& progress = {}, const SampleProbe& probe = {}, std::uint64_t probe_samples = 0);

}  // namespace negsim
