// Reading a protocol's decision rule (docs/scenario-format.md, "Decision rule"): required roles, a quorum and weighted
// majorities, checked against the agents' roles and vote weights; the minimal winning coalitions are listed once.
#include "input/decision_rule_reader.hpp"

#include "model/text.hpp"
#include "model/tolerance.hpp"

#include <algorithm>
#include <cmath>
#include <string>

namespace negsim {

namespace {

// How many minimal winning coalitions the zone of agreement searches one by one (zone.hpp), and how many coalitions the
// loader looks at to find them: beyond either, the zone's margin is a lower bound, found by a greedy search.
constexpr std::size_t kMaxWinningSets = 64;
constexpr std::size_t kMaxWinningSteps = 1 << 16;

// A quorum: a count of voters, or a share of them rounded up: at least one voter however small the share (a share that
// rounded to 0 would silently mean "no quorum"). The slack keeps a share such as 0.3 of 10 voters, 3.0000000000000004
// in floating point, at 3.
VoteCriterion read_quorum(const Node& q, const std::vector<Agent>& agents) {
    VoteCriterion c;
    c.weight = "members";
    for (std::size_t i = 0; i < agents.size(); ++i) c.of[i] = DecisionRule::is_voter(agents[i].role) ? 1.0 : 0.0;
    for (std::size_t i = 0; i < agents.size(); ++i) c.total += c.of[i];
    const std::size_t voters = static_cast<std::size_t>(c.total);
    const double x = q.number();
    if (voters == 0) q.fail("there are no voters (signatories or members) to count toward a quorum");
    if (x > 0.0 && x <= 1.0 && !q.raw().is_number_integer())
        c.at_least = std::max(1.0, std::ceil(x * c.total - tolerance::kVoteWeight * c.total));
    else
        c.at_least = static_cast<double>(q.unsigned_integer(1, voters));
    return c;
}

// A majority of a named vote weight ("members": one per voter): at least an amount, or a share of all voters' weight.
VoteCriterion read_majority(const Node& node, const std::vector<Agent>& agents) {
    node.object({"weight", "at_least", "share", "note"});
    if (node.has("note")) (void)node.child("note").string();
    VoteCriterion c;
    const Node name = node.required("weight");
    c.weight = name.string(false);
    for (std::size_t i = 0; i < agents.size(); ++i) {
        if (!DecisionRule::is_voter(agents[i].role)) continue;
        if (c.weight == "members") {
            c.of[i] = 1.0;
        } else {
            const auto it = std::find_if(agents[i].votes.begin(), agents[i].votes.end(), [&](const auto& v) { return v.first == c.weight; });
            if (it == agents[i].votes.end())
                name.fail("agent " + quote_text(agents[i].id) + " has no vote weight " + quote_text(c.weight) + "; every signatory and member needs one (in its \"votes\")");
            c.of[i] = it->second;
        }
        c.total += c.of[i];
    }
    if (node.has("at_least") == node.has("share")) node.fail("give exactly one of \"at_least\" (an amount of the weight) and \"share\" (a share of all voters' weight)");
    if (!(c.total > 0.0)) name.fail("every voter's weight " + quote_text(c.weight) + " is 0; a majority of it would mean nothing");
    if (node.has("share")) {
        const Node share = node.child("share");
        const double x = share.number_in(0.0, 1.0, "a share lies in (0, 1]");
        if (x == 0.0) share.fail("0 is out of range; a share lies in (0, 1]");
        c.at_least = x * c.total;
    } else {
        c.at_least = node.child("at_least").number_in(0.0, 1e12, "an amount of vote weight lies in (0, 1e12]");
        if (c.at_least == 0.0) node.child("at_least").fail("0 is out of range; a majority needs some weight");
    }
    return c;
}

}  // namespace

Role role_named(const std::string& name) {
    return name == "signatory" ? Role::signatory : name == "member" ? Role::member : Role::observer;
}

DecisionRule read_decision_rule(const Node& protocol, const std::vector<Agent>& agents) {
    DecisionRule rule_out;
    if (protocol.has("decision_rule")) {
        const Node rule = protocol.child("decision_rule");
        rule.object({"must_accept", "quorum", "majorities"});
        rule_out.must_accept = {false, false, false};
        for (const auto& entry : rule.required("must_accept").array()) {
            const std::string role = entry.one_of({"signatory", "member", "observer"});
            rule_out.must_accept[static_cast<std::size_t>(role_named(role))] = true;
        }
        if (rule.has("quorum")) rule_out.votes.push_back(read_quorum(rule.child("quorum"), agents));
        if (rule.has("majorities"))
            for (const Node& entry : rule.child("majorities").array(1, "majorities")) rule_out.votes.push_back(read_majority(entry, agents));
        if (rule_out.votes.size() > kMaxVoteCriteria) rule.fail("has " + std::to_string(rule_out.votes.size()) + " vote criteria; at most " + std::to_string(kMaxVoteCriteria) + " are supported");
    }
    AgentMask required{}, voters{}, everyone{};
    for (std::size_t i = 0; i < agents.size(); ++i) {
        required[i] = rule_out.requires_acceptance(agents[i].role);
        voters[i] = DecisionRule::is_voter(agents[i].role);
        everyone[i] = required[i] || voters[i];
    }
    const bool anyone_required = std::any_of(required.begin(), required.end(), [](bool r) { return r; });
    if (!anyone_required && rule_out.votes.empty()) protocol.fail("the decision rule requires nobody's consent: no required role has an agent and there is no quorum or majority");
    if (!passes(rule_out.votes, everyone, agents.size()))
        protocol.child("decision_rule").fail("no coalition can meet the decision rule: even every voter together falls short of a quorum or majority");
    AgentMask buyable{};
    for (std::size_t i = 0; i < agents.size(); ++i) buyable[i] = voters[i] && !required[i];
    rule_out.required = required;
    rule_out.voters = voters;
    rule_out.winning_complete = minimal_winning_sets(required, buyable, rule_out.votes, agents.size(), kMaxWinningSets, kMaxWinningSteps, rule_out.winning);
    return rule_out;
}

}  // namespace negsim
