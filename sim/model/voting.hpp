// Decisions by vote: a count of voters (quorum), a qualified majority of vote weights, or a double majority (a share of
// the members and a share of a second weight such as population): docs/scenario-format.md, "Decision rule".
//
// A rule is a list of criteria that must all hold: the voters who accept (signatories and members, the proposer
// included; observers have no vote) carry together at least `at_least` of the criterion's weight. The Council of the
// EU of fifteen member states (qualified majority, 62 of 87 weighted votes) is one criterion; a double majority of
// 55% of the members and 65% of the population is two.
#pragma once

#include "model/capacity.hpp"
#include "model/tolerance.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <string>
#include <vector>

namespace negsim {

inline constexpr std::size_t kMaxVoteCriteria = 4;

struct VoteCriterion {
    std::string weight;                 // "members" (one vote per voter) or the name of an agent's vote weight
    std::array<double, kMaxAgents> of{};  // each agent's weight under this criterion; 0 for observers
    double at_least = 0.0;              // the accepting voters' weight must reach this (a share is turned into it)
    double total = 0.0;                 // all voters' weight, for messages and the tolerance

    [[nodiscard]] double weight_of(const AgentMask& in, std::size_t agents) const {
        double sum = 0.0;  // agents in index order: the same sum on every run
        for (std::size_t j = 0; j < agents; ++j) sum += in[j] ? of[j] : 0.0;
        return sum;
    }
    [[nodiscard]] bool met_by(const AgentMask& in, std::size_t agents) const {
        return weight_of(in, agents) >= at_least - tolerance::kVoteWeight * total;
    }
};

// Every criterion holds for the agents in `in` (true for a rule without criteria).
[[nodiscard]] inline bool passes(const std::vector<VoteCriterion>& rule, const AgentMask& in, std::size_t agents) {
    for (const VoteCriterion& c : rule)
        if (!c.met_by(in, agents)) return false;
    return true;
}

// The coalition a proposer buys at the given prices (Baron & Ferejohn 1989: a proposer buys the cheapest votes it
// needs): every agent in `in` (the required ones and the proposer), then, while the rule fails, the voter with the
// lowest price per unit of the shortfall it covers (each criterion's shortfall measured as a share of its threshold,
// ties to the lower index), and last, the most expensive bought voters whose votes turn out not to be needed are let
// go. With one count criterion this is exactly "the cheapest q voters"; with weights it is the greedy rule for the
// covering problem (Snyder, Ting & Ansolabehere 2005, "Legislative bargaining under weighted voting", AER 95:981,
// show that proposers buy votes at prices proportional to their weights, where greedy and optimal agree).
[[nodiscard]] inline AgentMask buy_coalition(AgentMask in, const AgentMask& buyable, const std::array<double, kMaxAgents>& price,
                                             const std::vector<VoteCriterion>& rule, std::size_t agents) {
    const AgentMask fixed = in;
    while (!passes(rule, in, agents)) {
        std::array<double, kMaxVoteCriteria> shortfall{};  // per criterion, once per vote bought
        for (std::size_t k = 0; k < rule.size(); ++k) shortfall[k] = rule[k].at_least - rule[k].weight_of(in, agents);
        std::size_t best = agents;
        double best_ratio = 0.0;
        for (std::size_t j = 0; j < agents; ++j) {
            if (in[j] || !buyable[j]) continue;
            double gain = 0.0;
            for (std::size_t k = 0; k < rule.size(); ++k)
                if (shortfall[k] > 0.0 && rule[k].at_least > 0.0) gain += std::min(rule[k].of[j], shortfall[k]) / rule[k].at_least;
            if (!(gain > 0.0)) continue;
            const double ratio = price[j] / gain;
            if (best == agents || ratio < best_ratio) {
                best = j;
                best_ratio = ratio;
            }
        }
        if (best == agents) return in;  // no vote left to buy: the rule cannot be met
        in[best] = true;
    }
    for (bool dropped = true; dropped;) {  // let go of the dearest bought vote the rule does not need, one at a time
        dropped = false;
        std::size_t dearest = agents;
        for (std::size_t j = 0; j < agents; ++j) {
            if (!in[j] || fixed[j]) continue;
            AgentMask without = in;
            without[j] = false;
            if (passes(rule, without, agents) && (dearest == agents || price[j] > price[dearest])) dearest = j;
        }
        if (dearest < agents) {
            in[dearest] = false;
            dropped = true;
        }
    }
    return in;
}

// The minimal sets of `buyable` voters that, added to `base`, meet the rule (each set lists its buyable voters only),
// found depth-first in index order. Stops after `cap` sets or `steps` coalitions looked at, and returns false then
// (the list is incomplete).
[[nodiscard]] inline bool minimal_winning_sets(const AgentMask& base, const AgentMask& buyable, const std::vector<VoteCriterion>& rule,
                                               std::size_t agents, std::size_t cap, std::size_t steps, std::vector<AgentMask>& out) {
    out.clear();
    const auto minimal = [&](const AgentMask& in) {
        for (std::size_t j = 0; j < agents; ++j) {
            if (!in[j] || base[j]) continue;
            AgentMask without = in;
            without[j] = false;
            if (passes(rule, without, agents)) return false;
        }
        return true;
    };
    bool complete = true;
    const auto search = [&](const auto& self, AgentMask in, std::size_t from) -> void {
        if (!complete) return;
        if (steps-- == 0) {
            complete = false;
            return;
        }
        if (passes(rule, in, agents)) {
            if (!minimal(in)) return;
            if (out.size() == cap) {
                complete = false;
                return;
            }
            AgentMask bought{};
            for (std::size_t j = 0; j < agents; ++j) bought[j] = in[j] && !base[j];
            out.push_back(bought);
            return;
        }
        for (std::size_t j = from; j < agents && complete; ++j) {
            if (!buyable[j] || in[j]) continue;
            AgentMask with = in;
            with[j] = true;
            self(self, with, j + 1);
        }
    };
    search(search, base, 0);
    return complete;
}

}  // namespace negsim
