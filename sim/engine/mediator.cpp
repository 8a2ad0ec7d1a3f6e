// Single-negotiating-text mediation (docs/protocols.md, "mediator"; Raiffa 1982, The Art and Science of
// Negotiation, ch. 14).
//
// Rules (the round itself is in rounds.hpp). In every round a mediator, neutral or a named agent, puts forward one
// text: the package maximising the power-weighted (asymmetric) Nash product prod_i (u_i - a_i)^(power_i) of the
// parties' surpluses over their current thresholds (Kalai 1977; Binmore, Rubinstein & Wolinsky 1986). The parties are
// the agents the decision rule counts (required roles; all voters under a quorum) and a named mediator. If no text
// gives every party a positive surplus (or, never seen in practice, the product cannot be maximised to tolerance), it
// puts forward the one with the largest smallest surplus. The parties accept
// or reject it against their thresholds; no party proposes, so a threshold is the agent's aspiration (floored at
// walking away), and aspirations move as the strategies say.
#include "optimise/package_optimizer.hpp"
#include "engine/protocol.hpp"
#include "engine/rounds.hpp"
#include "cooperative/solutions.hpp"

namespace negsim {

Outcome negotiate(const Scenario& s, const Parameters& p, const Mediator& rules, std::vector<TraceRow>* trace) {
    AgentValues weight{};
    double total_power = 0.0;
    for (std::size_t j = 0; j < p.agents; ++j) {
        const Role role = s.agents[j].role;
        const bool party = s.protocol.decision.requires_acceptance(role) || (s.protocol.decision.quorum > 0 && DecisionRule::votes(role)) ||
                           (rules.named && rules.mediator == j);
        weight[j] = party ? p.power[j] : 0.0;
        total_power += weight[j];
    }
    for (std::size_t j = 0; j < p.agents; ++j)  // parties without power still count, equally
        if (total_power <= 0.0 && (s.protocol.decision.requires_acceptance(s.agents[j].role) || (rules.named && rules.mediator == j))) weight[j] = 1.0;
    const std::size_t proposer = rules.named ? rules.mediator : p.agents;
    return bargain(
        s, p, trace, [&](int) { return proposer; }, [&](std::size_t, int) { return -1; },
        [&](std::size_t, const auto& threshold, const AgentMask&, const IdealOrder& order) {
            AgentValues d{};
            for (std::size_t j = 0; j < p.agents; ++j) d[j] = threshold[j];
            // A Nash product maximised to tolerance::kNashGap is the text; if the solver could not get there, the text
            // is the exact maximin one below rather than an unconverged approximation.
            const Solution text = nash_solution(s, p, order, d, weight);
            if (text.exists && text.converged) return text.x;
            UtilityProgram closest;
            for (std::size_t j = 0; j < p.agents; ++j) {
                closest.bounded[j] = weight[j] > 0.0;
                closest.floor[j] = d[j];
                closest.scale[j] = 1.0;
            }
            ProgramResult best;
            for (const IssueBounds& region : s.regions) {
                const ProgramResult r = maximin(s, p, order, closest, region);
                if (!best.feasible || r.value > best.value) best = r;
            }
            return best.x;
        });
}

}  // namespace negsim
