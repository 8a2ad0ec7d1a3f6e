// Single-negotiating-text mediation (docs/protocols.md, "mediator"; Raiffa 1982, The Art and Science of
// Negotiation, ch. 14).
//
// Rules (the round itself is in rounds.hpp). In every round a mediator, neutral or a named agent, puts forward one
// text: the package maximising the weighted (asymmetric) Nash product prod_i (u_i - a_i)^(w_i) of the parties'
// surpluses over their current thresholds (Kalai 1977; Binmore, Rubinstein & Wolinsky 1986), with w_i = power_i *
// salience_i, the agent's effective power on this negotiation (Bueno de Mesquita 1994, "Political forecasting: an
// expected utility method", in European Community Decision Making; KTAB's capability times salience). The parties are
// the agents the decision rule counts (required roles; all voters when the rule takes a vote) and a named mediator. If no
// text gives every party a positive surplus (or, never seen in practice, the product cannot be maximised to tolerance),
// it puts forward the one with the largest smallest surplus. The parties accept
// or reject it against their thresholds; no party proposes, so a threshold is the agent's aspiration (floored at
// walking away), and aspirations move as the strategies say.
#include "optimise/package_optimizer.hpp"
#include "engine/protocol.hpp"
#include "engine/rounds.hpp"
#include "cooperative/solutions.hpp"
#include "model/utility.hpp"

#include <stdexcept>
#include <string>

namespace negsim {

Outcome negotiate(const Negotiation& n, const Mediator& rules, std::vector<TraceRow>* trace) {
    const Scenario& s = n.scenario;
    const Parameters& p = n.parameters;
    AgentValues weight{};
    AgentMask party{};
    double total_power = 0.0;
    for (std::size_t j = 0; j < p.agents; ++j) {
        const DecisionRule& rule = s.protocol.decision;
        party[j] = rule.required[j] || rule.bound_by_line[j] || (!rule.votes.empty() && rule.voters[j]) || (rules.named && rules.mediator == j);
        weight[j] = party[j] ? p.power[j] * p.salience[j] : 0.0;  // effective power: what the agent brings to bear here
        total_power += weight[j];
    }
    for (std::size_t j = 0; j < p.agents; ++j)  // parties without effective power still count, equally
        if (total_power <= 0.0 && party[j]) weight[j] = 1.0;
    const std::size_t proposer = rules.named ? rules.mediator : p.agents;
    return bargain(
        n, trace, [&](int) { return proposer; }, [&](std::size_t, int) { return -1; },
        [&](std::size_t, const auto& threshold, const AgentMask&, Unproven& unproven) {
            AgentValues d{};
            for (std::size_t j = 0; j < p.agents; ++j) d[j] = threshold[j];
            // A Nash product maximised to tolerance::kNashGap is the text; if the solver could not get there, the text
            // is the exact maximin one below rather than an unconverged approximation.
            const Solution text = nash_solution(n, d, weight);
            if (text.exists && text.converged) return text.x;
            const UtilityProgram closest = surplus_program(p.agents, d, weight);
            const bool anyone = closest.anyone(p.agents);
            // No party at all (a quorum-only rule, no named mediator, no power): no text is closer than another;
            // the mediator puts forward the best package for everyone's summed utility.
            Coefficients everyone{};
            everyone.fill(1.0);
            bool found = false;
            double best_value = 0.0;
            Package best{};
            for (std::size_t index = 0; index < s.regions.size(); ++index) {
                const IssueBounds& region = s.regions[index];
                if (!anyone) {
                    // The oracle sees the region's box only; outside its aggregate ranges, the region's witness.
                    Package x = weighted_optimum(n, everyone, region);
                    if (!within_limits(s, region, x)) x = s.region_witness[index];
                    double sum = 0.0;
                    for (std::size_t j = 0; j < p.agents; ++j) sum += utility(n, j, x);
                    if (!found || sum > best_value) best = x, best_value = sum, found = true;
                    continue;
                }
                // With a party bounded the maximin always has an answer; a stalled one is a real text, counted.
                const ProgramResult r = maximin(n, closest, region);
                if (!r.has_value()) throw std::logic_error(std::string("mediator: the maximin gave no answer (") + to_string(r.status()) + ")");
                if (!r.optimal()) unproven.add(r->gap);
                if (!found || r->value > best_value) best = r->x, best_value = r->value, found = true;
            }
            return best;
        });
}

}  // namespace negsim
