// The one builder of imported scenarios (draft.hpp): ids from names, the defaults for what a format lacks, the
// scenario JSON and its validation by the project's loader.
#include "interop/draft.hpp"

#include "input/input_error.hpp"
#include "input/scenario_loader.hpp"
#include "model/text.hpp"
#include "model/utility.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <variant>

namespace negsim::interop {

namespace {

using ordered = nlohmann::ordered_json;

// The ideal the value function implies: the option of highest value (the first of equals), the end of an affine value
// where it is higher (the lower end when equal); a linear value keeps the ideal the format gave.
double implied_ideal(const DraftIssue& issue, const DraftValue& v, double given) {
    switch (v.kind) {
        case DraftValue::Kind::table:
            return static_cast<double>(std::max_element(v.table.begin(), v.table.end()) - v.table.begin());
        case DraftValue::Kind::affine: return v.at_max > v.at_min ? issue.max : issue.min;
        case DraftValue::Kind::linear: break;
    }
    return given;
}

std::string join(const std::vector<std::string>& words) {
    std::string out;
    for (std::size_t i = 0; i < words.size(); ++i) out += (i ? ", " : "") + words[i];
    return out;
}

}  // namespace

std::string past_limit(std::size_t limit, const std::string& thing) {
    const std::size_t n = limit + 1;
    const char* suffix = n % 100 / 10 == 1 ? "th" : n % 10 == 1 ? "st" : n % 10 == 2 ? "nd" : n % 10 == 3 ? "rd" : "th";
    return "a " + std::to_string(n) + suffix + " " + thing + "; negsim holds at most " + std::to_string(limit);
}

std::string Roster::add(const std::string& name) {
    if (index_.count(name)) return quote_text(name) + " appears twice; every " + thing_ + " must differ";
    if (names_.size() == limit_) return past_limit(limit_, thing_);
    index_.emplace(name, names_.size());
    names_.push_back(name);
    return {};
}

std::size_t Roster::find(const std::string& name) const {
    const auto it = index_.find(name);
    return it == index_.end() ? std::string::npos : it->second;
}

std::string make_id(const std::string& name, const char* prefix, std::vector<std::string>& taken) {
    std::string id;
    for (char c : name) {
        const char lower = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
        const bool keep = (lower >= 'a' && lower <= 'z') || (lower >= '0' && lower <= '9');
        if (keep) id += lower;
        else if (!id.empty() && id.back() != '_') id += '_';
    }
    while (!id.empty() && id.back() == '_') id.pop_back();
    if (id.size() > 48) id.resize(48);
    if (id.empty() || !(id[0] >= 'a' && id[0] <= 'z')) id = std::string(prefix) + "_" + id;
    while (!id.empty() && id.back() == '_') id.pop_back();
    std::string unique = id;
    for (int n = 2; std::find(taken.begin(), taken.end(), unique) != taken.end(); ++n) unique = id + "_" + std::to_string(n);
    taken.push_back(unique);
    return unique;
}

namespace {

// A scenario name (it names the output folder): letters, digits, '_', '-' and '.', anything else as '-'.
std::string safe_name(const std::string& text) {
    std::string out;
    for (char c : text) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
        out += ok ? c : '-';
    }
    while (!out.empty() && out[0] == '.') out.erase(0, 1);
    return out.empty() ? std::string("imported") : out;
}

}  // namespace

std::string name_from_file(const std::string& path) { return safe_name(std::filesystem::path(path).stem().string()); }

Imported build_scenario(Draft draft, const std::string& first_file, const ImportOptions& options) {
    Imported result;
    ordered root = ordered::object();
    root["version"] = 1;
    root["name"] = options.name ? *options.name : draft.name.empty() ? name_from_file(first_file) : safe_name(draft.name);
    root["description"] = draft.description;
    root["sources"] = ordered::array({"Imported by negsim import " + draft.format + " (docs/interop.md) from " + printable_text(first_file, 200) + "."});

    std::vector<std::string> taken, issue_ids;
    ordered issues = ordered::array();
    for (const DraftIssue& issue : draft.issues) {
        issue_ids.push_back(make_id(issue.name, "issue", taken));
        ordered j = {{"id", issue_ids.back()}, {"label", issue.name.empty() ? issue_ids.back() : issue.name}, {"unit", issue.unit}};
        if (issue.discrete) j["options"] = issue.options;
        else {
            j["min"] = issue.min;
            j["max"] = issue.max;
        }
        issues.push_back(j);
    }
    root["issues"] = issues;

    taken.clear();
    std::vector<std::string> unreserved;
    ordered agents = ordered::array();
    for (DraftAgent& agent : draft.agents) {
        const std::string id = make_id(agent.name, "agent", taken);
        ordered ideal = ordered::object(), weights = ordered::object(), values = ordered::object();
        for (std::size_t k = 0; k < draft.issues.size(); ++k) {
            const DraftIssue& issue = draft.issues[k];
            const DraftValue& v = agent.values[k];
            const double x = implied_ideal(issue, v, agent.ideal[k]);
            if (issue.discrete) ideal[issue_ids[k]] = issue.options[static_cast<std::size_t>(x)];
            else ideal[issue_ids[k]] = x;
            weights[issue_ids[k]] = agent.weights[k];
            if (v.kind == DraftValue::Kind::table) {
                ordered table = ordered::object();
                for (std::size_t o = 0; o < issue.options.size(); ++o) table[issue.options[o]] = v.table[o];
                values[issue_ids[k]] = table;
            } else if (v.kind == DraftValue::Kind::affine) {
                values[issue_ids[k]] = {{"at_min", v.at_min}, {"at_max", v.at_max}};
            }
        }
        ordered j = {{"id", id}, {"name", agent.name}, {"role", "signatory"}, {"power", agent.power}};
        if (!agent.notes.empty()) j["notes"] = agent.notes;
        if (agent.salience != 1.0) j["salience"] = agent.salience;
        j["ideal"] = ideal;
        j["weights"] = weights;
        if (!values.empty()) j["values"] = values;
        j["reservation"] = agent.reservation;
        if (agent.discount != 1.0) j["discount"] = agent.discount;
        j["strategy"] = {{"type", "boulware"}};
        agents.push_back(j);
        if (!agent.reservation_given) unreserved.push_back(id);
    }
    root["agents"] = agents;
    root["protocol"] = options.stacked ? ordered{{"type", "stacked-alternating"}, {"rounds", options.rounds}, {"offer", "aspiration-worst"},
                                                 {"acceptance", "aspiration"}, {"time", "genius"}}
                                       : ordered{{"type", "alternating"}, {"rounds", options.rounds}};
    ordered mc = {{"samples", 1000}};
    if (draft.seed) mc["seed"] = *draft.seed;
    root["monte_carlo"] = mc;

    result.notes = draft.notes;
    if (!unreserved.empty())
        result.notes.push_back("default: reservation value 0 (no deal is worth 0) for " + join(unreserved) + ": the file gives none");
    result.notes.push_back("default: every agent a signatory (a deal needs every party's acceptance) playing the boulware strategy (exponent 0.2)");
    result.notes.push_back(std::string("default: protocol ") +
                           (options.stacked ? "stacked alternating offers with GENIUS's rules (offers at the aspiration, acceptance at the "
                                              "aspiration, GENIUS's clock), "
                                            : "alternating offers, ") +
                           std::to_string(options.rounds) + " rounds (--rounds), proposers in file order; 1000 samples" + (draft.seed ? "" : ", seed 1"));
    result.scenario_json = root.dump(2) + "\n";
    // The project's one loader decides validity. The importers check what their formats can get wrong, so a rejection
    // here is a rule of negsim's that the files break in a way no importer anticipated: it names the files, and the
    // place in the scenario the import would have written.
    try {
        (void)parse_scenario(result.scenario_json, "the imported scenario");
    } catch (const InputError& e) {
        throw InputError(first_file, "", "the scenario built from this " + draft.format + " input breaks a rule of negsim's scenarios at " +
                                             (e.where().empty() ? std::string("its top level") : e.where()) + ": " + e.message());
    }
    return result;
}

double value_at(const Scenario& s, std::size_t agent, std::size_t issue, double x) {
    const Agent& a = s.agents[agent];
    return issue_value(a.values[issue], x, a.ideal[issue], s.issues[issue].span());
}

void note_dropped(const Scenario& s, std::vector<std::string>& notes, bool keeps_power, bool keeps_salience, bool keeps_reservation) {
    notes.push_back("dropped: the strategies, the protocol (" + std::to_string(s.protocol.rounds) +
                    " rounds) and the decision rule; the format holds preferences only");
    bool roles = false, ratification = false, votes = false, power = false, salience = false, reservation = false;
    for (const Agent& a : s.agents) {
        power = power || a.power != s.agents[0].power;
        salience = salience || a.salience != 1.0;
        reservation = reservation || a.reservation != 0.0;
        roles = roles || a.role != Role::signatory;
        ratification = ratification || a.ratification != 1.0;
        votes = votes || !a.votes.empty();
    }
    if (power && !keeps_power) notes.push_back("dropped: the agents' power");
    if (salience && !keeps_salience) notes.push_back("dropped: the agents' salience");
    if (reservation && !keeps_reservation) notes.push_back("dropped: the reservation values");
    if (roles) notes.push_back("dropped: the agents' roles (members and observers become parties like any other)");
    if (ratification) notes.push_back("dropped: the ratification probabilities");
    if (votes) notes.push_back("dropped: the vote weights");
    if (!s.requirements.empty() || !s.budgets.empty())
        notes.push_back("dropped: the constraints (" + std::to_string(s.requirements.size() + s.budgets.size()) +
                        "); the exported negotiation allows every package");
    bool uncertain = false;
    for (const AgentUncertainty& u : s.monte_carlo.agents) {
        uncertain = uncertain || u.weight_concentration > 0.0 || u.reservation.kind != Distribution::Kind::fixed ||
                    u.power.kind != Distribution::Kind::fixed || u.discount.kind != Distribution::Kind::fixed ||
                    u.exponent.kind != Distribution::Kind::fixed || u.salience.kind != Distribution::Kind::fixed;
        for (const Distribution& d : u.ideal) uncertain = uncertain || d.kind != Distribution::Kind::fixed;
    }
    if (uncertain || !s.monte_carlo.shocks.empty()) notes.push_back("dropped: the uncertainty and shocks; the nominal values are written");
    if (s.information.any_private) notes.push_back("dropped: who knows what (private information)");
}

void refuse_links(const Scenario& s, const std::string& file, const std::string& format) {
    for (std::size_t i = 0; i < s.agents.size(); ++i)
        if (!s.agents[i].links.empty())
            throw InputError(file, "/agents/" + std::to_string(i) + "/links",
                             "agent " + quote_text(s.agents[i].id) + " has links (a threshold value of an aggregate is one too); a link changes its utility and " + format +
                                 " cannot hold one, so the export would not be the same negotiation");
}

}  // namespace negsim::interop
