// Talks under private information (docs/protocols.md, "Private information"): each agent's beliefs about the others'
// reservation values, the offer a proposer builds on them (the one that maximises its expected utility), and the
// learning from every answer. Used by the round (rounds.hpp) only when the scenario's `information` is not complete.
#pragma once

#include "engine/beliefs.hpp"
#include "model/outcome.hpp"
#include "model/negotiation.hpp"

#include <array>
#include <cstdint>

namespace negsim {

// The offer of one round and what its proposer expected of it.
struct BeliefOffer {
    Package x{};
    double acceptance = 0.0;  // P(every agent the proposer needs accepts | its beliefs)
    double expected = 0.0;    // P u_p(x) + (1 - P) w_p, w_p its walking-away value r_p / d_p^t (round-t units)
    double level = 0.0;       // the acceptance level alpha of the family member chosen (1 when no belief is involved)
};

// What responder j's answers are predicted from, in the proposer's view of one round.
struct ResponderView {
    bool known = true;                    // complete information about j: its true threshold decides
    Belief belief{};                      // otherwise: the belief about r_j,
    const Distribution* prior = nullptr;  // its prior,
    ThresholdModel model{};               // and how j's threshold follows from r_j
};
using RoundView = std::array<ResponderView, kMaxAgents>;

// The offer under beliefs: over the family x(alpha) = the best package for the proposer among those that give each
// agent j it needs the threshold predicted for the alpha-quantile of its belief (its true threshold when known) and
// the proposer its own threshold, the member maximising P(alpha) u_p(x) + (1 - P(alpha)) w_p, by a grid over alpha
// refined by golden-section search. `believed` holds the utilities (priorities are known under private information;
// reservation values are what the beliefs are about); `threshold` holds the true thresholds (the proposer's own, and
// those of the agents it knows).
[[nodiscard]] BeliefOffer offer_under_beliefs(const Negotiation& believed, std::size_t proposer, const std::array<double, kMaxAgents>& threshold,
                                              const AgentMask& coalition, const RoundView& view, double walk_away_value, Unproven& unproven);

// Every agent's beliefs over one negotiation; allocation-free, on the stack.
class PrivateTalks {
public:
    explicit PrivateTalks(const Negotiation& n);
    PrivateTalks(const Negotiation&&) = delete;  // keeps a reference: the negotiation must outlive it

    // The offer of round t by `proposer`; next[j] is j's next turn to propose after t (or -1).
    [[nodiscard]] BeliefOffer offer(std::size_t proposer, int t, const std::array<double, kMaxAgents>& threshold, const AgentMask& coalition,
                                    const std::array<int, kMaxAgents>& next, Unproven& unproven);
    // Thresholds for choosing the coalition: the true ones the proposer knows, else those predicted at its belief's median.
    [[nodiscard]] std::array<double, kMaxAgents> believed_thresholds(std::size_t proposer, int t, const std::array<double, kMaxAgents>& threshold,
                                                                     const std::array<int, kMaxAgents>& next) const;
    // Every agent learns from every answer to offer x in round t (answers are seen by all).
    void observe(int t, const Package& x, const AgentMask& accepted, std::size_t proposer, const std::array<int, kMaxAgents>& next);

    [[nodiscard]] bool knows_only_prior(std::size_t i, std::size_t j) const { return scenario_.information.knows_only_prior[i][j]; }
    [[nodiscard]] const Belief& belief(std::size_t i, std::size_t j) const { return belief_[i][j]; }
    // i's prior about r_j: its misperception, or the common prior (meaningful when knows_only_prior(i, j)).
    [[nodiscard]] const Distribution& prior(std::size_t i, std::size_t j) const { return *prior_[i][j]; }
    // P(j accepts x | i's belief) as i predicts it in round t.
    [[nodiscard]] double acceptance(std::size_t i, std::size_t j, int t, const Package& x, const std::array<int, kMaxAgents>& next, std::size_t proposer) const;

private:
    [[nodiscard]] ThresholdModel model(std::size_t j, int t, int next) const;

    const Negotiation& negotiation_;  // the true parameters: the proposer knows every utility (docs/protocols.md)
    const Scenario& scenario_;
    const Parameters& truth_;
    std::array<std::array<Belief, kMaxAgents>, kMaxAgents> belief_{};
    std::array<std::array<const Distribution*, kMaxAgents>, kMaxAgents> prior_{};
};

}  // namespace negsim
