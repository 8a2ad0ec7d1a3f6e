// Chunked, thread-count-independent Monte Carlo runner.
#include "monte_carlo.hpp"

#include "parameters.hpp"
#include "protocol.hpp"
#include "sampling.hpp"

#include <algorithm>
#include <thread>
#include <vector>

namespace negsim {

Outcome simulate_sample(const Scenario& scenario, std::uint64_t seed, std::uint64_t sample) {
    Parameters parameters;
    sample_parameters(scenario, seed, sample, parameters);
    return negotiate(scenario, parameters);
}

void run_monte_carlo(const Scenario& scenario, const RunOptions& options, const OutcomeSink& sink, const ProgressSink& progress) {
    const unsigned threads = std::max(1u, options.threads);
    const std::uint64_t chunk = std::max<std::uint64_t>(1, options.chunk);
    std::vector<Outcome> outcomes(static_cast<std::size_t>(std::min(chunk, options.samples)));

    // Each worker owns one Parameters for all its samples: no allocation per sample.
    auto work = [&](std::uint64_t first, std::size_t count, unsigned worker) {
        Parameters parameters;
        for (std::size_t i = worker; i < count; i += threads) {
            sample_parameters(scenario, options.seed, first + i, parameters);
            outcomes[i] = negotiate(scenario, parameters);
        }
    };

    for (std::uint64_t done = 0; done < options.samples;) {
        const std::uint64_t first = options.first_sample + done;
        const auto count = static_cast<std::size_t>(std::min(chunk, options.samples - done));
        if (threads == 1) {
            work(first, count, 0);
        } else {
            std::vector<std::jthread> pool;
            for (unsigned w = 1; w < threads; ++w) pool.emplace_back(work, first, count, w);
            work(first, count, 0);
        }
        sink(first, std::span<const Outcome>(outcomes.data(), count));
        done += count;
        if (progress) progress(done, options.samples);
    }
}

}  // namespace negsim
