// Reading a scenario's stages (stage_reader.hpp). Each stage's negotiation is the whole scenario cut down to the
// stage's table and issues: the agents' weights renormalised over the stage's issues, their links, the constraints
// and the uncertainty that concern those issues and agents, and the stage's own protocol; anything that would join
// two stages (a link, a constraint or a correlation across them) is an error that says how to express it instead.
#include "input/stage_reader.hpp"

#include "input/decision_rule_reader.hpp"
#include "input/monte_carlo_reader.hpp"
#include "input/regions.hpp"
#include "input/scenario_parts.hpp"
#include "input/stacked_reader.hpp"
#include "input/value_reader.hpp"
#include "model/text.hpp"

#include <algorithm>
#include <map>
#include <optional>

namespace negsim {

namespace {

constexpr std::size_t kNone = static_cast<std::size_t>(-1);

// What one stage's entry says, before its negotiation is derived.
struct StagePlan {
    Node node;
    std::vector<std::size_t> agents;  // scenario-wide indices
    std::vector<std::size_t> issues;
    std::vector<std::optional<Role>> roles;            // per stage agent: a role of its own at this table
    std::vector<std::optional<double>> reservations;   // per stage agent: a reservation value of its own here
    std::vector<std::optional<Strategy>> strategies;   // per stage agent: a strategy of its own at this table
};

// The stage-local index of every scenario-wide index (kNone when the stage does not hold it).
std::vector<std::size_t> local_of(const std::vector<std::size_t>& members, std::size_t count) {
    std::vector<std::size_t> local(count, kNone);
    for (std::size_t j = 0; j < members.size(); ++j) local[members[j]] = j;
    return local;
}

// A stage's streams are keyed by its id (FNV-1a, then a SplitMix64 finaliser to spread the bits), not by its place,
// so that inserting a stage leaves every other stage's draws unchanged.
std::uint64_t stream_key(const std::string& id) {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (const char c : id) h = (h ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
    h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ULL;
    h = (h ^ (h >> 27)) * 0x94d049bb133111ebULL;
    return h ^ (h >> 31);
}

std::vector<std::size_t> read_members(const Node& node, const std::vector<std::string>& ids, const char* what, std::size_t least) {
    std::vector<std::size_t> members;
    for (const Node& entry : node.array(least, what)) {
        const std::size_t k = lookup(entry, entry.string(), ids, what);
        if (std::find(members.begin(), members.end(), k) != members.end()) entry.fail(quote_text(ids[k]) + " is listed twice");
        members.push_back(k);
    }
    return members;
}

// The reservation uncertainty of an agent moved by `by`, with the value a stage gives it: the analyst's doubt keeps
// its shape around the stage's value (clipped to the domain).
Distribution shifted(Distribution d, double by) {
    const auto [lo, hi] = parameter_domain(ParameterRef::Kind::reservation);
    const auto clip = [&](double& v) { v = std::clamp(v + by, lo, hi); };
    switch (d.kind) {
        case Distribution::Kind::fixed: break;
        case Distribution::Kind::uniform: clip(d.a), clip(d.b); break;
        case Distribution::Kind::normal: d.a += by; break;
        case Distribution::Kind::beta: clip(d.lo), clip(d.hi); break;  // one with its own min and max (stage_uncertainty refuses one over all of [0, 1])
        case Distribution::Kind::triangular: clip(d.a), clip(d.b), clip(d.c); break;
    }
    return d;
}

// A condition's issue moved to the stage's numbering; false when some condition is on an issue outside the stage.
bool localise(std::vector<Condition>& conditions, const std::vector<std::size_t>& local_issue) {
    for (Condition& c : conditions) {
        if (local_issue[c.issue] == kNone) return false;
        c.issue = local_issue[c.issue];
    }
    return true;
}

// Where a set of conditions lies: wholly in the stage (1), wholly outside it (0), or across (-1).
int placement(const std::vector<Condition>& conditions, const std::vector<std::size_t>& local_issue) {
    const auto in = static_cast<std::size_t>(std::count_if(conditions.begin(), conditions.end(), [&](const Condition& c) { return local_issue[c.issue] != kNone; }));
    return in == conditions.size() ? 1 : in == 0 ? 0 : -1;
}

// A parameter moved to the stage's numbering, or nothing when it belongs to an agent or issue not in the stage.
std::optional<ParameterRef> localise(ParameterRef ref, const std::vector<std::size_t>& local_agent, const std::vector<std::size_t>& local_issue) {
    if (local_agent[ref.agent] == kNone) return std::nullopt;
    ref.agent = local_agent[ref.agent];
    if (ref.kind == ParameterRef::Kind::ideal || ref.kind == ParameterRef::Kind::weight) {
        if (local_issue[ref.issue] == kNone) return std::nullopt;
        ref.issue = local_issue[ref.issue];
    }
    return ref;
}

Agent stage_agent(const Scenario& whole, const Node& root, const StagePlan& plan, std::size_t j, const std::vector<std::size_t>& local_issue,
                  double& share) {
    const std::size_t g = plan.agents[j];
    const Agent& from = whole.agents[g];
    Agent a = from;
    a.ideal.clear(), a.weights.clear(), a.values.clear(), a.links.clear();
    share = 0.0;
    for (const std::size_t k : plan.issues) share += from.weights[k];
    if (!(share > 0.0))
        plan.node.child("agents").child(j).fail("agent " + quote_text(from.id) + " puts no weight on this stage's issues; it has no stake at this table");
    for (const std::size_t k : plan.issues) {
        a.ideal.push_back(from.ideal[k]);
        a.weights.push_back(from.weights[k] / share);
        a.values.push_back(from.values[k]);
    }
    for (std::size_t l = 0; l < from.links.size(); ++l) {
        Link link = from.links[l];
        const int where = placement(link.conditions, local_issue);
        if (where == 0) continue;  // another stage's link
        if (where < 0)
            root.child("agents").child(g).child("links").child(l).fail(
                "this link joins issues negotiated in different stages; a later stage's dependence on an earlier result is a \"depends_on\" entry of the later stage");
        (void)localise(link.conditions, local_issue);
        a.links.push_back(link);
    }
    if (plan.roles[j]) a.role = *plan.roles[j];
    if (plan.reservations[j]) a.reservation = *plan.reservations[j];
    if (plan.strategies[j]) a.strategy = *plan.strategies[j];
    return a;
}

// The requirements and budgets of the stage's issues; one across stages is an error.
void stage_constraints(const Scenario& whole, const Node& root, const std::vector<std::size_t>& local_issue, Scenario& s) {
    for (std::size_t q = 0; q < whole.requirements.size(); ++q) {
        std::vector<Condition> pair = {whole.requirements[q].when, whole.requirements[q].then};
        const int where = placement(pair, local_issue);
        if (where == 0) continue;
        if (where < 0) root.child("constraints").fail("a \"requires\" constraint joins issues negotiated in different stages; keep each constraint within one stage");
        (void)localise(pair, local_issue);
        s.requirements.push_back({pair[0], pair[1]});
    }
    s.budget_of.fill(-1);
    for (const Budget& budget : whole.budgets) {
        const auto in = std::count_if(budget.issues.begin(), budget.issues.end(), [&](std::size_t k) { return local_issue[k] != kNone; });
        if (in == 0) continue;
        if (static_cast<std::size_t>(in) != budget.issues.size())
            root.child("constraints").fail("a budget adds up issues negotiated in different stages; keep each budget within one stage");
        Budget local = budget;
        for (std::size_t& k : local.issues) k = local_issue[k], s.budget_of[k] = static_cast<int>(s.budgets.size());
        s.budgets.push_back(local);
    }
}

// The uncertainty of the stage's agents and issues; the shocks all stay (in order, so that each is drawn from the
// same stream in every stage: one event of the sample), each with the effects that reach the stage.
MonteCarloSpec stage_uncertainty(const Scenario& whole, const Node& root, const StagePlan& plan, const std::vector<std::size_t>& local_agent,
                                 const std::vector<std::size_t>& local_issue) {
    const MonteCarloSpec& all = whole.monte_carlo;
    MonteCarloSpec mc;
    mc.samples = all.samples;
    mc.seed = all.seed;
    for (std::size_t j = 0; j < plan.agents.size(); ++j) {
        AgentUncertainty u = all.agents[plan.agents[j]];
        u.ideal.clear();
        for (const std::size_t k : plan.issues) u.ideal.push_back(all.agents[plan.agents[j]].ideal[k]);
        if (plan.reservations[j]) {
            const Distribution& d = u.reservation;
            const auto [lo, hi] = parameter_domain(ParameterRef::Kind::reservation);
            if (d.kind == Distribution::Kind::beta && d.lo == lo && d.hi == hi)
                plan.node.child("reservations").child(whole.agents[plan.agents[j]].id)
                    .fail("agent " + quote_text(whole.agents[plan.agents[j]].id) + "'s reservation value is drawn from a beta distribution over all of [0, 1], "
                          "which cannot move with the stage's value; give the beta a \"min\" and \"max\"");
            u.reservation = shifted(u.reservation, *plan.reservations[j] - whole.agents[plan.agents[j]].reservation);
        }
        mc.agents.push_back(u);
    }
    for (std::size_t b = 0; b < all.correlations.size(); ++b) {
        CorrelationBlock block = all.correlations[b];
        std::size_t in = 0;
        for (ParameterRef& ref : block.parameters)
            if (const auto local = localise(ref, local_agent, local_issue)) ref = *local, ++in;
        if (in == 0) continue;
        if (in != block.parameters.size())
            root.child("monte_carlo").child("uncertainty").child("correlations").child(b).fail(
                "this correlation joins parameters of different stages' negotiations; keep each correlation block within one stage");
        mc.correlations.push_back(block);
    }
    for (Shock shock : all.shocks) {
        std::vector<ShockEffect> kept;
        for (const ShockEffect& e : shock.effects)
            if (const auto local = localise(e.parameter, local_agent, local_issue)) kept.push_back({*local, e.op, e.value});
        shock.effects = kept;
        mc.shocks.push_back(shock);
    }
    return mc;
}

// The continuation terms of an anticipating stage: for every agent, one link per subset of the watched conditions
// (the empty one always holds; values set per sample), so that the regions split where the later stages' cases change.
void add_continuation_links(const std::vector<Condition>& watched, Scenario& s) {
    const std::size_t subsets = std::size_t{1} << watched.size();
    for (Agent& a : s.agents)
        for (std::size_t mask = 0; mask < subsets; ++mask) {
            Link link;
            for (std::size_t b = 0; b < watched.size(); ++b)
                if ((mask >> b & 1U) != 0) link.conditions.push_back(watched[b]);
            a.links.push_back(link);
        }
}

Scenario stage_negotiation(const Scenario& whole, const Node& root, const StagePlan& plan, const std::vector<Condition>& watched, bool anticipating,
                           Stage& stage) {
    const std::vector<std::size_t> local_issue = local_of(plan.issues, whole.issue_count());
    const std::vector<std::size_t> local_agent = local_of(plan.agents, whole.agent_count());
    Scenario s;
    s.name = stage.id;
    for (const std::size_t k : plan.issues) s.issues.push_back(whole.issues[k]);
    for (std::size_t j = 0; j < plan.agents.size(); ++j) s.agents.push_back(stage_agent(whole, root, plan, j, local_issue, stage.share[j]));
    stage_constraints(whole, root, local_issue, s);
    if (anticipating) add_continuation_links(watched, s);
    const RegionSplit split = split_into_regions(s.issues, {}, s.requirements, s.agents);
    if (split.status != RegionSplit::Status::ok)
        plan.node.fail("this stage's constraints and links leave no package or split its package space into more than 64 regions");
    s.regions = split.regions;
    s.region_witness = split.witnesses;
    s.protocol = read_protocol(plan.node.required("protocol"), s.agents);
    check_equilibrium_strategies(s, [&](std::size_t j) {
        const std::string& id = whole.agents[plan.agents[j]].id;
        return plan.strategies[j] ? plan.node.child("strategies").child(id) : root.child("agents").child(plan.agents[j]).child("strategy");
    });
    s.monte_carlo = stage_uncertainty(whole, root, plan, local_agent, local_issue);
    check_stacked_alternating(plan.node, s);
    return s;
}

StagePlan read_plan(const Node& node, const Scenario& whole) {
    StagePlan plan{node, {}, {}, {}, {}, {}};
    const auto agent_ids = ids_of(whole.agents);
    plan.agents = read_members(node.required("agents"), agent_ids, "agent", 2);
    plan.issues = read_members(node.required("issues"), ids_of(whole.issues), "issue", 1);
    plan.roles.resize(plan.agents.size());
    plan.reservations.resize(plan.agents.size());
    plan.strategies.resize(plan.agents.size());
    const std::vector<std::size_t> local_agent = local_of(plan.agents, whole.agent_count());
    const auto at_table = [&](const Node& at, std::size_t g) {
        if (local_agent[g] == kNone) at.fail("agent " + quote_text(whole.agents[g].id) + " is not at this stage's table (\"agents\")");
        return local_agent[g];
    };
    if (node.has("roles"))
        keyed_by(node.child("roles"), agent_ids, false, "agent", [&](std::size_t g, const Node& v) {
            plan.roles[at_table(v, g)] = role_named(v.one_of({"signatory", "member", "observer"}));
        });
    if (node.has("reservations"))
        keyed_by(node.child("reservations"), agent_ids, false, "agent", [&](std::size_t g, const Node& v) {
            plan.reservations[at_table(v, g)] = v.number_in(0.0, 1.0, "a reservation utility lies in [0, 1]");
        });
    if (node.has("strategies"))
        keyed_by(node.child("strategies"), agent_ids, false, "agent", [&](std::size_t g, const Node& v) { plan.strategies[at_table(v, g)] = read_strategy(v); });
    return plan;
}

// A condition of a dependency: {"stage": id, "failed": true}, or a condition on an issue of an earlier stage.
StageCondition read_stage_condition(const Node& node, const Scenario& whole, const std::vector<std::string>& earlier, const std::vector<std::size_t>& stage_of) {
    StageCondition c;
    if (node.raw().is_object() && node.has("stage")) {
        node.object({"stage", "failed"});
        const Node id = node.child("stage");
        c.stage = lookup(id, id.string(), earlier, "earlier stage");
        c.on_failure = true;
        const Node failed = node.required("failed");
        if (!failed.raw().is_boolean() || !failed.raw().get<bool>()) failed.fail(show(failed.raw()) + " is not valid; expected true (the condition that the stage failed)");
        return c;
    }
    c.condition = read_condition(node, whole.issues, {}, true);
    c.stage = stage_of[c.condition.issue];
    if (c.stage >= earlier.size())
        node.child("issue").fail("issue " + quote_text(whole.issues[c.condition.issue].id) + " is not negotiated in an earlier stage; a stage depends only on the results before it");
    return c;
}

StageDependency read_dependency(const Node& node, const Scenario& whole, const StagePlan& plan, const std::vector<std::string>& earlier,
                                const std::vector<std::size_t>& stage_of) {
    node.object({"if", "effects", "note"});
    if (node.has("note")) (void)node.child("note").string();
    StageDependency d;
    const Node when = node.required("if");
    if (when.raw().is_object()) {
        d.conditions.push_back(read_stage_condition(when, whole, earlier, stage_of));
    } else {
        const auto list = when.array(1, "conditions");
        if (list.size() > 2) when.fail("has " + std::to_string(list.size()) + " conditions; a dependency joins one or two");
        for (const Node& c : list) d.conditions.push_back(read_stage_condition(c, whole, earlier, stage_of));
    }
    const std::vector<std::size_t> local_agent = local_of(plan.agents, whole.agent_count());
    const std::vector<std::size_t> local_issue = local_of(plan.issues, whole.issue_count());
    for (const Node& e : node.required("effects").array(1, "effects")) {
        ShockEffect effect = read_effect(e, whole.issues, whole.agents);
        const auto local = localise(effect.parameter, local_agent, local_issue);
        if (!local) e.child("parameter").fail("names an agent not at this stage's table or an issue not on it; a dependency changes this stage's own parameters");
        effect.parameter = *local;
        d.effects.push_back(effect);
    }
    return d;
}

}  // namespace

Stages read_stages(const Node& node, const Node& root, const Scenario& whole) {
    node.object({"lookahead", "sequence"});
    if (whole.contributions.any) node.fail("a scenario in stages does not take contributions yet; negotiate the contributions in a scenario of one table");
    if (whole.information.any_private) root.child("information").fail("a scenario in stages is played under complete information; remove \"information\"");
    Stages stages;
    if (node.has("lookahead")) stages.lookahead = node.child("lookahead").one_of({"myopic", "anticipating"}) == "myopic" ? Lookahead::myopic : Lookahead::anticipating;
    const Node sequence = node.required("sequence");
    const auto entries = sequence.array(1, "stages");
    if (entries.size() > kMaxStages) sequence.fail("has " + std::to_string(entries.size()) + " stages; at most " + std::to_string(kMaxStages) + " are supported");

    std::vector<StagePlan> plans;
    std::vector<std::string> ids;
    std::map<std::string, std::string> seen;
    std::vector<std::size_t> stage_of(whole.issue_count(), kNone);
    for (const Node& entry : entries) {
        entry.object({"id", "label", "agents", "issues", "roles", "reservations", "strategies", "protocol", "if_failed", "depends_on", "note"});
        for (const char* text : {"label", "note"})
            if (entry.has(text)) (void)entry.child(text).string();
        Stage stage;
        stage.id = entry.required("id").identifier();
        check_unique_id(entry.child("id"), stage.id, seen);
        stage.stream = stream_key(stage.id);
        StagePlan plan = read_plan(entry, whole);
        for (std::size_t j = 0; j < plan.issues.size(); ++j) {
            const std::size_t k = plan.issues[j];
            if (stage_of[k] != kNone)
                entry.child("issues").child(j).fail("issue " + quote_text(whole.issues[k].id) + " is already negotiated in stage " + quote_text(ids[stage_of[k]]) + "; an issue belongs to one stage");
        }
        if (entry.has("depends_on"))
            for (const Node& d : entry.child("depends_on").array(1, "dependencies")) stage.dependencies.push_back(read_dependency(d, whole, plan, ids, stage_of));
        for (const std::size_t k : plan.issues) stage_of[k] = ids.size();
        const Node failed = entry.required("if_failed");
        failed.object({"status_quo", "then"});
        const std::vector<std::size_t> local_issue = local_of(plan.issues, whole.issue_count());
        std::vector<bool> given(plan.issues.size(), false);
        keyed_by(failed.required("status_quo"), ids_of(whole.issues), false, "issue", [&](std::size_t k, const Node& v) {
            if (local_issue[k] == kNone) v.fail("issue " + quote_text(whole.issues[k].id) + " is not negotiated in this stage");
            stage.status_quo[local_issue[k]] = read_ideal(v, whole.issues[k]);
            given[local_issue[k]] = true;
        });
        for (std::size_t j = 0; j < given.size(); ++j)
            if (!given[j]) failed.child("status_quo").fail("gives no value for issue " + quote_text(whole.issues[plan.issues[j]].id) + "; every issue of the stage needs its value after a failure");
        if (failed.has("then")) stage.ends_process = failed.child("then").one_of({"continue", "end"}) == "end";
        stage.agents = plan.agents;
        stage.issues = plan.issues;
        ids.push_back(stage.id);
        plans.push_back(plan);
        stages.list.push_back(std::move(stage));
    }
    for (std::size_t k = 0; k < whole.issue_count(); ++k)
        if (stage_of[k] == kNone)
            sequence.fail("issue " + quote_text(whole.issues[k].id) + " is negotiated in no stage; list it in the \"issues\" of one");

    for (std::size_t s = 0; s < stages.list.size(); ++s) {
        Stage& stage = stages.list[s];
        if (stages.lookahead == Lookahead::anticipating) {
            stage.watched = named_conditions(stages.list, s);
            const std::vector<std::size_t> local_issue = local_of(stage.issues, whole.issue_count());
            for (Condition& c : stage.watched) c.issue = local_issue[c.issue];
            if (stage.watched.size() > kMaxStageConditions)
                node.child("lookahead").fail("the later stages depend on " + std::to_string(stage.watched.size()) + " conditions on stage " + quote_text(stage.id) +
                                             "'s issues; an anticipating process allows at most " + std::to_string(kMaxStageConditions) + " per stage");
        }
        stage.negotiation = stage_negotiation(whole, root, plans[s], stage.watched, stages.lookahead == Lookahead::anticipating && s + 1 < stages.list.size(), stage);
    }
    return stages;
}

}  // namespace negsim
