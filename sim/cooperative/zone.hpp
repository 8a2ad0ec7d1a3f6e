// The zone of possible agreement (ZOPA) of one sample: whether some package gives every agent whose consent the
// decision rule requires at least its reservation value, measured by the largest smallest surplus
//   margin = max_x min_{i required} (u_i(x) - r_i)
// (solved exactly by the package optimiser, over every region of the hard constraints). margin >= 0 iff a ZOPA
// exists. When the rule takes a vote (model/voting.hpp), the margin is the best over the winning coalitions: exactly,
// over the required agents with each minimal set of voters that completes them, when the loader listed them all;
// otherwise by a coalition search that gives a lower bound and, when that finds no zone, an upper bound that may prove
// there is none (docs/design/vote-zone.md).
#pragma once

#include "model/negotiation.hpp"
#include "model/outcome.hpp"
#include "model/parameters.hpp"
#include "model/scenario.hpp"
#include "optimise/package_optimizer.hpp"

#include <array>
#include <cstdint>
#include <limits>
#include <vector>

namespace negsim {

struct ZoneMargin {
    double value = 0.0;
    // Regions whose maximin was not proven optimal (stalled column generation): their value is a lower bound, so
    // the margin errs towards "no zone" there. Counted into Outcome::unproven.
    Unproven unproven;
    // Under a vote whose coalitions are not all listed: the search found no zone (value < 0, a lower bound) and its
    // upper bound did not rule one out either. Such a sample counts as one without a zone, and is reported.
    bool undecided = false;
};

// `witness`: a package known to be worth considering (the sample's negotiated deal); under a vote its own margin is
// taken as a lower bound too, which can only bring a bound found past the listed coalitions closer to the margin.
[[nodiscard]] ZoneMargin zone_margin(const Scenario& scenario, const Parameters& parameters, const Package* witness = nullptr);

// Under the decision rule's vote, the margin of one package x: the largest t such that the required agents and the
// voters whose surplus u_i(x) - r_i is at least t meet the rule, with t no more than any required agent's surplus
// (exact: the voters enter in order of their surplus). -infinity if no coalition meets the rule.
[[nodiscard]] double vote_margin_at(const Negotiation& negotiation, const Package& x);

// The same margin over the packages whose issue `k` lies in [lo[k], hi[k]] for every issue (restricting some issues
// to single values asks: is there an acceptable package with these values?). -infinity if the restriction leaves
// no package.
// `seed`: a package to start the search from (zone_margin above passes the negotiated deal). `enough`: under a vote
// whose coalitions are not all listed, stop improving the margin once it reaches this (a question about whether a
// zone exists passes 0; the margin itself is then a lower bound).
[[nodiscard]] ZoneMargin zone_margin(const Negotiation& negotiation, const IssueBounds& restriction, const Package* seed = nullptr,
                                     double enough = std::numeric_limits<double>::infinity());

// Many questions about one sample's zone restricted to part of the package space ("is there a zone with issue k at
// v?": zopa.csv and zone_map.csv), answered from one unrestricted search. Each question is first asked of that
// search's answer: its package moved into the restriction and improved option by option (a witness: a zone exists),
// then its weights (weak duality: max_x sum_i lambda_i (u_i(x) - r_i) < 0 over the restriction proves there is
// none). Only a question neither settles is searched in full by zone_margin, so every answer is the full search's
// (or better where that search is only a lower bound). Under a vote every question is searched in full.
enum class ZoneAnswer { exists, none, undecided };

struct ZoneReply {
    enum class By { witness, proof, search };  // which step answered
    ZoneAnswer answer = ZoneAnswer::none;
    By by = By::search;
    Package witness{};  // By::witness: the package in the zone (inside the restriction, every budget kept)
};

class ZoneQuestions {
public:
    explicit ZoneQuestions(const Negotiation& negotiation);
    ZoneQuestions(const Negotiation&&) = delete;  // keeps a pointer: the negotiation must outlive it
    [[nodiscard]] ZoneReply ask(const IssueBounds& restriction) const;

private:
    struct RegionAnswer {
        IssueBounds box;
        Package x;
        std::array<double, kMaxAgents> lambda;  // the search's weights: they bound the margin (zone_margin, package_optimizer.hpp)
    };
    const Negotiation* negotiation_;
    AgentMask parties_{};
    UtilityProgram program_{};  // the margin over the parties, as a maximin
    std::vector<RegionAnswer> answers_;  // regions whose unrestricted search has an answer
    bool shortcut_ = false;              // whether questions are first asked of the unrestricted answers
};

}  // namespace negsim
