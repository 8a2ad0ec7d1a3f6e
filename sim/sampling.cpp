// Monte Carlo draws of a scenario's uncertain parameters.
#include "sampling.hpp"

#include "distributions.hpp"
#include "random_stream.hpp"

#include <variant>

namespace negsim {

Parameters nominal_parameters(const Scenario& scenario) {
    Parameters p;
    p.agents = scenario.agent_count();
    p.issues = scenario.issue_count();
    if (const auto* random = std::get_if<RandomProposer>(&scenario.protocol.rules)) p.recognition = random->recognition;
    for (std::size_t i = 0; i < p.agents; ++i) {
        const Agent& a = scenario.agents[i];
        for (std::size_t k = 0; k < p.issues; ++k) {
            p.weight[i][k] = a.weights[k];
            p.ideal[i][k] = a.ideal[k];
        }
        p.reservation[i] = a.reservation;
        p.strategy[i] = a.strategy;
        p.power[i] = a.power;
        p.discount[i] = a.discount;
        p.ratification[i] = a.ratification;
    }
    return p;
}

namespace {

double draw(const Distribution& d, RandomStream rng, double nominal, double lo, double hi) {
    switch (d.kind) {
        case Distribution::Kind::fixed: return nominal;
        case Distribution::Kind::uniform: return d.a + rng.uniform() * (d.b - d.a);
        case Distribution::Kind::normal: return truncated_normal(rng, d.a, d.b, lo, hi);
    }
    return nominal;
}

}  // namespace

void sample_parameters(const Scenario& scenario, std::uint64_t seed, std::uint64_t sample, Parameters& out) {
    out = nominal_parameters(scenario);
    out.seed = seed;
    out.sample = sample;
    for (std::size_t i = 0; i < out.agents; ++i) {
        const AgentUncertainty& u = scenario.monte_carlo.agents[i];
        const Agent& a = scenario.agents[i];
        if (u.weight_concentration > 0.0) {
            RandomStream rng(seed, sample, purpose(Purpose::weights, i));
            dirichlet(rng, a.weights.data(), out.issues, u.weight_concentration, out.weight[i].data());
        }
        for (std::size_t k = 0; k < out.issues; ++k) {
            const Issue& issue = scenario.issues[k];
            out.ideal[i][k] = draw(u.ideal[k], RandomStream(seed, sample, purpose(Purpose::ideal, i, k)), a.ideal[k], issue.min, issue.max);
        }
        out.reservation[i] = draw(u.reservation, RandomStream(seed, sample, purpose(Purpose::reservation, i)), a.reservation, 0.0, 1.0);
    }
}

}  // namespace negsim
