// Strategies: how an agent's aspiration (the utility it demands of a deal) moves over the rounds, and when it accepts.
// docs/protocols.md, "Strategies", gives every formula with its source.
#pragma once

#include "model/coalition.hpp"
#include "model/parameters.hpp"
#include "model/scenario.hpp"
#include "model/tolerance.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <variant>

namespace negsim {

// What the agents have seen so far in one negotiation; the protocol updates it after every round.
struct History {
    std::array<double, kMaxAgents> aspiration{};  // each agent's aspiration in the latest round
    std::array<bool, kMaxAgents> has_offer{};     // whether the agent has made an offer yet
    // standing[i][j]: agent i's utility of the latest offer made by agent j (valid when has_offer[j])
    std::array<std::array<double, kMaxAgents>, kMaxAgents> standing{};
    // For each agent: its utility of the latest and the previous offer made by any other agent, how many such
    // offers it has seen, and whether the latest is new since its strategy last looked.
    std::array<double, kMaxAgents> latest_other{};
    std::array<double, kMaxAgents> previous_other{};
    std::array<int, kMaxAgents> others_seen{};
    std::array<bool, kMaxAgents> fresh{};

    // Agent j has seen an offer made by another agent, worth u to it.
    void saw_other_offer(std::size_t j, double u) {
        previous_other[j] = latest_other[j];
        latest_other[j] = u;
        ++others_seen[j];
        fresh[j] = true;
    }
};

// What a strategy may look at when it sets its aspiration for a round.
struct StrategyContext {
    int round = 0;           // 0-based
    int rounds = 1;          // the protocol's round limit T
    std::size_t agent = 0;
    bool proposing = false;  // whether the agent proposes this round
    const Parameters* parameters = nullptr;
    const History* history = nullptr;
    const std::array<bool, kMaxAgents>* required = nullptr;  // agents whose acceptance the decision rule requires
    const std::array<bool, kMaxAgents>* voters = nullptr;    // agents who vote
    const DecisionRule* rule = nullptr;                       // the vote criteria a deal must meet
    TimeConvention time = TimeConvention::negsim;             // how time-dependent strategies read the round
};

// The relative time of round t (0-based) of T (TimeConvention, docs/protocols.md "Time"). negsim: t / (T - 1), 1 when
// T = 1. GENIUS: a time-dependent party on a deadline of T rounds reads r / (T + 1) in round r = t + 1 and subtracts
// 1 / (T + 1) (DiscreteTimeline; AbstractTimeDependentNegotiationParty): t / (T + 1). NegMAS: (t + 1) / (T + 1).
[[nodiscard]] inline double relative_time(TimeConvention convention, int round, int rounds) {
    switch (convention) {
        case TimeConvention::genius: return static_cast<double>(round) / static_cast<double>(rounds + 1);
        case TimeConvention::negmas: return static_cast<double>(round + 1) / static_cast<double>(rounds + 1);
        case TimeConvention::negsim: break;
    }
    return rounds > 1 ? static_cast<double>(round) / static_cast<double>(rounds - 1) : 1.0;
}

// Faratin, Sierra & Jennings (1998), "Negotiation decision functions for autonomous agents", with k = 0 and the
// GENIUS exponent convention: a(tau) = u* - (u* - r) * tau^(1/e), u* the agent's best utility (Parameters::best), so
// at tau = 0 it demands its best and at tau = 1 it concedes to the reservation value r. e < 1 Boulware (holds out),
// e = 1 linear, e > 1 Conceder. (NegMAS's PolyAspiration writes tau^e': its Boulware e' = 4 is GENIUS's e = 1/4.)
// The two factors of that formula: tau^(1/e), the share of the way from u* to r conceded by relative time tau (tau
// itself when e = 1, the same value spared a pow), and the aspiration at a given share. A caller that asks for many
// reservation values at one time (beliefs.cpp) computes the share once.
[[nodiscard]] inline double conceded_share(double exponent, double tau) { return exponent == 1.0 ? tau : std::pow(tau, 1.0 / exponent); }
[[nodiscard]] inline double conceded_aspiration(double best, double reservation, double share) { return best - (best - reservation) * share; }
[[nodiscard]] inline double time_dependent_aspiration(double exponent, double best, double reservation, double tau) {
    return conceded_aspiration(best, reservation, conceded_share(exponent, tau));
}

// discount^rounds: what a payoff `rounds` rounds away is worth now. Exactly 1 without discounting, the common case,
// spared a pow per agent and round.
[[nodiscard]] inline double discount_factor(double discount, int rounds) { return discount == 1.0 ? 1.0 : std::pow(discount, rounds); }

// r / discount^t: what a deal in round t must be worth to beat walking away (r, undiscounted). discount^t underflows
// to 0 after enough rounds of strong discounting (0.5^1075, 1e-9^36): then no package beats a positive r, and
// `ceiling`, a utility above every package's, stands for r / 0 so that thresholds stay finite; r = 0 stays 0 (not 0/0).
[[nodiscard]] inline double walk_away(double reservation, double discount, int round, double ceiling) {
    if (reservation <= 0.0) return reservation;
    const double value = reservation / discount_factor(discount, round);
    return value < ceiling ? value : ceiling;
}

// A utility above every package's for the agent: its values are at most 1 (its best utility u* at most 1) and its link
// terms add at most their positive values.
[[nodiscard]] inline double utility_ceiling(const Agent& agent) {
    double ceiling = 2.0;
    for (const Link& link : agent.links) ceiling += std::max(link.value, 0.0);
    return ceiling;
}

// Rubinstein (1982), "Perfect equilibrium in a bargaining model", Econometrica 50:97: the proposer's equilibrium
// share of a unit surplus is (1 - d_j) / (1 - d_i d_j) = e_j / (e_i + e_j - e_i e_j) with e = 1 - d (exact near 1, where
// 1 - d_i d_j would cancel). A draw or shock can leave both undiscounted (0/0): then the limit d_i, d_j -> 1 at a common
// rate, 1/2 (with d = exp(-r D), D -> 0, the share tends to r_j / (r_i + r_j); Binmore, Rubinstein & Wolinsky 1986).
[[nodiscard]] inline double rubinstein_share(double own_discount, double other_discount) {
    const double e_own = 1.0 - own_discount, e_other = 1.0 - other_discount;
    if (e_other <= 0.0 && e_own <= 0.0) return 0.5;
    return e_other / (e_own + e_other - e_own * e_other);
}

// Rubinstein (1982) with a disagreement point (Binmore, Rubinstein & Wolinsky 1986, "The Nash bargaining solution in
// economic modelling", RAND J. Econ. 17:176, section 4): the surplus left above both reservation values, u* - r_i - r_j
// (the two divide one issue, so u* is the whole surplus's worth to each), is divided in rubinstein_share's proportions
// and the proposer demands its reservation value plus its share. At r = 0 this is Rubinstein's share of u*, bit for
// bit; with no surplus left the agent demands its reservation value.
[[nodiscard]] inline double rubinstein_demand(double best, double own_reservation, double other_reservation, double own_discount, double other_discount) {
    const double surplus = best - own_reservation - other_reservation;
    return surplus > 0.0 ? own_reservation + rubinstein_share(own_discount, other_discount) * surplus : own_reservation;
}

namespace detail {

inline double aspiration_of(const TimeDependentStrategy& s, const StrategyContext& c) {
    const Parameters& p = *c.parameters;
    return time_dependent_aspiration(s.exponent, p.best[c.agent], p.reservation[c.agent], relative_time(c.time, c.round, c.rounds));
}

inline double aspiration_of(const HardlinerStrategy&, const StrategyContext& c) { return c.parameters->best[c.agent]; }

inline double aspiration_of(const RubinsteinStrategy&, const StrategyContext& c) {
    const Parameters& p = *c.parameters;
    const std::size_t other = c.agent == 0 ? 1 : 0;
    return rubinstein_demand(p.best[c.agent], p.reservation[c.agent], p.reservation[other], p.discount[c.agent], p.discount[other]);
}

// Relative tit-for-tat: a_i <- r_i + (a_i - r_i) * (u*_i - u_i(latest)) / (u*_i - u_i(previous)), applied once per new
// offer from the others; the first two rounds demand u*_i, the agent's best utility. The factor is capped at 1: a worse
// offer is not answered by raising the demand.
inline double aspiration_of(const TitForTatStrategy&, const StrategyContext& c) {
    const History& h = *c.history;
    const std::size_t i = c.agent;
    const double best = c.parameters->best[i];
    const double previous = c.round == 0 ? best : h.aspiration[i];
    if (!h.fresh[i] || h.others_seen[i] < 2 || h.previous_other[i] >= best) return previous;
    const double factor = std::clamp((best - h.latest_other[i]) / (best - h.previous_other[i]), 0.0, 1.0);
    const double r = c.parameters->reservation[i];
    return previous <= r ? previous : r + (previous - r) * factor;
}

// Zeuthen (1930), Problems of Monopoly and Economic Warfare; Harsanyi (1956), Econometrica 24:144. Risk limit of
// agent i: (u_i(x_i) - u_i(x_j)) / (u_i(x_i) - r_i), x_i its standing offer and x_j the other standing offer it likes
// best. When it proposes and its risk limit is no larger than that of every other required agent with an offer, it
// concedes `step`; its demand never falls below its reservation value.
// Without another standing offer there is nothing to weigh the own offer against: the risk limit is 1 (it holds).
// (Whether there is one is said explicitly: with link terms an offer can be worth less than any fixed sentinel.)
inline double zeuthen_risk(const History& h, const Parameters& p, std::size_t i) {
    const double own = h.standing[i][i];
    bool any_other = false;
    double best_other = 0.0;
    for (std::size_t j = 0; j < p.agents; ++j) {
        if (j == i || !h.has_offer[j]) continue;
        best_other = any_other ? std::max(best_other, h.standing[i][j]) : h.standing[i][j];
        any_other = true;
    }
    const double room = own - p.reservation[i];
    if (room <= 0.0) return 0.0;
    return any_other ? std::clamp((own - best_other) / room, 0.0, 1.0) : 1.0;
}

inline double aspiration_of(const ZeuthenStrategy& s, const StrategyContext& c) {
    const History& h = *c.history;
    const Parameters& p = *c.parameters;
    const std::size_t i = c.agent;
    const double previous = c.round == 0 ? p.best[i] : h.aspiration[i];
    if (!c.proposing || !h.has_offer[i]) return previous;
    const double risk = zeuthen_risk(h, p, i);
    bool anyone = false;
    for (std::size_t j = 0; j < p.agents; ++j) {
        if (j == i || !(*c.required)[j] || !h.has_offer[j]) continue;
        anyone = true;
        if (zeuthen_risk(h, p, j) < risk) return previous;
    }
    return anyone ? std::max(p.reservation[i], previous - s.step) : previous;
}

// Baron & Ferejohn (1989), "Bargaining in legislatures", APSR 83:1181, closed rule, stationary equilibrium:
// responders are worth their continuation value v_j (Parameters::continuation, the stationary values of Eraslan
// 2002 for this sample's recognition probabilities, discount factors and decision rule), discounted; the proposer keeps
// what is left after buying the cheapest coalition at those prices. With n equally likely proposers, quorum q and a
// common discount d (v_j = 1/n): the proposer keeps 1 - d (q - 1) / n, q - 1 others get d / n. Shares are of the
// agent's best utility u* (the whole surplus is worth u* to it): the equilibrium prices votes in shares.
inline double aspiration_of(const BaronFerejohnStrategy&, const StrategyContext& c) {
    const Parameters& p = *c.parameters;
    if (!c.proposing) return p.best[c.agent] * p.continuation[c.agent];
    std::array<double, kMaxAgents> price{};
    for (std::size_t j = 0; j < p.agents; ++j) price[j] = p.discount[j] * p.continuation[j];
    const AgentMask coalition = cheapest_coalition(c.agent, price, *c.required, *c.voters, *c.rule, p.agents);
    double keep = 1.0;
    for (std::size_t j = 0; j < p.agents; ++j)
        if (coalition[j] && j != c.agent) keep -= price[j];
    return p.best[c.agent] * keep;
}

}  // namespace detail

// The agent's aspiration for this round.
[[nodiscard]] inline double aspiration(const Strategy& s, const StrategyContext& c) {
    return std::visit([&](const auto& strategy) { return detail::aspiration_of(strategy, c); }, s);
}

// Whether the strategy's aspiration depends on the offers made so far (the others follow a fixed schedule).
[[nodiscard]] inline bool reacts_to_offers(const Strategy& s) {
    return std::holds_alternative<TitForTatStrategy>(s) || std::holds_alternative<ZeuthenStrategy>(s);
}

// What the agent expects to demand when it next proposes, in round `later`: strategies that follow a fixed schedule
// say so exactly; those that react to offers (tit-for-tat, Zeuthen) are taken at their current aspiration.
[[nodiscard]] inline double projected_aspiration(const Strategy& s, const StrategyContext& now, double current, int later) {
    if (reacts_to_offers(s)) return current;
    if (std::holds_alternative<BaronFerejohnStrategy>(s)) return now.parameters->best[now.agent] * now.parameters->continuation[now.agent];
    StrategyContext then = now;
    then.round = later;
    then.proposing = true;
    return aspiration(s, then);
}

// An agent accepts an offer worth at least its current aspiration, or at least what it would itself demand when it
// next proposes, discounted by the delay (AC_next of Baarslag, Hindriks & Jonker 2014, "Effective acceptance
// conditions in automated negotiation", Decision Support Systems 60:68); the tolerance absorbs rounding in offers
// built to bind (model/tolerance.hpp).
[[nodiscard]] inline bool accepts(double utility, double threshold) { return acceptable(utility, threshold); }

}  // namespace negsim
