// The nominal parameters of a scenario, and the slot a parameter reference names.
#include "model/parameters.hpp"

#include "model/tolerance.hpp"

#include "model/continuation.hpp"
#include "model/utility.hpp"

#include <algorithm>
#include <cmath>
#include <variant>

namespace negsim {

void assign_nominal(const Scenario& scenario, Parameters& p) {
    // Only the scenario's agents and issues are written: nothing reads past them, and a thread's Parameters is
    // reused for every sample without clearing it (about 70 KB: sizeof(Parameters) with g++ 12 on x86-64).
    p.seed = 0;
    p.sample = 0;
    p.shocks = 0;
    p.agents = scenario.agent_count();
    p.issues = scenario.issue_count();
    const auto* random = std::get_if<RandomProposer>(&scenario.protocol.rules);
    for (std::size_t i = 0; i < p.agents; ++i) {
        const Agent& a = scenario.agents[i];
        for (std::size_t k = 0; k < p.issues; ++k) {
            p.weight[i][k] = a.weights[k];
            p.ideal[i][k] = a.ideal[k];
        }
        p.reservation[i] = a.reservation;
        p.strategy[i] = a.strategy;
        p.power[i] = a.power;
        p.salience[i] = a.salience;
        p.discount[i] = a.discount;
        p.ratification[i] = a.ratification;
        p.recognition[i] = random ? random->recognition[i] : 0.0;
    }
    assign_best(scenario, p);
}

void assign_best(const Scenario& scenario, Parameters& p) {
    for (std::size_t i = 0; i < p.agents; ++i) {
        const Agent& a = scenario.agents[i];
        // Each value function is highest at the agent's ideal (the loader checks it, and no ideal of an affine issue is
        // drawn), so max_x v_ik(x) = v_ik(ideal_ik). When every one of them is 1 the best is exactly 1, not the floating
        // sum of the weights (which need not be 1.0): aspirations and every result stay what they were before values
        // below 1 existed.
        bool reaches_one = true;
        double best = 0.0;
        for (std::size_t k = 0; k < p.issues; ++k) {
            const double top = issue_value(a.values[k], p.ideal[i][k], p.ideal[i][k], scenario.issues[k].span());
            reaches_one = reaches_one && top == 1.0;
            best += p.weight[i][k] * top;
        }
        p.best[i] = reaches_one ? 1.0 : best;
    }
}

void assign_continuation(const Scenario& scenario, Parameters& p) {
    p.continuation_residual = 0.0;
    bool needed = false;
    for (std::size_t i = 0; i < p.agents; ++i) needed = needed || std::holds_alternative<BaronFerejohnStrategy>(p.strategy[i]);
    if (!needed) return;
    CoalitionGame game;
    game.agents = p.agents;
    game.recognition = p.recognition;
    game.discount = p.discount;
    // The loader allows this strategy with a count quorum only (one criterion on "members"): the equilibrium's
    // structure below is Eraslan's for a count of votes.
    const std::vector<VoteCriterion>& votes = scenario.protocol.decision.votes;
    game.quorum = votes.empty() ? 0 : static_cast<std::size_t>(std::ceil(votes.front().at_least - tolerance::kVoteWeight * votes.front().total));
    game.required = scenario.protocol.decision.required;
    game.voters = scenario.protocol.decision.voters;
    const ContinuationValues values = stationary_values(game);
    p.continuation = values.value;
    p.continuation_residual = values.residual;
}

void assign_no_deal(const Scenario& scenario, Parameters& p) {
    const Contributions& c = scenario.contributions;
    if (!c.any) return;
    Package lines{};  // the status-quo lines (only the contributions are read)
    for (std::size_t k = 0; k < p.issues; ++k)
        if (c.is_contribution(k)) lines[k] = c.status_quo[k].equilibrium ? p.ideal[static_cast<std::size_t>(c.contributor[k])][k] : c.status_quo[k].value;
    for (std::size_t i = 0; i < p.agents; ++i) {
        double r = p.reservation[i];
        for (std::size_t k = 0; k < p.issues; ++k)
            if (c.is_contribution(k)) r += p.weight[i][k] * issue_value(scenario.agents[i].values[k], lines[k], p.ideal[i][k], scenario.issues[k].span());
        // A link on aggregates alone (a threshold value) is decided by the status-quo lines too.
        for (const Link& link : scenario.agents[i].links) {
            const auto& conditions = link.conditions;
            const bool on_lines = std::all_of(conditions.begin(), conditions.end(), [](const Condition& c) { return c.aggregate >= 0; });
            if (on_lines && std::all_of(conditions.begin(), conditions.end(), [&](const Condition& c) { return holds(scenario, c, lines); })) r += link.value;
        }
        p.reservation[i] = std::clamp(r, 0.0, 1.0);
    }
}

Parameters nominal_parameters(const Scenario& scenario) {
    Parameters p;
    assign_nominal(scenario, p);
    assign_no_deal(scenario, p);
    assign_continuation(scenario, p);
    return p;
}

double* parameter_slot(Parameters& p, const ParameterRef& ref) {
    switch (ref.kind) {
        case ParameterRef::Kind::reservation: return &p.reservation[ref.agent];
        case ParameterRef::Kind::power: return &p.power[ref.agent];
        case ParameterRef::Kind::salience: return &p.salience[ref.agent];
        case ParameterRef::Kind::discount: return &p.discount[ref.agent];
        case ParameterRef::Kind::ideal: return &p.ideal[ref.agent][ref.issue];
        case ParameterRef::Kind::weight: return &p.weight[ref.agent][ref.issue];
        case ParameterRef::Kind::exponent: {
            auto* s = std::get_if<TimeDependentStrategy>(&p.strategy[ref.agent]);
            return s ? &s->exponent : nullptr;
        }
    }
    return nullptr;
}

}  // namespace negsim
