// Plain value types for a validated negotiation scenario (format version 1, docs/scenario-format.md).
// A Scenario is built only by the loader (scenario_loader.hpp), which checks every invariant stated here,
// and is immutable afterwards: the engine and the sampler read it, nothing writes it.
#pragma once

#include "model/capacity.hpp"
#include "model/contribution.hpp"
#include "model/voting.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace negsim {

// One value per issue: the value in the issue's unit for a continuous issue, the option index for a discrete one.
using Package = std::array<double, kMaxIssues>;

struct Issue {
    std::string id;
    std::string label;
    std::string unit;
    bool discrete = false;
    double min = 0.0;                  // continuous: the range; discrete: 0 and options.size() - 1
    double max = 1.0;
    std::vector<std::string> options;  // discrete issues only, in their stated order

    [[nodiscard]] double span() const { return max - min; }
};

enum class Role { signatory, member, observer };

// How an agent values one issue (docs/scenario-format.md, "Value functions").
enum class Shape {
    linear,     // v = 1 - |x - ideal| / span
    quadratic,  // v = 1 - ((x - ideal) / span)^2
    table,      // discrete issue: an explicit value per option, the ideal option's the highest (not necessarily 1)
    affine,     // continuous issue: v = intercept + slope x, in [0, 1] over the range but neither end need be 0 or 1
};

struct ValueFunction {
    Shape shape = Shape::linear;
    std::array<double, kMaxOptions> table{};  // Shape::table only, indexed by option
    double intercept = 0.0;                   // Shape::affine only, in value per issue unit (the loader computes them from
    double slope = 0.0;                       // the values at the issue's min and max)
};

// Time-dependent concession (Faratin, Sierra & Jennings 1998): aspiration falls from the agent's best utility u* (1
// unless its values stay below 1) to the reservation value as a(tau) = u* - (u* - r) * tau^(1/e), tau the relative
// time (TimeConvention; t / (T - 1) in [0, 1] by default). e < 1 is Boulware, e = 1 linear, e > 1 Conceder.
// Evaluated in strategy.hpp.
struct TimeDependentStrategy {
    double exponent = 1.0;
};

// Never concedes: demands its ideal (its best utility, u*) in every round.
struct HardlinerStrategy {};

// Relative tit-for-tat (Faratin, Sierra & Jennings 1998, "imitative" tactics; Axelrod 1984), in utility terms: the
// agent's remaining room above its reservation value shrinks by the factor by which the others' latest offer came
// closer to its ideal than the one before it.
struct TitForTatStrategy {};

// Zeuthen (1930) risk strategy as formalised by Harsanyi (1956): the agent whose willingness to risk conflict is the
// smaller concedes, by `step` in its own utility, when it proposes.
struct ZeuthenStrategy {
    double step = 0.01;
};

// Rubinstein (1982) stationary equilibrium for two agents dividing a surplus: demand (1 - d_j) / (1 - d_i d_j) when
// proposing; accept anything worth at least what one would demand next round, discounted.
struct RubinsteinStrategy {};

// Baron & Ferejohn (1989) stationary equilibrium of closed-rule bargaining under the random-proposer protocol: a
// responder accepts its discounted continuation value d_i v_i (v_i its stationary value, model/continuation.hpp); a proposer buys
// the cheapest coalition that meets the decision rule at those prices and keeps the rest.
struct BaronFerejohnStrategy {};

// An agent's negotiation strategy: how its aspiration moves over the rounds (strategy.hpp).
using Strategy = std::variant<TimeDependentStrategy, HardlinerStrategy, TitForTatStrategy, ZeuthenStrategy, RubinsteinStrategy,
                              BaronFerejohnStrategy>;

// A condition on one issue's value, or on an aggregate's total (docs/scenario-format.md, "Constraints").
struct Condition {
    enum class Op { above, below, at_least, at_most } op = Op::at_least;
    std::size_t issue = 0;
    double value = 0.0;  // in the issue's unit (option index for discrete issues), or the aggregate's unit
    int aggregate = -1;  // >= 0: the condition is on that aggregate's total, and `issue` is unused

    [[nodiscard]] bool holds(double x) const {
        switch (op) {
            case Op::above: return x > value;
            case Op::below: return x < value;
            case Op::at_least: return x >= value;
            case Op::at_most: return x <= value;
        }
        return false;
    }
};

// Issue linkage: a term added to the agent's utility when every condition holds, e.g. a penalty for a high troop
// presence while the backstop is below a level.
struct Link {
    std::vector<Condition> conditions;  // one or two
    double value = 0.0;                 // in [-1, 1]
};

struct Agent {
    std::string id;
    std::string name;
    Role role = Role::signatory;
    double power = 1.0;
    std::vector<double> ideal;    // per issue, in the issue's unit (option index for discrete issues)
    std::vector<double> weights;  // per issue, normalised to sum to 1
    std::vector<ValueFunction> values;  // per issue
    std::vector<Link> links;
    double reservation = 0.0;     // utility of no deal, in [0, 1]
    double discount = 1.0;        // a deal in round t (0-based) is worth discount^t times its utility
    double ratification = 1.0;    // probability that the agent ratifies a deal it signed
    std::vector<std::pair<std::string, double>> votes;  // named vote weights (decision rule majorities)
    double salience = 1.0;        // how much the whole negotiation matters to the agent against everything else: the
                                  // scale of its stake where utilities are compared across agents (docs/solutions.md)
    Strategy strategy;
};

// Which agents must accept for a deal: every agent of the roles in must_accept, and the voters who accept (the
// proposer included) must meet every vote criterion (model/voting.hpp): a quorum of members, a qualified majority of
// vote weights, a double majority.
struct DecisionRule {
    std::array<bool, 3> must_accept{true, false, false};  // indexed by Role
    std::vector<VoteCriterion> votes;                     // all must hold; none: the required roles decide alone
    // Per agent, from the roles (set by the loader, so that no negotiation recomputes them): whose acceptance a deal
    // requires, and who votes.
    AgentMask required{};
    AgentMask voters{};
    // The minimal sets of voters outside the required roles that complete a winning coalition with them (zone.hpp
    // searches each); complete unless there were more than the loader enumerates (then the zone is a lower bound).
    std::vector<AgentMask> winning;
    bool winning_complete = true;
    // Contributors the roles do not require: each is bound only by a non-zero line of its own (docs/scenario-format.md,
    // "Contributions"), so its acceptance is needed only for packages that give it one (`gives` below).
    AgentMask bound_by_line{};

    // The agents a zone is searched over: the required ones and every contributor, whose acceptance a package with
    // its line at zero would not need (so the zone is a lower bound where contributors would stay out).
    [[nodiscard]] AgentMask zone_parties() const {
        AgentMask in = required;
        for (std::size_t i = 0; i < kMaxAgents; ++i) in[i] = in[i] || bound_by_line[i];
        return in;
    }

    [[nodiscard]] bool requires_acceptance(Role role) const { return must_accept[static_cast<std::size_t>(role)]; }
    [[nodiscard]] static bool is_voter(Role role) { return role != Role::observer; }
};

// Multilateral alternating offers with a rotating proposer (docs/protocols.md): in round t the agent
// order[t mod order.size()] proposes and every other agent answers.
struct AlternatingOffers {
    std::vector<std::size_t> order;  // proposer rotation, agent indices
};

// Baron & Ferejohn (1989) bargaining: in every round the proposer is drawn with the recognition probabilities.
struct RandomProposer {
    std::array<double, kMaxAgents> recognition{};  // probabilities, summing to 1
};

// A single negotiating text put forward by a mediator: neutral, or the agent `mediator` when `named`.
struct Mediator {
    bool named = false;
    std::size_t mediator = 0;
};

// How a strategy reads the time of round (step) t of T (docs/protocols.md, "Time"): negsim's tau = t / (T - 1), 0 in
// the first round and 1 in the last; what a GENIUS time-dependent party reads on a deadline of T rounds, t / (T + 1)
// (the platform's round time r / (T + 1), r = t + 1, less the 1 / (T + 1) such a party subtracts); NegMAS's relative
// time (t + 1) / (T + 1). The last two never reach 1.
enum class TimeConvention { negsim, genius, negmas };

// Stacked alternating offers (SAOP; Aydogan et al. 2017) as GENIUS and NegMAS run it (stacked_alternating.cpp): the
// parties take turns in `order`; the party whose turn it is accepts the standing offer or replaces it with its own; a
// deal when every other party has accepted the standing offer in sequence. One step (round) is one turn of every party.
struct StackedAlternating {
    std::vector<std::size_t> order;  // the parties, each once, in turn order
    enum class Offer {
        negsim,             // the offer of docs/protocols.md "Offers", against the others' current thresholds
        aspiration_worst,   // the package worst for the proposer among those worth at least its aspiration
        aspiration_random,  // a package drawn among those worth at least its aspiration
    } offer = Offer::negsim;
    enum class Acceptance {
        negsim,      // at least its aspiration, never below walking away (r / discount^t)
        aspiration,  // at least its aspiration (AC_const at the current aspiration)
    } acceptance = Acceptance::negsim;
    TimeConvention time = TimeConvention::genius;
};

// The names the scenario format gives these choices (docs/scenario-format.md), indexed by the enums' values: the loader
// reads them and `negsim validate` prints them.
inline constexpr std::array<const char*, 3> kTimeConventionNames = {"negsim", "genius", "negmas"};
inline constexpr std::array<const char*, 3> kStackedOfferNames = {"negsim", "aspiration-worst", "aspiration-random"};
inline constexpr std::array<const char*, 2> kStackedAcceptanceNames = {"negsim", "aspiration"};

// The aspiration offer rules list the combinations of the discrete issues' options in each region of the package space,
// sorted by the proposer's utility once per negotiation (engine/aspiration_offers.hpp), at most this many per region
// (the loader checks it): real domains reach 390 625 (ANAC 2012's Energy); 10^6 costs 24 MB per party and thread.
inline constexpr std::size_t kMaxEnumeratedCombinations = 1000000;

struct Protocol {
    int rounds = 20;  // round limit: after the last round without a deal, talks fail
    double breakdown = 0.0;  // probability that talks collapse after a round without a deal
    DecisionRule decision;
    std::variant<AlternatingOffers, RandomProposer, Mediator, StackedAlternating> rules;
};

// A one-dimensional distribution for an uncertain scalar, truncated to the parameter's domain [lo, hi]
// (docs/scenario-format.md, "Uncertainty"). `fixed` means "no uncertainty: use the nominal value".
struct Distribution {
    enum class Kind { fixed, uniform, normal, beta, triangular } kind = Kind::fixed;
    double a = 0.0;  // uniform: min; normal: mean; beta: alpha; triangular: min
    double b = 0.0;  // uniform: max; normal: standard deviation; beta: beta; triangular: mode
    double c = 0.0;  // triangular: max
    double lo = 0.0; // the domain (normal: truncation; beta: the interval it is scaled to)
    double hi = 1.0;
    bool mean_given = false;  // normal: "mean" was given; without it the mean is the nominal value and follows it
};

// One scalar parameter of one agent that a distribution, a correlation or a shock can address.
struct ParameterRef {
    enum class Kind { reservation, power, discount, exponent, ideal, weight, salience } kind = Kind::reservation;
    std::size_t agent = 0;
    std::size_t issue = 0;  // ideal and weight only

    [[nodiscard]] bool operator==(const ParameterRef&) const = default;
};

struct AgentUncertainty {
    double weight_concentration = 0.0;  // Dirichlet concentration around the nominal weights; 0 = fixed weights
    std::vector<Distribution> ideal;    // per issue (continuous issues only), truncated to the issue range
    Distribution reservation;           // domain [0, 1]
    Distribution power;                 // domain [0, 1e6]
    Distribution discount;              // domain [1e-9, 1]
    Distribution exponent;              // time-dependent strategies only; domain [0.001, 1000]
    Distribution salience;              // domain [0, 1e6]
};

// Parameters drawn jointly through a Gaussian copula: y = L z with z standard normal and L the Cholesky factor of
// the correlation matrix; each parameter then takes the quantile Phi(y_i) of its own distribution.
struct CorrelationBlock {
    std::vector<ParameterRef> parameters;
    std::vector<double> cholesky;  // lower-triangular, row-major, parameters.size() squared
};

// A scenario-level event: with `probability`, every effect changes its parameter (after the draws; weights are
// renormalised, other values clipped to their domain).
struct ShockEffect {
    ParameterRef parameter;
    enum class Op { add, multiply, set } op = Op::add;
    double value = 0.0;
};

struct Shock {
    std::string id;
    double probability = 0.0;
    std::vector<ShockEffect> effects;
};

inline constexpr std::size_t kMaxShocks = 64;

struct MonteCarloSpec {
    std::uint64_t samples = 1000;
    std::uint64_t seed = 1;
    std::vector<AgentUncertainty> agents;  // per agent
    std::vector<CorrelationBlock> correlations;
    std::vector<Shock> shocks;

    // The distribution a scalar parameter is drawn from (weights have none: they are drawn by Dirichlet).
    [[nodiscard]] const Distribution& distribution(const ParameterRef& ref) const {
        const AgentUncertainty& u = agents[ref.agent];
        switch (ref.kind) {
            case ParameterRef::Kind::power: return u.power;
            case ParameterRef::Kind::discount: return u.discount;
            case ParameterRef::Kind::exponent: return u.exponent;
            case ParameterRef::Kind::ideal: return u.ideal[ref.issue];
            case ParameterRef::Kind::salience: return u.salience;
            default: return u.reservation;
        }
    }
};

// The values a scalar parameter may take (issue ranges for ideals): draws are truncated, shocks clipped, to it.
[[nodiscard]] inline std::pair<double, double> parameter_domain(ParameterRef::Kind kind) {
    switch (kind) {
        case ParameterRef::Kind::reservation: return {0.0, 1.0};
        case ParameterRef::Kind::power: return {0.0, 1e6};
        case ParameterRef::Kind::discount: return {1e-9, 1.0};
        case ParameterRef::Kind::exponent: return {1e-3, 1e3};
        case ParameterRef::Kind::weight: return {0.0, 1e6};
        case ParameterRef::Kind::salience: return {0.0, 1e6};
        case ParameterRef::Kind::ideal: break;
    }
    return {0.0, 1.0};
}

// A range of an aggregate's total, lo <= A(x) <= hi: the part of a region that a condition on an aggregate leaves,
// which is no box of the package space (docs/scenario-format.md, "Conditions on aggregates").
struct AggregateLimit {
    std::size_t aggregate = 0;
    double lo = 0.0;
    double hi = 0.0;
};

// Inclusive bounds per issue (option indices for discrete issues), and the ranges of the aggregates the region's
// conditions name: a package lies in the region when it is within both.
struct IssueBounds {
    std::array<double, kMaxIssues> lo{};
    std::array<double, kMaxIssues> hi{};
    std::array<AggregateLimit, kMaxAggregateLimits> limits{};
    std::size_t limit_count = 0;
};

// Hard constraint "if `when` then `then`": no offer may violate it.
struct Requirement {
    Condition when;
    Condition then;
};

// Hard constraint: the values of some continuous issues add up to at most `max` (dividing a fixed amount).
struct Budget {
    std::vector<std::size_t> issues;
    double max = 1.0;
};

struct Source {
    std::string topic;
    std::string reference;
};

// A misperception (docs/protocols.md, "Private information"): agent `holder` starts from its own prior about agent
// `about`'s reservation value instead of the scenario's distribution (the common prior), e.g. centred lower than it is.
struct Misperception {
    std::size_t holder = 0;
    std::size_t about = 0;
    Distribution reservation;
};

// Who knows what (docs/protocols.md, "Private information"): knows_only_prior[i][j] when agent i knows agent j's
// parameters only through a prior, the scenario's distributions (the common prior) unless a misperception gives i its
// own, not the values drawn in the sample. All false is complete information, the engine of every earlier release,
// byte for byte.
struct Information {
    std::array<AgentMask, kMaxAgents> knows_only_prior{};
    bool any_private = false;  // some entry is true: the engine plays the private-information round
    std::vector<Misperception> misperceptions;  // at most one per (holder, about), each with knows_only_prior set
};

// Whether an agent values a stage's packages by that stage alone, or also by what they lead to in the later stages
// (docs/protocols.md, "Stages").
enum class Lookahead { myopic, anticipating };
inline constexpr std::array<const char*, 2> kLookaheadNames = {"myopic", "anticipating"};

struct Stage;  // model/stages.hpp

struct Stages {
    std::vector<Stage> list;  // in the order they are played; empty: the scenario is one negotiation
    Lookahead lookahead = Lookahead::myopic;
};

struct Scenario {
    std::string name;
    std::string description;
    std::vector<Source> sources;
    std::vector<Issue> issues;
    std::vector<Agent> agents;
    Protocol protocol;
    MonteCarloSpec monte_carlo;
    std::vector<Requirement> requirements;
    std::vector<Budget> budgets;
    std::array<int, kMaxIssues> budget_of{};  // index into budgets per issue, -1 if none
    // The packages the requirements allow, as a union of boxes (every requirement split into "antecedent fails" and
    // "consequent holds"), refined so that every link term is constant on each box; offers and solutions are searched
    // box by box. One full-range box when there are neither requirements nor links.
    std::vector<IssueBounds> regions;
    std::vector<Package> region_witness;  // per region, one package in it: an offer that is always there to make
    Information information;
    Contributions contributions;  // which issues are whose contributions, their status quo, the aggregates
    // A process in stages: each stage a negotiation of its own. The fields above are then the one-table negotiation
    // of every agent over every issue (negsim run --one-table), which also validates the whole file.
    Stages stages;

    [[nodiscard]] std::size_t issue_count() const { return issues.size(); }
    [[nodiscard]] std::size_t agent_count() const { return agents.size(); }
};

// The combinations of the discrete issues' options within `bounds`: a double, exact up to 2^53, so that a count past
// any cap compares as such instead of overflowing.
[[nodiscard]] inline double discrete_combinations(const Scenario& s, const IssueBounds& bounds) {
    double combinations = 1.0;
    for (std::size_t k = 0; k < s.issue_count(); ++k)
        if (s.issues[k].discrete) combinations *= bounds.hi[k] - bounds.lo[k] + 1.0;
    return combinations;
}

// An aggregate's total at package x: its terms added in the order the scenario lists them.
[[nodiscard]] inline double aggregate_total(const std::vector<Issue>& issues, const Aggregate& a, const Package& x) {
    double total = 0.0;
    for (const AggregateTerm& term : a.terms) total += term.at(issues[term.issue].discrete, x[term.issue]);
    return total;
}

[[nodiscard]] inline double aggregate_total(const Scenario& s, const Aggregate& a, const Package& x) { return aggregate_total(s.issues, a, x); }

// Whether condition c holds at package x.
[[nodiscard]] inline bool holds(const Scenario& s, const Condition& c, const Package& x) {
    return c.holds(c.aggregate >= 0 ? aggregate_total(s, s.contributions.aggregates[static_cast<std::size_t>(c.aggregate)], x) : x[c.issue]);
}

// Narrows `box` to lo <= A <= hi on aggregate `aggregate` (a range it already has is intersected); false if the
// range left is empty.
[[nodiscard]] inline bool limit_aggregate(IssueBounds& box, std::size_t aggregate, double lo, double hi) {
    std::size_t l = 0;
    while (l < box.limit_count && box.limits[l].aggregate != aggregate) ++l;
    if (l == box.limit_count) {
        if (box.limit_count == kMaxAggregateLimits) return false;  // not reached: the loader caps the aggregates named
        box.limits[box.limit_count++] = AggregateLimit{aggregate, lo, hi};
    } else {
        box.limits[l].lo = std::max(box.limits[l].lo, lo);
        box.limits[l].hi = std::min(box.limits[l].hi, hi);
    }
    return box.limits[l].lo <= box.limits[l].hi;
}

// The part of `region` within `restriction`, into `box`; false if nothing is left.
[[nodiscard]] inline bool intersect(const Scenario& s, const IssueBounds& region, const IssueBounds& restriction, IssueBounds& box) {
    box = region;
    for (std::size_t k = 0; k < s.issue_count(); ++k) {
        box.lo[k] = std::max(box.lo[k], restriction.lo[k]);
        box.hi[k] = std::min(box.hi[k], restriction.hi[k]);
        if (box.lo[k] > box.hi[k]) return false;
    }
    for (std::size_t l = 0; l < restriction.limit_count; ++l) {
        const AggregateLimit& r = restriction.limits[l];
        if (!limit_aggregate(box, r.aggregate, r.lo, r.hi)) return false;
    }
    return true;
}

// How far an aggregate's total lies outside a range, in units of the aggregate's span (0 within it): the one measure
// the witness search and the discrete search move packages by.
[[nodiscard]] inline double range_distance(const AggregateLimit& limit, const Aggregate& a, double total) {
    return (std::max(0.0, limit.lo - total) + std::max(0.0, total - limit.hi)) / (a.hi - a.lo);
}

// Whether package x keeps every aggregate range of `bounds` (true when there is none).
[[nodiscard]] inline bool within_limits(const Scenario& s, const IssueBounds& bounds, const Package& x) {
    for (std::size_t l = 0; l < bounds.limit_count; ++l) {
        const Aggregate& a = s.contributions.aggregates[bounds.limits[l].aggregate];
        if (range_distance(bounds.limits[l], a, aggregate_total(s, a, x)) > 0.0) return false;
    }
    return true;
}

// Whether package x lies within `bounds` on every issue and keeps its aggregate ranges.
[[nodiscard]] inline bool contains(const Scenario& s, const IssueBounds& bounds, const Package& x) {
    for (std::size_t k = 0; k < s.issue_count(); ++k)
        if (x[k] < bounds.lo[k] || x[k] > bounds.hi[k]) return false;
    return within_limits(s, bounds, x);
}

// The total of a budget's issues at package x (a budget holds when it is at most budget.max, tolerance::kBudget aside).
[[nodiscard]] inline double budget_total(const Budget& budget, const Package& x) {
    double total = 0.0;
    for (std::size_t k : budget.issues) total += x[k];
    return total;
}

// Whether package x gives agent j a line above the minimum on one of its contributions, binding it to the deal.
[[nodiscard]] inline bool gives(const Scenario& s, std::size_t j, const Package& x) {
    const std::uint64_t lines = s.contributions.lines[j];
    if (lines == 0) return false;
    for (std::size_t k = 0; k < s.issue_count(); ++k)
        if ((lines >> k & 1U) != 0 && x[k] > s.issues[k].min) return true;
    return false;
}

// Whether a deal on package x needs agent j's acceptance: the decision rule requires it, or x binds it by its line.
[[nodiscard]] inline bool must_sign(const Scenario& s, std::size_t j, const Package& x) {
    return s.protocol.decision.required[j] || (s.protocol.decision.bound_by_line[j] && gives(s, j, x));
}

[[nodiscard]] const char* to_string(Role role);

}  // namespace negsim

#include "model/stages.hpp"  // completes Stage, which Scenario holds
