// Strict reader for scenario files, format version 1 (docs/scenario-format.md). Every value is reached through a
// Node that knows its JSON pointer (json_reader.hpp), so every error can say exactly where it is and what was
// expected; the package space is split into regions by regions.hpp.
#include "input/scenario_loader.hpp"

#include "input/input_error.hpp"
#include "input/json_reader.hpp"
#include "input/variant.hpp"
#include "input/contribution_reader.hpp"
#include "input/decision_rule_reader.hpp"
#include "input/stacked_reader.hpp"
#include "input/scenario_parts.hpp"
#include "input/stage_reader.hpp"
#include "input/information_reader.hpp"
#include "input/monte_carlo_reader.hpp"
#include "input/value_reader.hpp"
#include "input/regions.hpp"
#include "model/tolerance.hpp"
#include "model/voting.hpp"
#include "model/text.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>

namespace negsim {

Condition read_condition(const Node& node, const std::vector<Issue>& issues, const std::vector<Aggregate>& aggregates, bool antecedent) {
    node.object({"issue", "aggregate", "above", "below", "at_least", "at_most"});
    Condition c;
    const Aggregate* aggregate = nullptr;
    if (node.has("aggregate")) {
        if (node.has("issue")) node.child("issue").fail("a condition is on an issue or on an aggregate, not both");
        const Node id = node.child("aggregate");
        c.aggregate = static_cast<int>(lookup(id, id.string(), ids_of(aggregates), "aggregate"));
        aggregate = &aggregates[static_cast<std::size_t>(c.aggregate)];
        check_conditional(id, *aggregate, issues);
    } else {
        const Node issue_node = node.required("issue");
        c.issue = lookup(issue_node, issue_node.string(), ids_of(issues), "issue");
    }
    const std::vector<std::pair<std::string, Condition::Op>> ops = {
        {"above", Condition::Op::above}, {"below", Condition::Op::below}, {"at_least", Condition::Op::at_least}, {"at_most", Condition::Op::at_most}};
    int found = 0;
    for (const auto& [key, op] : ops) {
        if (!node.has(key)) continue;
        ++found;
        c.op = op;
        const Node v = node.child(key);
        if (aggregate) {
            c.value = v.number_in(aggregate->lo, aggregate->hi, "a condition on aggregate " + quote_text(aggregate->id) + " lies within what the lines can add up to, [" +
                                                                    format_number(aggregate->lo) + ", " + format_number(aggregate->hi) + "]");
            continue;
        }
        const Issue& issue = issues[c.issue];
        c.value = read_ideal(v, issue);
        const bool strict = op == Condition::Op::above || op == Condition::Op::below;
        if (!issue.discrete && strict != antecedent)
            v.fail(antecedent ? "a condition on a continuous issue under \"if\" uses \"above\" or \"below\" (strict, so that its negation is a closed range)"
                              : "a condition on a continuous issue under \"then\" uses \"at_least\" or \"at_most\"");
    }
    if (found != 1) node.fail("expected exactly one of \"above\", \"below\", \"at_least\", \"at_most\"");
    return c;
}

Protocol read_protocol(const Node& node, const std::vector<Agent>& agents) {
    const std::string type = node.required("type").one_of({"alternating", "random-proposer", "mediator", "stacked-alternating"});
    if (node.has("order") && type != "alternating" && type != "stacked-alternating")
        node.child("order").fail("\"order\" applies to the \"alternating\" and \"stacked-alternating\" protocols only; remove it for " + quote_text(type));
    for (const auto& [key, owner] : {std::pair<std::string, std::string>{"recognition", "random-proposer"}, {"mediator", "mediator"}, {"offer", "stacked-alternating"},
                                     {"acceptance", "stacked-alternating"}, {"time", "stacked-alternating"}})
        if (node.has(key) && type != owner)
            node.child(key).fail(quote_text(key) + " applies to the " + quote_text(owner) + " protocol only; remove it for " + quote_text(type));
    if (type == "alternating") node.object({"type", "rounds", "order", "decision_rule", "breakdown"});
    else if (type == "random-proposer") node.object({"type", "rounds", "recognition", "decision_rule", "breakdown"});
    else if (type == "stacked-alternating") node.object({"type", "rounds", "order", "offer", "acceptance", "time", "decision_rule", "breakdown"});
    else node.object({"type", "rounds", "mediator", "decision_rule", "breakdown"});
    Protocol p;
    p.rounds = static_cast<int>(node.required("rounds").unsigned_integer(1, 100000));
    if (node.has("breakdown")) p.breakdown = node.child("breakdown").number_in(0.0, 1.0, "a per-round breakdown probability lies in [0, 1]");
    const auto agent_ids = ids_of(agents);
    if (type == "alternating") {
        AlternatingOffers rules;
        if (node.has("order")) {
            for (const auto& entry : node.child("order").array(1, "agents")) rules.order.push_back(lookup(entry, entry.string(), agent_ids, "agent"));
        } else {
            for (std::size_t i = 0; i < agents.size(); ++i)
                if (agents[i].role != Role::observer) rules.order.push_back(i);
        }
        if (rules.order.empty()) node.fail("no agent proposes: every agent is an observer; name the proposers in \"order\"");
        p.rules = rules;
    } else if (type == "stacked-alternating") {
        p.rules = read_stacked_alternating(node, agents);
    } else if (type == "mediator") {
        Mediator rules;
        if (node.has("mediator")) {
            const Node m = node.child("mediator");
            rules.named = true;
            rules.mediator = lookup(m, m.string(), agent_ids, "agent");
        }
        p.rules = rules;
    } else {
        // Recognition probabilities: as given (agents left out get 0), or proportional to power; normalised.
        RandomProposer rules;
        if (node.has("recognition")) {
            const Node r = node.child("recognition");
            if (!r.raw().is_object()) r.fail(what_is(r.raw()) + "; expected an object keyed by agent id");
            for (const auto& item : r.raw().items()) {
                const Node v = r.child(item.key());
                rules.recognition[lookup(v, item.key(), agent_ids, "agent")] = v.number_in(0.0, 1e6, "a recognition weight lies in [0, 1e6]");
            }
        } else {
            for (std::size_t i = 0; i < agents.size(); ++i) rules.recognition[i] = agents[i].role == Role::observer ? 0.0 : agents[i].power;
        }
        double total = 0.0;
        for (double w : rules.recognition) total += w;
        if (!(total > 0.0)) node.fail("no agent can be recognised as proposer: every recognition probability (or power) is 0");
        for (double& w : rules.recognition) w /= total;
        p.rules = rules;
    }
    p.decision = read_decision_rule(node, agents);
    return p;
}

Strategy read_strategy(const Node& node) {
    const std::string type = node.required("type").one_of({"boulware", "linear", "conceder", "time-dependent", "hardliner", "tit-for-tat", "zeuthen", "rubinstein", "baron-ferejohn"});
    if (type == "hardliner" || type == "tit-for-tat" || type == "rubinstein" || type == "baron-ferejohn") {
        node.object({"type"});
        if (type == "hardliner") return HardlinerStrategy{};
        if (type == "tit-for-tat") return TitForTatStrategy{};
        if (type == "baron-ferejohn") return BaronFerejohnStrategy{};
        return RubinsteinStrategy{};
    }
    if (type == "zeuthen") {
        node.object({"type", "step"});
        ZeuthenStrategy z;
        if (node.has("step")) z.step = node.child("step").number_in(1e-6, 0.5, "a Zeuthen concession step lies in [0.000001, 0.5]");
        return z;
    }
    node.object({"type", "exponent"});
    TimeDependentStrategy s;
    if (type == "linear") {
        if (node.has("exponent")) node.child("exponent").fail("a linear strategy has exponent 1; remove the key or use type \"time-dependent\"");
        return s;
    }
    if (type == "boulware") s.exponent = node.has("exponent") ? node.child("exponent").number_in(1e-3, std::nextafter(1.0, 0.0), "a Boulware exponent lies in [0.001, 1)") : 0.2;
    if (type == "conceder") s.exponent = node.has("exponent") ? node.child("exponent").number_in(std::nextafter(1.0, 2.0), 1e3, "a Conceder exponent lies in (1, 1000]") : 5.0;
    if (type == "time-dependent") s.exponent = node.required("exponent").number_in(1e-3, 1e3, "the exponent lies in [0.001, 1000]");
    return s;
}

// The equilibrium strategies hold only in the game they solve: Rubinstein's of two parties, Baron and Ferejohn's of
// the random-proposer protocol under a count quorum. strategy_node(i): where agent i's strategy is in the file.
void check_equilibrium_strategies(const Scenario& s, const std::function<Node(std::size_t)>& strategy_node) {
    for (std::size_t i = 0; i < s.agents.size(); ++i) {
        const Node at = strategy_node(i);
        if (std::holds_alternative<RubinsteinStrategy>(s.agents[i].strategy)) {
            if (s.agents.size() != 2) at.fail("the rubinstein strategy is the equilibrium of two-party bargaining; this negotiation has " + std::to_string(s.agents.size()) + " agents");
            if (s.agents[0].discount * s.agents[1].discount >= 1.0) at.fail("the rubinstein strategy needs a discount below 1 for at least one of the two agents");
        }
        if (!std::holds_alternative<BaronFerejohnStrategy>(s.agents[i].strategy)) continue;
        if (!std::holds_alternative<RandomProposer>(s.protocol.rules))
            at.fail("the baron-ferejohn strategy is the equilibrium of the random-proposer protocol; set protocol.type to \"random-proposer\"");
        const auto& votes = s.protocol.decision.votes;
        if (votes.size() > 1 || (votes.size() == 1 && votes[0].weight != "members"))
            at.fail("the baron-ferejohn strategy's stationary values are those of a count quorum (Eraslan 2002); weighted majorities are not supported with it");
    }
}

namespace {

// A budget's maximum beyond the sum of 32 issue ranges within [-1e12, 1e12] would change nothing; the bound keeps the
// optimiser's right-hand sides at a scale its tolerances are made for.
constexpr double kMaxBudget = 1e14;

bool is_file_name(std::string_view s) {
    if (s.empty() || s[0] == '.') return false;
    return std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
    });
}

Issue read_issue(const Node& node) {
    node.object({"id", "label", "unit", "min", "max", "options", "description", "contributor", "status_quo", "capability"});
    Issue issue;
    issue.id = node.required("id").identifier();
    issue.label = node.required("label").string(false);
    issue.unit = node.required("unit").string(false);
    if (node.has("description")) (void)node.child("description").string();
    const bool ranged = node.has("min") || node.has("max");
    if (ranged && node.has("options")) node.fail("has both a range (min, max) and options; an issue is either continuous or discrete");
    if (node.has("options")) {
        issue.discrete = true;
        const auto options = node.child("options").array(2, "options");
        if (options.size() > kMaxOptions) node.child("options").fail("has " + std::to_string(options.size()) + " options; at most " + std::to_string(kMaxOptions) + " are supported");
        for (const auto& option : options) {
            const std::string name = option.string(false);
            if (std::find(issue.options.begin(), issue.options.end(), name) != issue.options.end()) option.fail("duplicate option " + quote_text(name));
            issue.options.push_back(name);
        }
        issue.min = 0.0;
        issue.max = static_cast<double>(issue.options.size() - 1);
    } else {
        if (!ranged) node.fail("has neither a range (min, max) nor options; expected one of them");
        issue.min = node.required("min").number();
        const Node max_node = node.required("max");
        issue.max = max_node.number();
        if (!(issue.max > issue.min)) max_node.fail(show(max_node.raw()) + " is not above min " + show(node.child("min").raw()) + "; expected max > min");
        for (const char* key : {"min", "max"})
            if (std::abs(node.child(key).number()) > 1e12) node.child(key).fail(show(node.child(key).raw()) + " is too large; issue ranges must lie within [-1e12, 1e12]");
    }
    return issue;
}

Agent read_agent(const Node& node, const std::vector<Issue>& issues, const std::vector<Aggregate>& aggregates, const std::vector<bool>& contribution) {
    node.object({"id", "name", "role", "power", "salience", "votes", "ideal", "weights", "values", "links", "reservation", "discount", "ratification",
                 "strategy", "notes"});
    Agent agent;
    agent.id = node.required("id").identifier();
    agent.name = node.required("name").string(false);
    if (node.has("notes")) (void)node.child("notes").string();
    const std::string role = node.required("role").one_of({"signatory", "member", "observer"});
    agent.role = role_named(role);
    // Only ratios of powers matter; the bound is the sampling domain's, and keeps sums of powers and power-weighted
    // Nash exponents finite.
    const auto [least_power, most_power] = parameter_domain(ParameterRef::Kind::power);
    agent.power = node.required("power").number_in(least_power, most_power, "power lies in [0, 1e6] (only ratios of powers matter)");

    read_stakes(node, issues, aggregates, contribution, agent);

    if (node.has("links")) {
        for (const Node& entry : node.child("links").array()) {
            entry.object({"if", "value", "note"});
            if (entry.has("note")) (void)entry.child("note").string();
            Link link;
            const Node conditions = entry.required("if");
            if (conditions.raw().is_object()) {
                link.conditions.push_back(read_condition(conditions, issues, aggregates, true));
            } else {
                const auto list = conditions.array(1, "conditions");
                if (list.size() > 2) conditions.fail("has " + std::to_string(list.size()) + " conditions; a link joins one or two");
                for (const Node& c : list) link.conditions.push_back(read_condition(c, issues, aggregates, true));
            }
            link.value = entry.required("value").number_in(-1.0, 1.0, "a link's value lies in [-1, 1]");
            agent.links.push_back(link);
        }
    }
    agent.reservation = node.required("reservation").number_in(0.0, 1.0, "a reservation utility lies in [0, 1]");
    if (node.has("discount")) {
        const Node d = node.child("discount");
        agent.discount = d.number_in(0.0, 1.0, "a discount factor lies in (0, 1]");
        if (agent.discount == 0.0) d.fail("0 is out of range; a discount factor lies in (0, 1]");
    }
    if (node.has("ratification")) agent.ratification = node.child("ratification").number_in(0.0, 1.0, "a ratification probability lies in [0, 1]");
    if (node.has("salience")) {
        const auto [lo, hi] = parameter_domain(ParameterRef::Kind::salience);
        agent.salience = node.child("salience").number_in(lo, hi, "a salience lies in [0, 1e6]");
    }
    if (node.has("votes")) {
        // Named vote weights; the names are checked against the decision rule's majorities in read_scenario.
        const Node votes = node.child("votes");
        if (!votes.raw().is_object()) votes.fail(what_is(votes.raw()) + "; expected an object of named vote weights");
        if (agent.role == Role::observer && !votes.raw().empty()) votes.fail("an observer has no vote; give vote weights to signatories and members");
        for (const auto& item : votes.raw().items()) {
            if (item.key() == "members")
                votes.child(item.key()).fail("\"members\" is the built-in weight of one vote per voter; name a vote weight otherwise");
            agent.votes.emplace_back(item.key(), votes.child(item.key()).number_in(0.0, 1e9, "a vote weight lies in [0, 1e9]"));
        }
    }
    agent.strategy = read_strategy(node.required("strategy"));
    return agent;
}

// Each region keeps a range of every aggregate its conditions name, up to kMaxAggregateLimits of them.
void check_aggregates_named(const Node& constraints, const Scenario& s) {
    std::vector<bool> named(s.contributions.aggregates.size(), false);
    const auto name = [&](const Condition& c) {
        if (c.aggregate >= 0) named[static_cast<std::size_t>(c.aggregate)] = true;
    };
    for (const Requirement& q : s.requirements) name(q.when), name(q.then);
    for (const Agent& agent : s.agents)
        for (const Link& link : agent.links)
            for (const Condition& c : link.conditions) name(c);
    const auto count = static_cast<std::size_t>(std::count(named.begin(), named.end(), true));
    if (count > kMaxAggregateLimits)
        constraints.fail("the conditions and threshold values name " + std::to_string(count) + " aggregates; at most " + std::to_string(kMaxAggregateLimits) + " may be named");
}

void read_constraints(const Node& node, Scenario& s) {
    std::vector<bool> budgeted(s.issues.size(), false);
    for (const Node& entry : node.array()) {
        entry.object({"type", "issues", "max", "if", "then", "note"});
        const std::string type = entry.required("type").one_of({"requires", "budget"});
        if (entry.has("note")) (void)entry.child("note").string();
        if (type == "requires") {
            for (const char* key : {"issues", "max"})
                if (entry.has(key)) entry.child(key).fail("a \"requires\" constraint takes \"if\" and \"then\", not \"" + std::string(key) + "\"");
            const std::vector<Aggregate>& aggregates = s.contributions.aggregates;
            s.requirements.push_back({read_condition(entry.required("if"), s.issues, aggregates, true), read_condition(entry.required("then"), s.issues, aggregates, false)});
            continue;
        }
        for (const char* key : {"if", "then"})
            if (entry.has(key)) entry.child(key).fail("a \"budget\" constraint takes \"issues\" and \"max\", not \"" + std::string(key) + "\"");
        Budget budget;
        double least = 0.0;
        for (const Node& id : entry.required("issues").array(1, "issues")) {
            const std::size_t k = lookup(id, id.string(), ids_of(s.issues), "issue");
            if (s.issues[k].discrete) id.fail("issue \"" + s.issues[k].id + "\" is discrete; a budget adds up continuous issues");
            if (budgeted[k]) id.fail("issue \"" + s.issues[k].id + "\" is already in a budget; an issue may be in one budget only");
            budgeted[k] = true;
            s.budget_of[k] = static_cast<int>(s.budgets.size());
            budget.issues.push_back(k);
            least += s.issues[k].min;
        }
        const Node max = entry.required("max");
        budget.max = max.number_in(-kMaxBudget, kMaxBudget, "a budget's maximum lies in [-1e14, 1e14]");
        if (budget.max < least) max.fail(show(max.raw()) + " is below the sum of the issues' minimums; no package could meet the budget");
        s.budgets.push_back(budget);
    }
    check_aggregates_named(node, s);
    const RegionSplit split = split_into_regions(s.issues, s.contributions.aggregates, s.requirements, s.agents);
    if (split.status == RegionSplit::Status::no_package && split.requirement < s.requirements.size())
        node.child(split.requirement).fail("no package satisfies the constraints up to this one");
    if (split.status == RegionSplit::Status::no_package) node.fail("no package keeps the constraints' conditions on aggregates");
    if (split.status == RegionSplit::Status::too_many && split.requirement < s.requirements.size())
        node.child(split.requirement).fail("the constraints split the package space into more than 64 regions; use fewer \"requires\" constraints");
    if (split.status == RegionSplit::Status::too_many)
        node.fail("the constraints and links split the package space into more than 64 regions; use fewer links or constraints");
    if (split.status == RegionSplit::Status::no_witness)
        node.fail("no package was found that keeps the conditions on aggregates in one of the regions they make, nor a proof that none does; use fewer or looser conditions on aggregates");
    s.regions = split.regions;
    s.region_witness = split.witnesses;
}

Scenario read_scenario(const Node& root) {
    root.object({"version", "name", "description", "sources", "issues", "aggregates", "agents", "protocol", "monte_carlo", "constraints", "information", "stages"});
    if (root.has("version") && !(root.child("version").raw().is_number_unsigned() && root.child("version").raw() == 1))
        root.child("version").fail(show(root.child("version").raw()) + " is not a supported format version; expected the integer 1");
    Scenario s;
    const Node name = root.required("name");
    s.name = name.string(false);
    if (!is_file_name(s.name)) name.fail(quote_text(s.name) + " is not a valid name; expected letters, digits, '-', '_' or '.' (it names the output folder)");
    if (root.has("description")) s.description = root.child("description").string();
    if (root.has("sources")) {
        for (const auto& entry : root.child("sources").array()) {
            if (entry.raw().is_string()) {
                s.sources.push_back({"", entry.string(false)});
            } else {
                entry.object({"topic", "reference"});
                s.sources.push_back({entry.required("topic").string(false), entry.required("reference").string(false)});
            }
        }
    }

    std::map<std::string, std::string> seen;
    const auto issue_nodes = root.required("issues").array(1, "issues");
    if (issue_nodes.size() > kMaxIssues) root.child("issues").fail("has " + std::to_string(issue_nodes.size()) + " issues; at most " + std::to_string(kMaxIssues) + " are supported");
    for (const auto& node : issue_nodes) {
        s.issues.push_back(read_issue(node));
        check_unique_id(node.child("id"), s.issues.back().id, seen);
    }

    const std::vector<bool> contribution = contribution_flags(issue_nodes);
    std::vector<Aggregate> aggregates;
    if (root.has("aggregates")) aggregates = read_aggregates(root.child("aggregates"), s.issues, contribution);

    seen.clear();
    const auto agent_nodes = root.required("agents").array(2, "agents");
    if (agent_nodes.size() > kMaxAgents) root.child("agents").fail("has " + std::to_string(agent_nodes.size()) + " agents; at most " + std::to_string(kMaxAgents) + " are supported");
    for (const auto& node : agent_nodes) {
        s.agents.push_back(read_agent(node, s.issues, aggregates, contribution));
        check_unique_id(node.child("id"), s.agents.back().id, seen);
    }
    s.contributions = read_contributions(issue_nodes, s.issues, s.agents, std::move(aggregates));

    s.budget_of.fill(-1);
    if (root.has("constraints")) {
        read_constraints(root.child("constraints"), s);
    } else {
        const json none = json::array();
        read_constraints(root.other(none, "/constraints"), s);
    }
    s.protocol = read_protocol(root.required("protocol"), s.agents);
    for (std::size_t i = 0; i < s.agents.size(); ++i)
        s.protocol.decision.bound_by_line[i] = s.contributions.lines[i] != 0 && !s.protocol.decision.required[i];
    for (std::size_t i = 0; i < s.agents.size(); ++i)
        for (const auto& [name, weight] : s.agents[i].votes) {
            std::vector<std::string> used;
            for (const VoteCriterion& c : s.protocol.decision.votes) used.push_back(c.weight);
            if (std::find(used.begin(), used.end(), name) == used.end())
                root.child("agents").child(i).child("votes").child(name).fail(
                    "unknown vote weight " + quote_text(name) + did_you_mean(name, used) + "; the decision rule's majorities name " +
                    (used.empty() ? std::string("none") : join_quoted(used)));
        }
    check_equilibrium_strategies(s, [&](std::size_t i) { return root.child("agents").child(i).child("strategy"); });
    if (root.has("information")) s.information = read_information(root.child("information"), s.agents, s.protocol);
    for (const Agent& agent : s.agents)
        if (s.information.any_private && std::holds_alternative<RubinsteinStrategy>(agent.strategy))
            root.child("information").fail("the rubinstein strategy demands its share of the surplus above both reservation values, which private information hides; use complete information with it");
    const json defaults = json::object();
    s.monte_carlo = read_monte_carlo(root.has("monte_carlo") ? root.child("monte_carlo") : root.other(defaults, "/monte_carlo"), s.issues, s.agents);
    check_stacked_alternating(root, s);
    if (root.has("stages")) s.stages = read_stages(root.child("stages"), root, s);
    return s;
}

}  // namespace

Scenario parse_scenario(std::string_view text, const std::string& file) {
    const json root = parse_json(text, file);
    return read_scenario(Node(root, "", file));
}

Scenario load_scenario(const std::string& path) {
    const ScenarioSource source = read_scenario_source(path);
    return parse_scenario(source.text, source.file);
}

}  // namespace negsim
