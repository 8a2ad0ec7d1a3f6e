// Multilateral alternating offers with a rotating proposer (docs/protocols.md, "alternating").
//
// Rules. Rounds t = 0 .. T-1. In round t the agent order[t mod |order|] proposes; every agent first sets its
// aspiration for the round from its strategy. The proposer offers the package that is best for the others among
// those worth its own aspiration to it (offer.hpp). Every other agent accepts when the offer is worth at least its
// aspiration. The deal is struck in the first round in which every agent the decision rule names accepts (the
// proposer accepts its own offer). After round T-1 without a deal talks fail: every agent gets its reservation value,
// and the blocker is the required agent that rejected the last offer by the widest margin.
//
// Parameters: protocol.rounds (T, round limit), protocol.order (default: the agents in file order),
// protocol.decision_rule.must_accept (default: signatories).
#include "offer.hpp"
#include "protocol.hpp"
#include "strategy.hpp"
#include "utility.hpp"

namespace negsim {

Outcome negotiate(const Scenario& s, const Parameters& p, const AlternatingOffers& rules) {
    const int rounds = s.protocol.rounds;
    std::array<bool, kMaxAgents> must_accept{};
    for (std::size_t j = 0; j < p.agents; ++j) must_accept[j] = s.protocol.decision.requires_acceptance(s.agents[j].role);
    const IdealOrder order = order_ideals(p);

    Outcome outcome;
    std::array<double, kMaxAgents> aspiration{};
    for (int t = 0; t < rounds; ++t) {
        const std::size_t proposer = rules.order[static_cast<std::size_t>(t) % rules.order.size()];
        for (std::size_t j = 0; j < p.agents; ++j)
            aspiration[j] = negsim::aspiration(p.strategy[j], StrategyContext{t, rounds, p.reservation[j]});
        const Package offer = make_offer(s, p, order, proposer, aspiration, must_accept);

        int blocker = -1;
        double widest = 0.0;
        for (std::size_t j = 0; j < p.agents; ++j) {
            if (j == proposer || !must_accept[j]) continue;
            const double u = utility(s, p, j, offer);
            if (!accepts(u, aspiration[j]) && (blocker < 0 || aspiration[j] - u > widest)) {
                blocker = static_cast<int>(j);
                widest = aspiration[j] - u;
            }
        }
        outcome.rounds = t + 1;
        outcome.proposer = proposer;
        outcome.blocker = blocker;
        if (blocker < 0) {
            outcome.agreed = true;
            outcome.package = offer;
            for (std::size_t j = 0; j < p.agents; ++j) outcome.utility[j] = utility(s, p, j, offer);
            return outcome;
        }
    }
    for (std::size_t j = 0; j < p.agents; ++j) outcome.utility[j] = p.reservation[j];
    return outcome;
}

}  // namespace negsim
