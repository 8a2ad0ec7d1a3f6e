// The Monte Carlo runner: draws each sample's parameters from its own streams, negotiates, and hands the outcomes to
// a sink in sample order. Samples are spread over threads in chunks; because a sample's result depends only on
// (scenario, seed, sample index), the outcomes, and everything computed from them in order, are the same for any
// thread count.
#pragma once

#include "model/outcome.hpp"
#include "model/parameters.hpp"
#include "model/scenario.hpp"

#include <cstdint>
#include <functional>
#include <span>

namespace negsim {

struct RunOptions {
    std::uint64_t first_sample = 0;
    std::uint64_t samples = 1;
    std::uint64_t seed = 1;
    unsigned threads = 1;
    // Samples per hand-over to the sink. At most two chunks are in flight: the one the sink reads and the one the
    // workers compute ahead; chunk c + 2 is started only after the sink has returned from chunk c.
    std::uint64_t chunk = 4096;
};

// Receives consecutive outcomes; `first` is the sample index of outcomes[0].
using OutcomeSink = std::function<void(std::uint64_t first, std::span<const Outcome> outcomes)>;
// Told how many samples are done after every chunk; returning true stops the run there (for --target-ci: the
// decision is taken at chunk boundaries, in sample order, so it does not depend on the thread count).
using ProgressSink = std::function<bool(std::uint64_t done, std::uint64_t total)>;
// Told, every fifth of a second while a chunk is computed, how many samples of the run are done so far: for progress
// display only (nothing may depend on it, since when it is called depends on the machine).
using Heartbeat = std::function<void(std::uint64_t done, std::uint64_t total)>;
// Extra work on a sample, done in the worker that negotiated it, beside the negotiation (the zone searches): called
// once per sample from any thread, so it may write only to that sample's own storage.
using SampleProbe = std::function<void(std::uint64_t sample, const Parameters& parameters)>;

// The sample's zone margin (cooperative/zone.hpp), searched from its deal if any, recorded on its outcome.
void record_zone(const Scenario& scenario, const Parameters& parameters, Outcome& outcome);

// One sample alone: the replay of `negsim run --sample K`.
[[nodiscard]] Outcome simulate_sample(const Scenario& scenario, std::uint64_t seed, std::uint64_t sample);

void run_monte_carlo(const Scenario& scenario, const RunOptions& options, const OutcomeSink& sink,
                     const ProgressSink& progress = {}, const SampleProbe& probe = {}, const Heartbeat& heartbeat = {});

}  // namespace negsim
