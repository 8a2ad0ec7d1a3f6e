// Playing a process in stages (stages.hpp; docs/protocols.md, "Stages", and docs/design/stages.md for anticipation).
#include "runner/stages.hpp"

#include "engine/protocol.hpp"
#include "engine/strategy.hpp"
#include "model/negotiation.hpp"
#include "model/utility.hpp"
#include "optimise/weighted_optimum.hpp"
#include "random/sampling.hpp"
#include "runner/chunked_run.hpp"

#include <algorithm>
#include <bit>

namespace negsim {

namespace {

// Where the process stands before a stage: every earlier issue fixed, which stages failed, whether it has ended.
struct State {
    Package joint{};
    std::uint64_t failed = 0;
    bool ended = false;
};

bool holds(const StageCondition& c, const State& state) {
    return c.on_failure ? (state.failed >> c.stage & 1U) != 0 : c.condition.holds(state.joint[c.condition.issue]);
}

// The stage's dependencies whose conditions all hold, as bits.
std::uint64_t firing(const Stage& stage, const State& state) {
    std::uint64_t bits = 0;
    for (std::size_t d = 0; d < stage.dependencies.size(); ++d)
        if (std::all_of(stage.dependencies[d].conditions.begin(), stage.dependencies[d].conditions.end(), [&](const StageCondition& c) { return holds(c, state); }))
            bits |= std::uint64_t{1} << d;
    return bits;
}

// The state after stage s: its issues at `local` (a package of the stage), or at its status quo when it failed.
State after(const Stage& stage, std::size_t s, State state, const Package* local) {
    const Package& x = local ? *local : stage.status_quo;
    for (std::size_t k = 0; k < stage.issues.size(); ++k) state.joint[stage.issues[k]] = x[k];
    if (!local) {
        state.failed |= std::uint64_t{1} << s;
        state.ended = state.ended || stage.ends_process;  // a stage not reached leaves the process ended
    }
    return state;
}

class Player {
public:
    Player(const Scenario& scenario, std::uint64_t seed, std::uint64_t sample, StageTraces* traces = nullptr)
        : scenario_(scenario), seed_(seed), sample_(sample), traces_(traces) {}

    // Plays stages [from, end) from `state` into `out`; zone margins (and traces) only on the path actually played.
    void play_from(std::size_t from, State state, ProcessOutcome& out, bool zones) const {
        const auto& stages = scenario_.stages.list;
        for (std::size_t s = from; s < stages.size(); ++s) {
            const Stage& stage = stages[s];
            if (state.ended) {
                for (std::size_t j = 0; j < stage.agents.size(); ++j) out.value[s][j] = stage.negotiation.agents[j].reservation;
                out.stage[s] = Outcome{};
                state = after(stage, s, state, nullptr);
                continue;
            }
            out.reached |= std::uint32_t{1} << s;
            play_stage(s, state, out, zones);
            state = after(stage, s, state, out.stage[s].agreed ? &out.stage[s].package : nullptr);
        }
        out.joint = state.joint;
    }

private:
    // One stage: its draws, its dependencies, anticipation when the process asks for it, the negotiation.
    void play_stage(std::size_t s, const State& state, ProcessOutcome& out, bool zones) const {
        const Stage& stage = scenario_.stages.list[s];
        const StageDraw draw{seed_, stage.dependencies, firing(stage, state)};
        Parameters raw;
        sample_parameters(stage.negotiation, stage_seed(seed_, stage), sample_, raw, &draw);
        Outcome& o = out.stage[s];
        if (scenario_.stages.lookahead == Lookahead::anticipating && s + 1 < scenario_.stages.list.size()) {
            Scenario valued = stage.negotiation;
            Parameters p = raw;
            anticipate(s, state, valued, p);
            o = zones && traces_ ? negotiate_traced(valued, p, (*traces_)[s]) : negotiate(valued, p);
            // The outcome speaks of the stage's own scale, as a myopic stage's does (the agents bargained over their
            // revalued utilities, which the trace shows): each one's discounted utility of the deal, or its
            // reservation value, as the protocol records them.
            for (std::size_t j = 0; j < stage.agents.size(); ++j) {
                o.utility[j] = o.agreed ? discount_factor(raw.discount[j], o.rounds - 1) * utility(stage.negotiation, raw, j, o.package) : raw.reservation[j];
                o.reservation[j] = raw.reservation[j];
            }
        } else {
            o = zones && traces_ ? negotiate_traced(stage.negotiation, raw, (*traces_)[s]) : negotiate(stage.negotiation, raw);
        }
        if (zones) record_zone(stage.negotiation, raw, o);
        for (std::size_t j = 0; j < stage.agents.size(); ++j) out.value[s][j] = o.utility[j];
    }

    // What the stages after s are worth to each of stage s's agents, from `state` (its issues already fixed): each
    // later stage's value weighted by the agent's share of its whole stake in that stage.
    void continuation(std::size_t s, const State& state, std::array<double, kMaxAgents>& c) const {
        ProcessOutcome later;
        play_from(s + 1, state, later, false);
        const auto& stages = scenario_.stages.list;
        const Stage& stage = stages[s];
        for (std::size_t j = 0; j < stage.agents.size(); ++j) {
            c[j] = 0.0;
            for (std::size_t t = s + 1; t < stages.size(); ++t) {
                const auto at = std::find(stages[t].agents.begin(), stages[t].agents.end(), stage.agents[j]);
                if (at == stages[t].agents.end()) continue;
                const auto l = static_cast<std::size_t>(at - stages[t].agents.begin());
                c[j] += stages[t].share[l] * later.value[t][l];
            }
        }
    }

    // Revalues stage s for anticipating agents: U'_j(x) = W_j u_j(x) + C_j(case of x), reservation W_j r_j + C_j(failure),
    // W_j the agent's share of its stake in the stage. The case of x is which watched conditions hold; the continuation
    // of each case is played from a package of a region in that case, and enters as the agent's continuation links,
    // the Moebius transform of the case values (so the links that hold at x add up to exactly C_j(case of x)).
    void anticipate(std::size_t s, const State& state, Scenario& valued, Parameters& p) const {
        const Stage& stage = scenario_.stages.list[s];
        const std::size_t n = stage.watched.size(), cases = std::size_t{1} << n;
        std::array<std::array<double, kMaxAgents>, std::size_t{1} << kMaxStageConditions> value{};
        std::array<bool, std::size_t{1} << kMaxStageConditions> seen{};
        for (std::size_t r = 0; r < valued.regions.size(); ++r) {
            const Package& x = valued.region_witness[r];
            std::size_t mask = 0;
            for (std::size_t b = 0; b < n; ++b)
                if (stage.watched[b].holds(x[stage.watched[b].issue])) mask |= std::size_t{1} << b;
            if (seen[mask]) continue;
            seen[mask] = true;
            continuation(s, after(stage, s, state, &x), value[mask]);
        }
        std::array<double, kMaxAgents> failure{};
        continuation(s, after(stage, s, state, nullptr), failure);
        for (std::size_t j = 0; j < stage.agents.size(); ++j) {
            const double w = stage.share[j];
            Agent& agent = valued.agents[j];
            const std::size_t first = agent.links.size() - cases;
            for (std::size_t l = 0; l < first; ++l) agent.links[l].value *= w;
            for (std::size_t subset = 0; subset < cases; ++subset) {
                double g = 0.0;
                for (std::size_t t = subset;; t = (t - 1) & subset) {  // every case t within the subset
                    if (seen[t]) g += ((std::popcount(subset ^ t) & 1) != 0 ? -1.0 : 1.0) * value[t][j];
                    if (t == 0) break;
                }
                agent.links[first + subset].value = g;
            }
            for (std::size_t k = 0; k < p.issues; ++k) p.weight[j][k] *= w;
            p.reservation[j] = w * p.reservation[j] + failure[j];
        }
        best_of_valued(valued, p);
    }

    // Each agent's best utility u*_j under its revalued utility: the best over the regions of the agent's own optimum
    // in each (exact: within a region every link term is constant and the rest separable by issue).
    static void best_of_valued(const Scenario& valued, Parameters& p) {
        const Negotiation n(valued, p);
        std::array<double, kMaxAgents> best{};
        for (std::size_t j = 0; j < p.agents; ++j) {
            Coefficients unit{};
            unit[j] = 1.0;
            best[j] = -1e300;
            for (const IssueBounds& region : valued.regions) best[j] = std::max(best[j], utility(n, j, weighted_optimum(n, unit, region), &region));
        }
        for (std::size_t j = 0; j < p.agents; ++j) p.best[j] = best[j];
    }

    const Scenario& scenario_;
    std::uint64_t seed_;
    std::uint64_t sample_;
    StageTraces* traces_;
};

}  // namespace

ProcessOutcome play_process(const Scenario& scenario, std::uint64_t seed, std::uint64_t sample, StageTraces* traces) {
    ProcessOutcome out;
    Player(scenario, seed, sample, traces).play_from(0, State{}, out, true);
    return out;
}

void run_process(const Scenario& scenario, const RunOptions& options, const ProcessSink& sink, const ProgressSink& progress, const Heartbeat& heartbeat) {
    const auto simulate = [&](std::uint64_t sample, ProcessOutcome& out, Parameters&) {
        out = ProcessOutcome{};
        Player(scenario, options.seed, sample).play_from(0, State{}, out, true);
    };
    run_chunked<ProcessOutcome>(options, simulate, sink, progress, heartbeat);
}

}  // namespace negsim
