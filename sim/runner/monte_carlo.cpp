// The Monte Carlo runner of one negotiation (monte_carlo.hpp).
#include "runner/monte_carlo.hpp"

#include "model/parameters.hpp"
#include "engine/protocol.hpp"
#include "random/sampling.hpp"
#include "cooperative/zone.hpp"
#include "runner/chunked_run.hpp"

namespace negsim {

void record_zone(const Scenario& scenario, const Parameters& parameters, Outcome& outcome) {
    const ZoneMargin zone = zone_margin(scenario, parameters, outcome.agreed ? &outcome.package : nullptr);
    outcome.zone_margin = zone.value;
    outcome.zone_undecided = zone.undecided;
    outcome.unproven += zone.unproven;
}

Outcome simulate_sample(const Scenario& scenario, std::uint64_t seed, std::uint64_t sample) {
    Parameters parameters;
    sample_parameters(scenario, seed, sample, parameters);
    Outcome outcome = negotiate(scenario, parameters);
    record_zone(scenario, parameters, outcome);
    return outcome;
}

void run_monte_carlo(const Scenario& scenario, const RunOptions& options, const OutcomeSink& sink, const ProgressSink& progress,
                     const SampleProbe& probe, const Heartbeat& heartbeat) {
    // What a sample allocates is the option table of each Negotiation built for it (the negotiation and its zone
    // margin; negotiation.hpp).
    const auto simulate = [&](std::uint64_t sample, Outcome& out, Parameters& parameters) {
        sample_parameters(scenario, options.seed, sample, parameters);
        out = negotiate(scenario, parameters);
        record_zone(scenario, parameters, out);
        if (probe) probe(sample, parameters);
    };
    run_chunked<Outcome>(options, simulate, sink, progress, heartbeat);
}

}  // namespace negsim
