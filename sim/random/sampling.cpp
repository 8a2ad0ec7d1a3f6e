// Monte Carlo draws of a scenario's uncertain parameters.
#include "random/sampling.hpp"

#include "random/distributions.hpp"
#include "random/random_stream.hpp"

#include <algorithm>
#include <variant>

namespace negsim {

namespace {

// The domain a parameter is clipped to after a shock.
std::pair<double, double> domain_of(const Scenario& s, const ParameterRef& ref) {
    if (ref.kind == ParameterRef::Kind::ideal) return {s.issues[ref.issue].min, s.issues[ref.issue].max};
    return parameter_domain(ref.kind);
}

void draw_independent(const Distribution& d, Parameters& out, const ParameterRef& ref, std::uint64_t seed, std::uint64_t sample, Purpose kind) {
    if (d.kind == Distribution::Kind::fixed) return;
    if (double* slot = parameter_slot(out, ref)) {
        RandomStream rng(seed, sample, purpose(kind, ref.agent, ref.issue));
        *slot = quantile(d, rng.uniform());
    }
}

// One effect (a shock's, or a stage's dependency): added, multiplied or set, clipped to the parameter's domain, and the
// agent's weights renormalised when one of them moved.
void apply_effect(const Scenario& scenario, const ShockEffect& e, Parameters& out) {
    double* slot = parameter_slot(out, e.parameter);
    if (!slot) return;
    const double v = e.op == ShockEffect::Op::add ? *slot + e.value : e.op == ShockEffect::Op::multiply ? *slot * e.value : e.value;
    const auto [lo, hi] = domain_of(scenario, e.parameter);
    *slot = std::clamp(v, lo, hi);
    if (e.parameter.kind == ParameterRef::Kind::weight) {  // weights stay normalised
        double total = 0.0;
        for (std::size_t j = 0; j < out.issues; ++j) total += out.weight[e.parameter.agent][j];
        if (total > 0.0)
            for (std::size_t j = 0; j < out.issues; ++j) out.weight[e.parameter.agent][j] /= total;
    }
}

}  // namespace

void sample_parameters(const Scenario& scenario, std::uint64_t seed, std::uint64_t sample, Parameters& out, const StageDraw* stage) {
    assign_nominal(scenario, out);
    out.seed = seed;
    out.sample = sample;
    const MonteCarloSpec& mc = scenario.monte_carlo;
    using K = ParameterRef::Kind;
    for (std::size_t i = 0; i < out.agents; ++i) {
        const AgentUncertainty& u = mc.agents[i];
        const Agent& a = scenario.agents[i];
        if (u.weight_concentration > 0.0) {
            RandomStream rng(seed, sample, purpose(Purpose::weights, i));
            dirichlet(rng, a.weights.data(), out.issues, u.weight_concentration, out.weight[i].data());
        }
        for (std::size_t k = 0; k < out.issues; ++k) draw_independent(u.ideal[k], out, {K::ideal, i, k}, seed, sample, Purpose::ideal);
        draw_independent(u.reservation, out, {K::reservation, i, 0}, seed, sample, Purpose::reservation);
        draw_independent(u.power, out, {K::power, i, 0}, seed, sample, Purpose::power);
        draw_independent(u.discount, out, {K::discount, i, 0}, seed, sample, Purpose::discount);
        draw_independent(u.exponent, out, {K::exponent, i, 0}, seed, sample, Purpose::exponent);
        draw_independent(u.salience, out, {K::salience, i, 0}, seed, sample, Purpose::salience);
    }
    // Correlated parameters are drawn again, jointly, through their block's Gaussian copula, replacing the
    // independent draws above (which keeps every other parameter's stream unchanged when a block is added).
    for (std::size_t b = 0; b < mc.correlations.size(); ++b) {
        const CorrelationBlock& block = mc.correlations[b];
        const std::size_t n = block.parameters.size();
        RandomStream rng(seed, sample, purpose(Purpose::correlation, b));
        std::array<double, 2 * kMaxAgents + kMaxIssues> z{};
        for (std::size_t r = 0; r < n; ++r) z[r] = standard_normal(rng);
        for (std::size_t r = 0; r < n; ++r) {
            double y = 0.0;
            for (std::size_t c = 0; c <= r; ++c) y += block.cholesky[r * n + c] * z[c];
            const double u = std::clamp(normal_cdf(y), 1e-16, 1.0 - 1e-16);
            if (double* slot = parameter_slot(out, block.parameters[r])) *slot = quantile(mc.distribution(block.parameters[r]), u);
        }
    }
    // Shocks, in file order, after every draw.
    const std::uint64_t shock_seed = stage ? stage->shock_seed : seed;
    for (std::size_t k = 0; k < mc.shocks.size(); ++k) {
        const Shock& shock = mc.shocks[k];
        RandomStream rng(shock_seed, sample, purpose(Purpose::shock, k));
        if (!(rng.uniform() < shock.probability)) continue;
        out.shocks |= std::uint64_t{1} << k;
        for (const ShockEffect& e : shock.effects) apply_effect(scenario, e, out);
    }
    // Then what earlier stages' results do to this one, in the order the stage lists its dependencies.
    if (stage)
        for (std::size_t d = 0; d < stage->dependencies.size(); ++d)
            if ((stage->firing >> d & 1U) != 0)
                for (const ShockEffect& e : stage->dependencies[d].effects) apply_effect(scenario, e, out);
    assign_best(scenario, out);          // the sample's weights are final
    assign_no_deal(scenario, out);       // and so are its reservation values
    assign_continuation(scenario, out);  // the sample's discount factors are final
}

}  // namespace negsim
