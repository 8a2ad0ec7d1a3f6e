// Coordinate ascent over discrete options (discrete_search.hpp).
#include "optimise/discrete_search.hpp"

#include "model/tolerance.hpp"

#include <algorithm>
#include <limits>

namespace negsim {

namespace {

// How much a score must gain over another's term of this size to count (tolerance::kDiscreteSearchGain).
double tie(double term) { return tolerance::kDiscreteSearchGain * (1.0 + std::abs(term)); }

struct Score {
    double outside = 0.0; // how far the package is outside the box's aggregate ranges: a package within them beats any other
    double first = 0.0;   // maximin: the smallest scaled surplus; floors: min(0, the smallest surplus over the floors)
    double second = 0.0;  // maximin: the summed scaled surplus; floors: the objective

    [[nodiscard]] bool beats(const Score& other) const {
        if (outside != other.outside) return outside < other.outside;
        if (first > other.first + tie(other.first)) return true;
        return first >= other.first - tie(other.first) && second > other.second + tie(other.second);
    }
};

// A bounded agent's term of Score::first: maximin, its scaled surplus; floors, its surplus over its floor.
double surplus(master::Mode mode, const UtilityProgram& program, std::size_t i, double u) {
    return mode == master::Mode::maximin ? (u - program.floor[i]) / program.scale[i] : u - program.floor[i];
}

// A Score formed agent by agent in agent order. maximin reads the bounded agents only: first the smallest scaled
// surplus, second their sum; floors reads every agent: first the smallest surplus of the bounded ones up to 0,
// second the objective.
struct ScoreSum {
    master::Mode mode;
    const UtilityProgram& program;
    Score score;

    ScoreSum(master::Mode m, const UtilityProgram& p, double outside)
        : mode(m), program(p), score{outside, m == master::Mode::maximin ? std::numeric_limits<double>::infinity() : 0.0, 0.0} {}

    [[nodiscard]] bool reads(std::size_t i) const { return mode == master::Mode::floors || program.bounded[i]; }
    // Adds agent i (one the score reads) at utility u; returns its term of Score::first (+infinity if none).
    double add(std::size_t i, double u) {
        double term = std::numeric_limits<double>::infinity();
        if (program.bounded[i]) {
            term = surplus(mode, program, i, u);
            score.first = std::min(score.first, term);
        }
        score.second += mode == master::Mode::maximin ? term : program.objective[i] * u;
        return term;
    }
};

Score score(master::Mode mode, std::size_t agents, const UtilityProgram& program, const std::array<double, kMaxAgents>& u, double outside) {
    ScoreSum sum(mode, program, outside);
    for (std::size_t i = 0; i < agents; ++i)
        if (sum.reads(i)) (void)sum.add(i, u[i]);
    return sum.score;
}

// The totals of the aggregates whose ranges the box keeps, and how far a package is outside those ranges (each
// aggregate's distance in units of its span, summed): 0 within them.
struct Ranges {
    const Scenario& s;
    const IssueBounds& bounds;
    std::array<double, kMaxAggregateLimits> total{};

    void measure(const Package& x) {
        for (std::size_t l = 0; l < bounds.limit_count; ++l) total[l] = aggregate_total(s, s.contributions.aggregates[bounds.limits[l].aggregate], x);
    }
    // The distance with issue k moved from option `from` to option `to` (from == to: the package as measured).
    [[nodiscard]] double outside(std::size_t k, double from, double to) const {
        double distance = 0.0;
        for (std::size_t l = 0; l < bounds.limit_count; ++l) {
            const AggregateLimit& limit = bounds.limits[l];
            const Aggregate& a = s.contributions.aggregates[limit.aggregate];
            double t = total[l];
            for (const AggregateTerm& term : a.terms)
                if (term.issue == k && from != to) t += term.amount[static_cast<std::size_t>(to)] - term.amount[static_cast<std::size_t>(from)];
            distance += range_distance(limit, a, t);
        }
        return distance;
    }
};

}  // namespace

Package improve_discrete(master::Mode mode, const Negotiation& n, const UtilityProgram& program, const IssueBounds& bounds, Package x) {
    const Scenario& s = n.scenario;
    const Parameters& p = n.parameters;
    std::array<double, kMaxAgents> u{};
    std::array<bool, kMaxAgents> linked{};
    for (std::size_t i = 0; i < p.agents; ++i) {
        u[i] = utility(n, i, x);
        linked[i] = !s.agents[i].links.empty();
    }
    Ranges ranges{s, bounds};
    ranges.measure(x);
    Score current = score(mode, p.agents, program, u, ranges.outside(0, 0.0, 0.0));
    std::size_t first_asked = 0;  // the agent whose utility is tried first for each option (below)
    for (int pass = 0; pass < tolerance::kDiscreteSearchPasses; ++pass) {
        bool moved = false;
        for (std::size_t k = 0; k < s.issue_count(); ++k) {
            if (!s.issues[k].discrete || bounds.lo[k] >= bounds.hi[k]) continue;
            const double from = x[k];
            const std::size_t slot = n.options.offset[k];
            double best_option = from;
            Score best = current;
            for (double option = bounds.lo[k]; option <= bounds.hi[k]; option += 1.0) {
                if (option == from) continue;
                const double outside = ranges.outside(k, from, option);
                if (outside > best.outside) continue;  // cannot beat the best, whatever its utilities
                x[k] = option;
                // Within the same ranges, an option whose smallest surplus falls below the best's by more than the tie
                // cannot beat it (Score::beats), and the smallest surplus only falls as agents are added: such an
                // option is left as soon as it does, with the decision the full score would have made.
                const double cut = outside < best.outside ? -std::numeric_limits<double>::infinity() : best.first - tie(best.first);
                const auto tried = [&](std::size_t i) {
                    const double* row = n.options.value(i) + slot;  // the agent's values of the issue's options
                    if (linked[i]) return utility(n, i, x);         // link terms may switch with the option
                    return u[i] + p.weight[i][k] * (row[static_cast<std::size_t>(option)] - row[static_cast<std::size_t>(from)]);
                };
                // The agent that ruled out the last option is asked first: it is usually the one that rules out this.
                if (program.bounded[first_asked] && surplus(mode, program, first_asked, tried(first_asked)) < cut) continue;
                ScoreSum candidate(mode, program, outside);
                bool beaten = false;
                for (std::size_t i = 0; i < p.agents && !beaten; ++i) {
                    if (!candidate.reads(i)) continue;
                    beaten = candidate.add(i, tried(i)) < cut;
                    if (beaten) first_asked = i;
                }
                if (!beaten && candidate.score.beats(best)) best = candidate.score, best_option = option;
            }
            x[k] = best_option;
            if (best_option == from) continue;
            utilities(n, x, nullptr, u);  // afresh, so rounding cannot drift
            ranges.measure(x);
            current = score(mode, p.agents, program, u, ranges.outside(k, 0.0, 0.0));
            moved = true;
        }
        if (!moved) break;
    }
    return x;
}

}  // namespace negsim
