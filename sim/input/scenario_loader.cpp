// Strict reader for scenario files, format version 1 (docs/scenario-format.md). Every value is reached through a
// Node that knows its JSON pointer, so every error can say exactly where it is and what was expected.
#include "input/scenario_loader.hpp"

#include "input/input_error.hpp"
#include "model/tolerance.hpp"
#include "model/voting.hpp"
#include "model/text.hpp"

#include <Eigen/Cholesky>
#include <Eigen/Core>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <map>
#include <optional>
#include <sstream>

namespace negsim {

// ordered_json keeps the file's key order, so the first error reported is the first in the file.
using json = nlohmann::ordered_json;

namespace {

std::string in_quotes(std::string_view s) {
    std::string out(1, '"');
    out.append(s);
    out.push_back('"');
    return out;
}

std::string show(const json& value) {
    std::string text = value.dump();
    return text.size() > 60 ? text.substr(0, 57) + "..." : text;
}

std::string type_name(const json& value) {
    if (value.is_number()) return "a number";
    if (value.is_string()) return "a string";
    if (value.is_object()) return "an object";
    if (value.is_array()) return "an array";
    if (value.is_boolean()) return "a boolean";
    return "null";
}

std::string escape_pointer_token(std::string_view key) {
    std::string out;
    for (char c : key) {
        if (c == '~') out += "~0";
        else if (c == '/') out += "~1";
        else out += c;
    }
    return out;
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
    const std::string best = closest_match(word, candidates);
    return best.empty() ? std::string() : " (did you mean " + in_quotes(best) + "?)";
}

Role role_named(const std::string& name) {
    return name == "signatory" ? Role::signatory : name == "member" ? Role::member : Role::observer;
}

std::string join_quoted(const std::vector<std::string>& words) {
    std::string out;
    for (std::size_t i = 0; i < words.size(); ++i) out += (i ? ", " : "") + in_quotes(words[i]);
    return out;
}

bool is_identifier(std::string_view s) {
    if (s.empty() || !(s[0] >= 'a' && s[0] <= 'z')) return false;
    return std::all_of(s.begin(), s.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

bool is_file_name(std::string_view s) {
    if (s.empty() || s[0] == '.') return false;
    return std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
    });
}

// A JSON value together with its pointer; all reads go through it so that errors carry the place.
class Node {
public:
    Node(const json& value, std::string path, const std::string& file) : value_(&value), path_(std::move(path)), file_(&file) {}

    [[noreturn]] void fail(const std::string& message) const { throw InputError(*file_, path_.empty() ? "/" : path_, message); }

    [[nodiscard]] const json& raw() const { return *value_; }
    [[nodiscard]] const std::string& path() const { return path_; }

    // Requires an object whose keys are all in `allowed`; returns it for further reads.
    const Node& object(const std::vector<std::string>& allowed) const {
        if (!value_->is_object()) fail(show(*value_) + " is " + type_name(*value_) + "; expected an object");
        for (const auto& item : value_->items()) {
            if (std::find(allowed.begin(), allowed.end(), item.key()) == allowed.end())
                child(item.key()).fail("unknown key " + in_quotes(item.key()) + did_you_mean(item.key(), allowed) +
                                       "; allowed keys here: " + join_quoted(allowed));
        }
        return *this;
    }

    [[nodiscard]] bool has(const std::string& key) const { return value_->contains(key); }

    // A node for a value that is not in the file (defaults), reported at `path`.
    [[nodiscard]] Node other(const json& value, std::string path) const { return Node(value, std::move(path), *file_); }

    [[nodiscard]] Node child(const std::string& key) const { return Node(value_->at(key), path_ + "/" + escape_pointer_token(key), *file_); }
    [[nodiscard]] Node child(std::size_t index) const { return Node(value_->at(index), path_ + "/" + std::to_string(index), *file_); }

    [[nodiscard]] Node required(const std::string& key) const {
        if (!value_->contains(key)) fail("missing required key " + in_quotes(key));
        return child(key);
    }

    [[nodiscard]] std::vector<Node> array(std::size_t min_size = 0, const char* what = "elements") const {
        if (!value_->is_array()) fail(show(*value_) + " is " + type_name(*value_) + "; expected an array");
        if (value_->size() < min_size)
            fail((value_->empty() ? std::string("is empty") : "has only " + std::to_string(value_->size())) + "; at least " +
                 (min_size == 1 ? std::string("one is") : std::to_string(min_size) + " " + what + " are") + " needed");
        std::vector<Node> out;
        for (std::size_t i = 0; i < value_->size(); ++i) out.push_back(child(i));
        return out;
    }

    [[nodiscard]] std::string string(bool allow_empty = true) const {
        if (!value_->is_string()) fail(show(*value_) + " is " + type_name(*value_) + "; expected a string");
        const auto& s = value_->get_ref<const std::string&>();
        if (!allow_empty && s.empty()) fail("is empty; expected a non-empty string");
        return s;
    }

    [[nodiscard]] std::string identifier() const {
        const std::string s = string();
        if (!is_identifier(s)) fail(in_quotes(s) + " is not a valid id; expected lower-case letters, digits and '_', starting with a letter");
        return s;
    }

    std::string one_of(const std::vector<std::string>& choices) const {
        const std::string s = string();
        if (std::find(choices.begin(), choices.end(), s) == choices.end())
            fail(in_quotes(s) + " is not one of " + join_quoted(choices) + did_you_mean(s, choices));
        return s;
    }

    [[nodiscard]] double number() const {
        if (!value_->is_number()) fail(show(*value_) + " is " + type_name(*value_) + "; expected a number");
        const double x = value_->get<double>();
        if (!std::isfinite(x)) fail(show(*value_) + " is not a finite number");
        return x;
    }

    [[nodiscard]] double number_in(double lo, double hi, const std::string& expectation) const {
        const double x = number();
        if (x < lo || x > hi) fail(show(*value_) + " is out of range; " + expectation);
        return x;
    }

    std::uint64_t unsigned_integer(std::uint64_t lo, std::uint64_t hi) const {
        const bool integral = value_->is_number_unsigned() || (value_->is_number_integer() && value_->get<std::int64_t>() >= 0);
        if (!integral) fail(show(*value_) + " is not a non-negative integer; expected an integer from " + std::to_string(lo) + " to " + std::to_string(hi));
        const auto x = value_->get<std::uint64_t>();
        if (x < lo || x > hi) fail(show(*value_) + " is out of range; expected an integer from " + std::to_string(lo) + " to " + std::to_string(hi));
        return x;
    }

private:
    const json* value_;
    std::string path_;
    const std::string* file_;
};

// Resolves a key naming an issue or agent id, with a "did you mean" on failure.
std::size_t lookup(const Node& at, const std::string& key, const std::vector<std::string>& ids, const char* what) {
    const auto it = std::find(ids.begin(), ids.end(), key);
    if (it == ids.end()) at.fail(unknown_name(what, key, ids));
    return static_cast<std::size_t>(it - ids.begin());
}

// Reads an object keyed by issue id that must name every issue exactly once; calls read(issue index, node).
template <class Read>
void per_issue(const Node& node, const std::vector<std::string>& issue_ids, bool require_all, Read read) {
    if (!node.raw().is_object()) node.fail(show(node.raw()) + " is " + type_name(node.raw()) + "; expected an object keyed by issue id");
    std::vector<bool> seen(issue_ids.size(), false);
    for (const auto& item : node.raw().items()) {
        const Node child = node.child(item.key());
        const std::size_t k = lookup(child, item.key(), issue_ids, "issue");
        seen[k] = true;
        read(k, child);
    }
    if (require_all)
        for (std::size_t k = 0; k < issue_ids.size(); ++k)
            if (!seen[k]) node.fail("missing issue " + in_quotes(issue_ids[k]) + "; every issue needs an entry here");
}

std::vector<std::string> ids_of(const auto& items) {
    std::vector<std::string> ids;
    for (const auto& item : items) ids.push_back(item.id);
    return ids;
}

void check_unique_id(const Node& id_node, const std::string& id, std::map<std::string, std::string>& seen) {
    const auto [it, inserted] = seen.emplace(id, id_node.path());
    if (!inserted) id_node.fail("duplicate id " + in_quotes(id) + " (first used at " + it->second + ")");
}

Issue read_issue(const Node& node) {
    node.object({"id", "label", "unit", "min", "max", "options", "description"});
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
            if (std::find(issue.options.begin(), issue.options.end(), name) != issue.options.end()) option.fail("duplicate option " + in_quotes(name));
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

// An ideal: a number in range for continuous issues, an option name for discrete ones (stored as its index).
double read_ideal(const Node& node, const Issue& issue) {
    if (issue.discrete) {
        if (!node.raw().is_string()) node.fail(show(node.raw()) + " is " + type_name(node.raw()) + "; expected one of the options of issue " + in_quotes(issue.id) + ": " + join_quoted(issue.options));
        const std::string name = node.string();
        const auto it = std::find(issue.options.begin(), issue.options.end(), name);
        if (it == issue.options.end()) node.fail(in_quotes(name) + " is not an option of issue " + in_quotes(issue.id) + "; expected one of " + join_quoted(issue.options) + did_you_mean(name, issue.options));
        return static_cast<double>(it - issue.options.begin());
    }
    const double x = node.number();
    if (x < issue.min || x > issue.max)
        node.fail(show(node.raw()) + " is outside the range of issue " + in_quotes(issue.id) + "; expected a value in " + describe_range(issue));
    return x;
}

ValueFunction read_value_function(const Node& node, const Issue& issue, double ideal) {
    ValueFunction f;
    if (node.raw().is_string()) {
        f.shape = node.one_of({"linear", "quadratic"}) == "linear" ? Shape::linear : Shape::quadratic;
        return f;
    }
    if (!issue.discrete) node.fail(show(node.raw()) + " is " + type_name(node.raw()) + "; expected \"linear\" or \"quadratic\" for continuous issue " + in_quotes(issue.id));
    if (!node.raw().is_object()) node.fail(show(node.raw()) + " is " + type_name(node.raw()) + "; expected \"linear\", \"quadratic\" or an object giving a value in [0, 1] per option");
    f.shape = Shape::table;
    std::vector<bool> seen(issue.options.size(), false);
    for (const auto& item : node.raw().items()) {
        const Node child = node.child(item.key());
        const std::size_t o = lookup(child, item.key(), issue.options, "option");
        seen[o] = true;
        f.table[o] = child.number_in(0.0, 1.0, "option values must lie in [0, 1]");
    }
    for (std::size_t o = 0; o < issue.options.size(); ++o)
        if (!seen[o]) node.fail("missing option " + in_quotes(issue.options[o]) + "; give a value for every option of issue " + in_quotes(issue.id));
    const auto ideal_index = static_cast<std::size_t>(ideal);
    if (f.table[ideal_index] != 1.0)
        node.child(issue.options[ideal_index]).fail(show(node.child(issue.options[ideal_index]).raw()) + " is the value of the agent's ideal option " + in_quotes(issue.options[ideal_index]) + "; the ideal option must have value 1");
    return f;
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
    if (type == "boulware") s.exponent = node.has("exponent") ? node.child("exponent").number_in(1e-3, 1.0 - 1e-12, "a Boulware exponent lies in [0.001, 1)") : 0.2;
    if (type == "conceder") s.exponent = node.has("exponent") ? node.child("exponent").number_in(1.0 + 1e-12, 1e3, "a Conceder exponent lies in (1, 1000]") : 5.0;
    if (type == "time-dependent") s.exponent = node.required("exponent").number_in(1e-3, 1e3, "the exponent lies in [0.001, 1000]");
    return s;
}

Condition read_condition(const Node& node, const std::vector<Issue>& issues, bool antecedent) {
    node.object({"issue", "above", "below", "at_least", "at_most"});
    Condition c;
    const Node issue_node = node.required("issue");
    c.issue = lookup(issue_node, issue_node.string(), ids_of(issues), "issue");
    const Issue& issue = issues[c.issue];
    const std::vector<std::pair<std::string, Condition::Op>> ops = {
        {"above", Condition::Op::above}, {"below", Condition::Op::below}, {"at_least", Condition::Op::at_least}, {"at_most", Condition::Op::at_most}};
    int found = 0;
    for (const auto& [key, op] : ops) {
        if (!node.has(key)) continue;
        ++found;
        c.op = op;
        const Node v = node.child(key);
        c.value = read_ideal(v, issue);
        const bool strict = op == Condition::Op::above || op == Condition::Op::below;
        if (!issue.discrete && strict != antecedent)
            v.fail(antecedent ? "a condition on a continuous issue under \"if\" uses \"above\" or \"below\" (strict, so that its negation is a closed range)"
                              : "a condition on a continuous issue under \"then\" uses \"at_least\" or \"at_most\"");
    }
    if (found != 1) node.fail("expected exactly one of \"above\", \"below\", \"at_least\", \"at_most\"");
    return c;
}

// The range of an issue's values for which a condition holds (negated: fails), as [lo, hi] within the issue.
std::pair<double, double> condition_range(const Condition& c, const Issue& issue, bool negated) {
    const double step = issue.discrete ? 1.0 : 0.0;  // strict bounds on option indices move by one option
    Condition::Op op = c.op;
    if (negated) {
        op = op == Condition::Op::above ? Condition::Op::at_most : op == Condition::Op::below ? Condition::Op::at_least
           : op == Condition::Op::at_least ? Condition::Op::below : Condition::Op::above;
    }
    // Strict bounds on a continuous issue move to the next double, so the box holds exactly where the condition does.
    const double up = issue.discrete ? c.value + step : std::nextafter(c.value, issue.max + 1.0);
    const double down = issue.discrete ? c.value - step : std::nextafter(c.value, issue.min - 1.0);
    switch (op) {
        case Condition::Op::above: return {up, issue.max};
        case Condition::Op::below: return {issue.min, down};
        case Condition::Op::at_least: return {c.value, issue.max};
        case Condition::Op::at_most: return {issue.min, c.value};
    }
    return {issue.min, issue.max};
}

Agent read_agent(const Node& node, const std::vector<Issue>& issues) {
    node.object({"id", "name", "role", "power", "salience", "votes", "ideal", "weights", "values", "links", "reservation", "discount", "ratification",
                 "strategy", "notes"});
    const auto issue_ids = ids_of(issues);
    const std::size_t n = issues.size();
    Agent agent;
    agent.id = node.required("id").identifier();
    agent.name = node.required("name").string(false);
    if (node.has("notes")) (void)node.child("notes").string();
    const std::string role = node.required("role").one_of({"signatory", "member", "observer"});
    agent.role = role_named(role);
    agent.power = node.required("power").number_in(0.0, std::numeric_limits<double>::max(), "power must be >= 0");

    agent.ideal.assign(n, 0.0);
    per_issue(node.required("ideal"), issue_ids, true, [&](std::size_t k, const Node& v) { agent.ideal[k] = read_ideal(v, issues[k]); });

    agent.weights.assign(n, 0.0);
    const Node weights = node.required("weights");
    per_issue(weights, issue_ids, true, [&](std::size_t k, const Node& v) {
        const double w = v.number();
        if (w < 0.0) v.fail(show(v.raw()) + " is negative; weights must be >= 0");
        if (w > 1e6) v.fail(show(v.raw()) + " is too large; weights are relative, give them between 0 and 1e6");
        agent.weights[k] = w;
    });
    double total = 0.0;
    for (double w : agent.weights) total += w;
    if (!(total > 0.0)) weights.fail("all weights are zero; at least one weight must be positive (weights are normalised to sum to 1)");
    for (double& w : agent.weights) w /= total;

    agent.values.assign(n, ValueFunction{});
    if (node.has("values"))
        per_issue(node.child("values"), issue_ids, false, [&](std::size_t k, const Node& v) { agent.values[k] = read_value_function(v, issues[k], agent.ideal[k]); });

    if (node.has("links")) {
        for (const Node& entry : node.child("links").array()) {
            entry.object({"if", "value", "note"});
            if (entry.has("note")) (void)entry.child("note").string();
            Link link;
            const Node conditions = entry.required("if");
            if (conditions.raw().is_object()) {
                link.conditions.push_back(read_condition(conditions, issues, true));
            } else {
                const auto list = conditions.array(1, "conditions");
                if (list.size() > 2) conditions.fail("has " + std::to_string(list.size()) + " conditions; a link joins one or two");
                for (const Node& c : list) link.conditions.push_back(read_condition(c, issues, true));
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
    if (node.has("salience")) agent.salience = node.child("salience").number_in(0.0, 1e6, "a salience lies in [0, 1e6]");
    if (node.has("votes")) {
        // Named vote weights; the names are checked against the decision rule's majorities in read_scenario.
        const Node votes = node.child("votes");
        if (!votes.raw().is_object()) votes.fail(show(votes.raw()) + " is " + type_name(votes.raw()) + "; expected an object of named vote weights");
        if (agent.role == Role::observer && !votes.raw().empty()) votes.fail("an observer has no vote; give vote weights to signatories and members");
        for (const auto& item : votes.raw().items())
            agent.votes.emplace_back(item.key(), votes.child(item.key()).number_in(0.0, 1e9, "a vote weight lies in [0, 1e9]"));
    }
    agent.strategy = read_strategy(node.required("strategy"));
    return agent;
}

// How many minimal winning coalitions the zone of agreement searches one by one (zone.hpp), and how many coalitions the
// loader looks at to find them: beyond either, the zone's margin is a lower bound, found by a greedy search.
constexpr std::size_t kMaxWinningSets = 64;
constexpr std::size_t kMaxWinningSteps = 1 << 16;

// A quorum: a count of voters, or a share of them (rounded up, and at least one voter).
VoteCriterion read_quorum(const Node& q, const std::vector<Agent>& agents) {
    VoteCriterion c;
    c.weight = "members";
    for (std::size_t i = 0; i < agents.size(); ++i) c.of[i] = DecisionRule::is_voter(agents[i].role) ? 1.0 : 0.0;
    for (std::size_t i = 0; i < agents.size(); ++i) c.total += c.of[i];
    const std::size_t voters = static_cast<std::size_t>(c.total);
    const double x = q.number();
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
                name.fail("agent " + in_quotes(agents[i].id) + " has no vote weight " + in_quotes(c.weight) + "; every signatory and member needs one (in its \"votes\")");
            c.of[i] = it->second;
        }
        c.total += c.of[i];
    }
    if (node.has("at_least") == node.has("share")) node.fail("give exactly one of \"at_least\" (an amount of the weight) and \"share\" (a share of all voters' weight)");
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

Protocol read_protocol(const Node& node, const std::vector<Agent>& agents) {
    const std::string type = node.required("type").one_of({"alternating", "random-proposer", "mediator"});
    for (const auto& [key, owner] : {std::pair<std::string, std::string>{"order", "alternating"}, {"recognition", "random-proposer"}, {"mediator", "mediator"}})
        if (node.has(key) && type != owner)
            node.child(key).fail(in_quotes(key) + " applies to the " + in_quotes(owner) + " protocol only; remove it for " + in_quotes(type));
    if (type == "alternating") node.object({"type", "rounds", "order", "decision_rule", "breakdown"});
    else if (type == "random-proposer") node.object({"type", "rounds", "recognition", "decision_rule", "breakdown"});
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
            if (!r.raw().is_object()) r.fail(show(r.raw()) + " is " + type_name(r.raw()) + "; expected an object keyed by agent id");
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
    if (node.has("decision_rule")) {
        const Node rule = node.child("decision_rule");
        rule.object({"must_accept", "quorum", "majorities"});
        p.decision.must_accept = {false, false, false};
        for (const auto& entry : rule.required("must_accept").array()) {
            const std::string role = entry.one_of({"signatory", "member", "observer"});
            p.decision.must_accept[static_cast<std::size_t>(role_named(role))] = true;
        }
        if (rule.has("quorum")) p.decision.votes.push_back(read_quorum(rule.child("quorum"), agents));
        if (rule.has("majorities"))
            for (const Node& entry : rule.child("majorities").array(1, "majorities")) p.decision.votes.push_back(read_majority(entry, agents));
        if (p.decision.votes.size() > kMaxVoteCriteria) rule.fail("has " + std::to_string(p.decision.votes.size()) + " vote criteria; at most " + std::to_string(kMaxVoteCriteria) + " are supported");
    }
    AgentMask required{}, voters{}, everyone{};
    for (std::size_t i = 0; i < agents.size(); ++i) {
        required[i] = p.decision.requires_acceptance(agents[i].role);
        voters[i] = DecisionRule::is_voter(agents[i].role);
        everyone[i] = required[i] || voters[i];
    }
    const bool anyone_required = std::any_of(required.begin(), required.end(), [](bool r) { return r; });
    if (!anyone_required && p.decision.votes.empty()) node.fail("the decision rule requires nobody's consent: no required role has an agent and there is no quorum or majority");
    if (!passes(p.decision.votes, everyone, agents.size()))
        node.child("decision_rule").fail("no coalition can meet the decision rule: even every voter together falls short of a quorum or majority");
    AgentMask buyable{};
    for (std::size_t i = 0; i < agents.size(); ++i) buyable[i] = voters[i] && !required[i];
    p.decision.winning_complete = minimal_winning_sets(required, buyable, p.decision.votes, agents.size(), kMaxWinningSets, kMaxWinningSteps, p.decision.winning);
    return p;
}

// A distribution over a parameter's domain [lo, hi] (the range text says it in messages); `nominal` is the default
// mean of a normal.
Distribution read_distribution(const Node& node, double lo, double hi, double nominal, const std::string& range_text) {
    node.object({"distribution", "min", "max", "mean", "sd", "alpha", "beta", "mode"});
    const std::string kind = node.required("distribution").one_of({"uniform", "normal", "beta", "triangular"});
    const std::vector<std::string> keys = kind == "uniform" ? std::vector<std::string>{"min", "max"}
                                        : kind == "normal"  ? std::vector<std::string>{"mean", "sd"}
                                        : kind == "beta"    ? std::vector<std::string>{"alpha", "beta", "min", "max"}
                                                            : std::vector<std::string>{"min", "mode", "max"};
    for (const char* key : {"min", "max", "mean", "sd", "alpha", "beta", "mode"})
        if (node.has(key) && std::find(keys.begin(), keys.end(), key) == keys.end())
            node.child(key).fail("a " + kind + " distribution takes " + join_quoted(keys) + ", not " + in_quotes(key));
    const std::string within = "expected a value in " + range_text;
    Distribution d;
    d.lo = lo;
    d.hi = hi;
    if (kind == "uniform") {
        d.kind = Distribution::Kind::uniform;
        d.a = node.required("min").number_in(lo, hi, within);
        const Node max_node = node.required("max");
        d.b = max_node.number_in(lo, hi, within);
        if (d.b < d.a) max_node.fail(show(max_node.raw()) + " is below min; expected max >= min");
    } else if (kind == "normal") {
        d.kind = Distribution::Kind::normal;
        d.a = node.has("mean") ? node.child("mean").number_in(lo, hi, "expected a mean in " + range_text) : nominal;
        const Node sd = node.required("sd");
        d.b = sd.number();
        if (!(d.b > 0.0)) sd.fail(show(sd.raw()) + " is not positive; a standard deviation must be > 0");
    } else if (kind == "beta") {
        d.kind = Distribution::Kind::beta;
        for (const char* key : {"alpha", "beta"}) {
            const double v = node.required(key).number_in(1e-3, 1e6, "a beta shape parameter lies in [0.001, 1e6]");
            (std::string(key) == "alpha" ? d.a : d.b) = v;
        }
        if (node.has("min")) d.lo = node.child("min").number_in(lo, hi, within);
        if (node.has("max")) d.hi = node.child("max").number_in(lo, hi, within);
        if (!(d.hi > d.lo)) node.fail("a beta distribution needs max > min (it is scaled to [min, max], by default " + range_text + ")");
        if (!std::isfinite(d.hi - d.lo) || d.hi - d.lo > 1e12) node.fail("give \"min\" and \"max\" for a beta distribution over this parameter");
    } else {
        d.kind = Distribution::Kind::triangular;
        d.a = node.required("min").number_in(lo, hi, within);
        const Node mode = node.required("mode");
        d.b = mode.number_in(lo, hi, within);
        const Node max_node = node.required("max");
        d.c = max_node.number_in(lo, hi, within);
        if (!(d.a <= d.b && d.b <= d.c && d.a < d.c)) node.fail("a triangular distribution needs min <= mode <= max and min < max");
    }
    return d;
}

// "agent/reservation", "agent/power", "agent/discount", "agent/exponent", "agent/ideal/<issue>" and, for shock
// effects only, "agent/weights/<issue>".
ParameterRef read_parameter(const Node& node, const std::vector<Issue>& issues, const std::vector<Agent>& agents, bool allow_weights) {
    const std::string text = node.string(false);
    std::vector<std::string> parts;
    std::stringstream in(text);
    for (std::string part; std::getline(in, part, '/');) parts.push_back(part);
    const std::string expected = "expected \"<agent>/reservation\", \"<agent>/power\", \"<agent>/discount\", \"<agent>/exponent\", \"<agent>/salience\" or "
                                 "\"<agent>/ideal/<issue>\"" + std::string(allow_weights ? " or \"<agent>/weights/<issue>\"" : "");
    if (parts.size() < 2 || parts.size() > 3) node.fail(in_quotes(text) + " is not a parameter; " + expected);
    const auto agent_ids = ids_of(agents);
    const auto it = std::find(agent_ids.begin(), agent_ids.end(), parts[0]);
    if (it == agent_ids.end()) node.fail(unknown_name("agent", parts[0], agent_ids) + " in " + in_quotes(text));
    ParameterRef ref;
    ref.agent = static_cast<std::size_t>(it - agent_ids.begin());
    const std::vector<std::string> scalars = {"reservation", "power", "discount", "exponent", "salience"};
    const ParameterRef::Kind scalar_kinds[] = {ParameterRef::Kind::reservation, ParameterRef::Kind::power, ParameterRef::Kind::discount,
                                               ParameterRef::Kind::exponent, ParameterRef::Kind::salience};
    if (parts.size() == 2) {
        const auto s = std::find(scalars.begin(), scalars.end(), parts[1]);
        if (s == scalars.end()) node.fail(in_quotes(text) + " is not a parameter; " + expected);
        ref.kind = scalar_kinds[s - scalars.begin()];
    } else {
        if (parts[1] != "ideal" && !(allow_weights && parts[1] == "weights")) node.fail(in_quotes(text) + " is not a parameter; " + expected);
        ref.kind = parts[1] == "ideal" ? ParameterRef::Kind::ideal : ParameterRef::Kind::weight;
        const auto issue_ids = ids_of(issues);
        const auto k = std::find(issue_ids.begin(), issue_ids.end(), parts[2]);
        if (k == issue_ids.end()) node.fail(unknown_name("issue", parts[2], issue_ids) + " in " + in_quotes(text));
        ref.issue = static_cast<std::size_t>(k - issue_ids.begin());
        if (ref.kind == ParameterRef::Kind::ideal && issues[ref.issue].discrete)
            node.fail("issue " + in_quotes(parts[2]) + " is discrete; ideal points of discrete issues are not drawn or shocked");
    }
    if (ref.kind == ParameterRef::Kind::exponent && !std::holds_alternative<TimeDependentStrategy>(agents[ref.agent].strategy))
        node.fail("agent " + in_quotes(parts[0]) + " has no concession exponent: only time-dependent strategies (boulware, linear, conceder, time-dependent) have one");
    return ref;
}

MonteCarloSpec read_monte_carlo(const Node& node, const std::vector<Issue>& issues, const std::vector<Agent>& agents) {
    node.object({"samples", "seed", "uncertainty"});
    MonteCarloSpec mc;
    if (node.has("samples")) mc.samples = node.child("samples").unsigned_integer(1, std::uint64_t{1} << 40);
    if (node.has("seed")) mc.seed = node.child("seed").unsigned_integer(0, std::numeric_limits<std::uint64_t>::max());
    mc.agents.resize(agents.size());
    for (auto& u : mc.agents) u.ideal.assign(issues.size(), Distribution{});
    if (!node.has("uncertainty")) return mc;

    const Node uncertainty = node.child("uncertainty");
    uncertainty.object({"agents", "correlations", "shocks"});
    const auto agent_ids = ids_of(agents);
    const auto issue_ids = ids_of(issues);
    if (uncertainty.has("agents")) {
        const Node per_agent = uncertainty.child("agents");
        if (!per_agent.raw().is_object()) per_agent.fail(show(per_agent.raw()) + " is " + type_name(per_agent.raw()) + "; expected an object keyed by agent id");
        for (const auto& item : per_agent.raw().items()) {
            const Node entry = per_agent.child(item.key());
            const std::size_t i = lookup(entry, item.key(), agent_ids, "agent");
            entry.object({"weights", "ideal", "reservation", "power", "discount", "exponent", "salience"});
            AgentUncertainty& u = mc.agents[i];
            const Agent& agent = agents[i];
            if (entry.has("weights")) {
                const Node w = entry.child("weights");
                w.object({"distribution", "concentration"});
                w.required("distribution").one_of({"dirichlet"});
                const Node c = w.required("concentration");
                u.weight_concentration = c.number();
                if (!(u.weight_concentration >= 1e-3 && u.weight_concentration <= 1e9))
                    c.fail(show(c.raw()) + " is out of range; a Dirichlet concentration lies in [0.001, 1e9]");
            }
            if (entry.has("ideal"))
                per_issue(entry.child("ideal"), issue_ids, false, [&](std::size_t k, const Node& v) {
                    const Issue& issue = issues[k];
                    if (issue.discrete) v.fail("issue " + in_quotes(issue.id) + " is discrete; ideal-point uncertainty applies to continuous issues only");
                    u.ideal[k] = read_distribution(v, issue.min, issue.max, agent.ideal[k], "the range of issue " + in_quotes(issue.id) + ", " + describe_range(issue));
                });
            using K = ParameterRef::Kind;
            const auto scalar = [&](const char* key, K kind, double nominal, const char* range) {
                const auto [lo, hi] = parameter_domain(kind);
                return read_distribution(entry.child(key), lo, hi, nominal, range);
            };
            if (entry.has("reservation")) u.reservation = scalar("reservation", K::reservation, agent.reservation, "[0, 1]");
            if (entry.has("power")) u.power = scalar("power", K::power, agent.power, "[0, 1e6]");
            if (entry.has("salience")) u.salience = scalar("salience", K::salience, agent.salience, "[0, 1e6]");
            if (entry.has("discount")) u.discount = scalar("discount", K::discount, agent.discount, "(0, 1]");
            if (entry.has("exponent")) {
                const auto* td = std::get_if<TimeDependentStrategy>(&agent.strategy);
                if (!td) entry.child("exponent").fail("only time-dependent strategies (boulware, linear, conceder, time-dependent) have a concession exponent");
                u.exponent = scalar("exponent", K::exponent, td->exponent, "[0.001, 1000]");
            }
        }
    }
    if (uncertainty.has("correlations")) {
        std::vector<ParameterRef> used;
        for (const Node& block_node : uncertainty.child("correlations").array()) {
            block_node.object({"parameters", "matrix", "note"});
            if (block_node.has("note")) (void)block_node.child("note").string();
            CorrelationBlock block;
            const auto names = block_node.required("parameters").array(2, "parameters");
            if (names.size() > 2 * kMaxAgents + kMaxIssues) block_node.child("parameters").fail("too many parameters in one block");
            for (const Node& name : names) {
                const ParameterRef ref = read_parameter(name, issues, agents, false);
                if (mc.distribution(ref).kind == Distribution::Kind::fixed)
                    name.fail(in_quotes(name.string()) + " has no distribution in uncertainty.agents; only uncertain parameters can be correlated");
                if (std::find(used.begin(), used.end(), ref) != used.end()) name.fail(in_quotes(name.string()) + " is already in a correlation block");
                used.push_back(ref);
                block.parameters.push_back(ref);
            }
            const std::size_t n = block.parameters.size();
            const Node matrix = block_node.required("matrix");
            const auto rows = matrix.array(n, "rows");
            if (rows.size() != n) matrix.fail("has " + std::to_string(rows.size()) + " rows; expected " + std::to_string(n) + ", one per parameter");
            Eigen::MatrixXd r(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(n));
            for (std::size_t a = 0; a < n; ++a) {
                const auto cells = rows[a].array(n, "entries");
                if (cells.size() != n) rows[a].fail("has " + std::to_string(cells.size()) + " entries; expected " + std::to_string(n));
                for (std::size_t b = 0; b < n; ++b)
                    r(static_cast<Eigen::Index>(a), static_cast<Eigen::Index>(b)) = cells[b].number_in(-1.0, 1.0, "a correlation lies in [-1, 1]");
                if (r(static_cast<Eigen::Index>(a), static_cast<Eigen::Index>(a)) != 1.0) cells[a].fail("is a diagonal entry; it must be 1");
            }
            for (std::size_t a = 0; a < n; ++a)
                for (std::size_t b = 0; b < a; ++b)
                    if (r(static_cast<Eigen::Index>(a), static_cast<Eigen::Index>(b)) != r(static_cast<Eigen::Index>(b), static_cast<Eigen::Index>(a)))
                        rows[a].child(b).fail("differs from entry [" + std::to_string(b) + "][" + std::to_string(a) + "]; a correlation matrix is symmetric");
            const Eigen::LLT<Eigen::MatrixXd> llt(r);
            if (llt.info() != Eigen::Success) matrix.fail("is not positive definite; no joint distribution has these correlations");
            const Eigen::MatrixXd l = llt.matrixL();
            block.cholesky.assign(n * n, 0.0);
            for (std::size_t a = 0; a < n; ++a)
                for (std::size_t b = 0; b <= a; ++b) block.cholesky[a * n + b] = l(static_cast<Eigen::Index>(a), static_cast<Eigen::Index>(b));
            mc.correlations.push_back(block);
        }
    }
    if (uncertainty.has("shocks")) {
        std::map<std::string, std::string> seen;
        const auto shocks = uncertainty.child("shocks").array();
        if (shocks.size() > kMaxShocks) uncertainty.child("shocks").fail("has " + std::to_string(shocks.size()) + " shocks; at most 64 are supported");
        for (const Node& shock_node : shocks) {
            shock_node.object({"id", "probability", "effects", "note"});
            if (shock_node.has("note")) (void)shock_node.child("note").string();
            Shock shock;
            shock.id = shock_node.required("id").identifier();
            check_unique_id(shock_node.child("id"), shock.id, seen);
            shock.probability = shock_node.required("probability").number_in(0.0, 1.0, "a probability lies in [0, 1]");
            for (const Node& effect_node : shock_node.required("effects").array(1, "effects")) {
                effect_node.object({"parameter", "add", "multiply", "set"});
                ShockEffect effect;
                effect.parameter = read_parameter(effect_node.required("parameter"), issues, agents, true);
                int ops = 0;
                for (const auto& [key, op] : {std::pair{"add", ShockEffect::Op::add}, std::pair{"multiply", ShockEffect::Op::multiply}, std::pair{"set", ShockEffect::Op::set}}) {
                    if (!effect_node.has(key)) continue;
                    ++ops;
                    effect.op = op;
                    effect.value = effect_node.child(key).number();
                }
                if (ops != 1) effect_node.fail("expected exactly one of \"add\", \"multiply\", \"set\"");
                shock.effects.push_back(effect);
            }
            mc.shocks.push_back(shock);
        }
    }
    return mc;
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
            s.requirements.push_back({read_condition(entry.required("if"), s.issues, true), read_condition(entry.required("then"), s.issues, false)});
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
        budget.max = max.number();
        if (budget.max < least) max.fail(show(max.raw()) + " is below the sum of the issues' minimums; no package could meet the budget");
        s.budgets.push_back(budget);
    }
    // The requirements as a union of boxes: each splits every box into "antecedent fails" and "consequent holds".
    IssueBounds full;
    for (std::size_t k = 0; k < s.issues.size(); ++k) {
        full.lo[k] = s.issues[k].min;
        full.hi[k] = s.issues[k].max;
    }
    s.regions = {full};
    for (std::size_t r = 0; r < s.requirements.size(); ++r) {
        const Requirement& q = s.requirements[r];
        std::vector<IssueBounds> split;
        for (const IssueBounds& box : s.regions) {
            for (const auto& [condition, negated] : {std::pair{q.when, true}, std::pair{q.then, false}}) {
                IssueBounds b = box;
                const auto [lo, hi] = condition_range(condition, s.issues[condition.issue], negated);
                b.lo[condition.issue] = std::max(b.lo[condition.issue], lo);
                b.hi[condition.issue] = std::min(b.hi[condition.issue], hi);
                if (b.lo[condition.issue] <= b.hi[condition.issue]) split.push_back(b);
            }
        }
        if (split.empty()) node.child(r).fail("no package satisfies the constraints up to this one");
        if (split.size() > 64) node.child(r).fail("the constraints split the package space into more than 64 regions; use fewer \"requires\" constraints");
        s.regions = split;
    }
    // Links: split every box into the part where all the link's conditions hold and, for each condition in turn,
    // the part where it is the first to fail, so that the link term is constant on every box.
    for (std::size_t i = 0; i < s.agents.size(); ++i) {
        for (const Link& link : s.agents[i].links) {
            std::vector<IssueBounds> split;
            for (const IssueBounds& box : s.regions) {
                IssueBounds all = box;
                bool all_possible = true;
                for (std::size_t c = 0; c < link.conditions.size(); ++c) {
                    const Condition& condition = link.conditions[c];
                    const Issue& issue = s.issues[condition.issue];
                    IssueBounds fails = all;
                    const auto [flo, fhi] = condition_range(condition, issue, true);
                    fails.lo[condition.issue] = std::max(fails.lo[condition.issue], flo);
                    fails.hi[condition.issue] = std::min(fails.hi[condition.issue], fhi);
                    if (all_possible && fails.lo[condition.issue] <= fails.hi[condition.issue]) split.push_back(fails);
                    const auto [hlo, hhi] = condition_range(condition, issue, false);
                    all.lo[condition.issue] = std::max(all.lo[condition.issue], hlo);
                    all.hi[condition.issue] = std::min(all.hi[condition.issue], hhi);
                    all_possible = all_possible && all.lo[condition.issue] <= all.hi[condition.issue];
                }
                if (all_possible) split.push_back(all);
            }
            // Drop boxes inside another box (links on the same conditions would otherwise multiply them).
            std::vector<IssueBounds> kept;
            for (std::size_t a = 0; a < split.size(); ++a) {
                bool inside = false;
                for (std::size_t b = 0; b < split.size() && !inside; ++b) {
                    if (a == b) continue;
                    bool contained = true;
                    for (std::size_t k = 0; k < s.issues.size(); ++k)
                        contained = contained && split[b].lo[k] <= split[a].lo[k] && split[a].hi[k] <= split[b].hi[k];
                    inside = contained && (b < a || split[a].lo != split[b].lo || split[a].hi != split[b].hi);
                }
                if (!inside) kept.push_back(split[a]);
            }
            if (kept.size() > 64) node.fail("the constraints and links split the package space into more than 64 regions; use fewer links or constraints");
            s.regions = kept;
        }
    }
}

Scenario read_scenario(const Node& root) {
    root.object({"version", "name", "description", "sources", "issues", "agents", "protocol", "monte_carlo", "constraints"});
    if (root.has("version") && !(root.child("version").raw().is_number_unsigned() && root.child("version").raw() == 1))
        root.child("version").fail(show(root.child("version").raw()) + " is not a supported format version; expected the integer 1");
    Scenario s;
    const Node name = root.required("name");
    s.name = name.string(false);
    if (!is_file_name(s.name)) name.fail(in_quotes(s.name) + " is not a valid name; expected letters, digits, '-', '_' or '.' (it names the output folder)");
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

    seen.clear();
    const auto agent_nodes = root.required("agents").array(2, "agents");
    if (agent_nodes.size() > kMaxAgents) root.child("agents").fail("has " + std::to_string(agent_nodes.size()) + " agents; at most " + std::to_string(kMaxAgents) + " are supported");
    for (const auto& node : agent_nodes) {
        s.agents.push_back(read_agent(node, s.issues));
        check_unique_id(node.child("id"), s.agents.back().id, seen);
    }

    s.budget_of.fill(-1);
    if (root.has("constraints")) {
        read_constraints(root.child("constraints"), s);
    } else {
        const json none = json::array();
        read_constraints(root.other(none, "/constraints"), s);
    }
    for (std::size_t i = 0; i < s.agents.size(); ++i) {
        if (!std::holds_alternative<RubinsteinStrategy>(s.agents[i].strategy)) continue;
        const Node at = root.child("agents").child(i).child("strategy");
        if (s.agents.size() != 2) at.fail("the rubinstein strategy is the equilibrium of two-party bargaining; this scenario has " + std::to_string(s.agents.size()) + " agents");
        if (s.agents[0].discount * s.agents[1].discount >= 1.0) at.fail("the rubinstein strategy needs a discount below 1 for at least one of the two agents");
    }
    s.protocol = read_protocol(root.required("protocol"), s.agents);
    for (std::size_t i = 0; i < s.agents.size(); ++i)
        for (const auto& [name, weight] : s.agents[i].votes) {
            std::vector<std::string> used;
            for (const VoteCriterion& c : s.protocol.decision.votes) used.push_back(c.weight);
            if (std::find(used.begin(), used.end(), name) == used.end())
                root.child("agents").child(i).child("votes").child(name).fail(
                    "unknown vote weight " + in_quotes(name) + did_you_mean(name, used) + "; the decision rule's majorities name " +
                    (used.empty() ? std::string("none") : join_quoted(used)));
        }
    for (std::size_t i = 0; i < s.agents.size(); ++i)
        if (std::holds_alternative<BaronFerejohnStrategy>(s.agents[i].strategy) && !std::holds_alternative<RandomProposer>(s.protocol.rules))
            root.child("agents").child(i).child("strategy").fail("the baron-ferejohn strategy is the equilibrium of the random-proposer protocol; set protocol.type to \"random-proposer\"");
    const json defaults = json::object();
    s.monte_carlo = read_monte_carlo(root.has("monte_carlo") ? root.child("monte_carlo") : root.other(defaults, "/monte_carlo"), s.issues, s.agents);
    return s;
}

// JSON allows repeated keys in an object and nlohmann/json keeps the last one silently; a repeated key in a scenario
// is almost always a mistake, so a SAX pass over the text finds the first one and its JSON pointer.
class DuplicateKeyFinder : public nlohmann::json_sax<json> {
public:
    std::string duplicate;  // JSON pointer of the first repeated key, empty if none

    bool null() override { return value(); }
    bool boolean(bool) override { return value(); }
    bool number_integer(number_integer_t) override { return value(); }
    bool number_unsigned(number_unsigned_t) override { return value(); }
    bool number_float(number_float_t, const string_t&) override { return value(); }
    bool string(string_t&) override { return value(); }
    bool binary(binary_t&) override { return value(); }
    bool start_object(std::size_t) override {
        value();
        stack_.push_back({false, -1, {}, {}});
        return true;
    }
    bool key(string_t& k) override {
        Frame& frame = stack_.back();
        if (std::find(frame.keys.begin(), frame.keys.end(), k) != frame.keys.end()) {
            for (std::size_t i = 0; i + 1 < stack_.size(); ++i) {
                duplicate.push_back('/');
                duplicate.append(stack_[i].array ? std::to_string(stack_[i].index) : escape_pointer_token(stack_[i].key));
            }
            duplicate.push_back('/');
            duplicate.append(escape_pointer_token(k));
            return false;
        }
        frame.keys.push_back(k);
        frame.key = k;
        return true;
    }
    bool end_object() override { return pop(); }
    bool start_array(std::size_t) override {
        value();
        stack_.push_back({true, -1, {}, {}});
        return true;
    }
    bool end_array() override { return pop(); }
    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override { return false; }

private:
    struct Frame {
        bool array;
        long index;
        std::string key;
        std::vector<std::string> keys;
    };
    bool value() {
        if (!stack_.empty() && stack_.back().array) ++stack_.back().index;
        return true;
    }
    bool pop() {
        stack_.pop_back();
        return true;
    }
    std::vector<Frame> stack_;
};

}  // namespace

std::string read_file(const std::string& path) {
    std::error_code error;
    if (std::filesystem::is_directory(path, error)) throw InputError(path, "", "is a folder; expected a scenario file");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path, "", "cannot open the file for reading");
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

Scenario parse_scenario(std::string_view text, const std::string& file) {
    // Errors while parsing are reported at file:line:column (no JSON pointer exists yet).
    const auto at = [&](std::size_t byte) {
        std::size_t line = 1, column = 1;
        for (std::size_t i = 0; i < std::min(byte, text.size()); ++i) {
            if (text[i] == '\n') { ++line; column = 1; } else { ++column; }
        }
        return file + ":" + std::to_string(line) + ":" + std::to_string(column);
    };
    json root;
    try {
        root = json::parse(text.begin(), text.end());
    } catch (const json::parse_error& e) {
        std::string what = e.what();
        if (const auto colon = what.find(": "); colon != std::string::npos) what = what.substr(colon + 2);
        throw InputError(at(e.byte > 0 ? e.byte - 1 : 0), "", "invalid JSON: " + what);
    } catch (const json::out_of_range& e) {
        // nlohmann/json reports a number too large for a double (e.g. 1e999) as "number overflow parsing '1e999'".
        const std::string what = e.what();
        const auto open = what.find('\''), close = what.rfind('\'');
        const std::string token = open != std::string::npos && close > open ? what.substr(open + 1, close - open - 1) : "";
        throw InputError(at(token.empty() ? 0 : text.find(token)), "", token + " is not a finite number (it overflows a double)");
    }
    DuplicateKeyFinder duplicates;
    json::sax_parse(text.begin(), text.end(), &duplicates);
    if (!duplicates.duplicate.empty())
        throw InputError(file, duplicates.duplicate, "repeated key; each key may appear only once in an object");
    return read_scenario(Node(root, "", file));
}

Scenario load_scenario(const std::string& path) { return parse_scenario(read_file(path), path); }


}  // namespace negsim
