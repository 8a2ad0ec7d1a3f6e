// The spatial formats in (docs/interop.md): KTAB's SMP CSV and XML, the expected-utility CSV of the Scholz et al. (2011)
// replications and the tagged CSV of the Stokman exchange-model tool decide. Each gives actors with a capability
// (power), and per dimension a position and a salience. One convention for all of them:
//   an issue per dimension, continuous over its scale (0-100, or decide's #M scale points), the value linear in the
//   distance from the actor's position (1 - |x - position| / span);
//   the weights are the saliences normalised, w_k = s_k / sum_j s_j;
//   the agent's salience is sum_k s_k / 100, so that salience_i u_i(x) = sum_k (s_ik / 100) v_ik(x_k): saliences on
//   0-100 are shares of the actor's attention (KTAB, Scholz et al.), and the stakes compare across actors as they do in
//   Stokman's exchange model (u_i = sum_k s_ik v_ik);
//   power = capability.
#include "interop/formats.hpp"

#include "input/scenario_loader.hpp"
#include "interop/xml_file.hpp"
#include "model/text.hpp"
#include "model/utf8.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

namespace negsim::interop {

namespace {

constexpr double kScale = 100.0;  // positions and saliences on 0-100

// One line of a delimited text file, its fields trimmed and unquoted ('...' or "...", a doubled quote inside one
// standing for itself); empty fields at the end of the line (KTAB and decide end lines with a delimiter) are dropped.
struct Row {
    std::size_t line = 0;
    std::vector<std::string> fields;
};

std::vector<Row> read_rows(const std::string& path, char delimiter) {
    const std::string text = read_file(path);
    std::vector<Row> rows;
    std::size_t line = 1, i = 0;
    while (i < text.size()) {
        Row row{line, {}};
        std::string field;
        bool any = false;
        while (i < text.size() && text[i] != '\n') {
            const char c = text[i];
            if (c == delimiter) { row.fields.push_back(trimmed(field)); field.clear(); ++i; continue; }
            if ((c == '"' || c == '\'') && trimmed(field).empty()) {
                const char quote = c;
                field.clear();
                ++i;
                while (true) {
                    if (i >= text.size() || text[i] == '\n') throw InputError(path + ":" + std::to_string(line), "", "a quoted field is not closed before the end of the line");
                    if (text[i] == quote && i + 1 < text.size() && text[i + 1] == quote) { field += quote; i += 2; continue; }
                    if (text[i] == quote) { ++i; break; }
                    field += text[i++];
                }
                any = true;
                continue;
            }
            field += c;
            ++i;
        }
        row.fields.push_back(any ? field : trimmed(field));
        ++i;
        ++line;
        while (!row.fields.empty() && row.fields.back().empty()) row.fields.pop_back();
        if (!row.fields.empty()) rows.push_back(std::move(row));
    }
    return rows;
}

struct Place {
    const std::string& path;
    const Row& row;
    [[noreturn]] void fail(std::size_t column, const std::string& what, const std::string& message) const {
        throw InputError(path + ":" + std::to_string(row.line), "field " + std::to_string(column + 1) + " (" + what + ")", message);
    }
    // A header row: its first expected.size() fields are the expected column names (lower case), in any letter case.
    void columns(const std::vector<std::string>& expected) const {
        for (std::size_t c = 0; c < expected.size(); ++c) {
            std::string lower = row.fields[c];
            std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
            if (lower != expected[c]) fail(c, "header", quote_text(row.fields[c]) + " is not the expected column " + quote_text(expected[c]));
        }
    }
    double number(std::size_t column, const std::string& what, double lo, double hi) const {
        if (column >= row.fields.size()) throw InputError(path + ":" + std::to_string(row.line), "", "missing field " + std::to_string(column + 1) + " (" + what + ")");
        double x = 0.0;
        if (!parse_number(row.fields[column], x)) fail(column, what, quote_text(row.fields[column]) + " is not a number; expected a decimal number");
        if (x < lo || x > hi) fail(column, what, format_number(x) + " is out of range; expected a value in [" + format_number(lo) + ", " + format_number(hi) + "]");
        return x;
    }
    // A count: a whole number in [lo, hi] ("2.5" actors is an error, not 2).
    std::size_t count(std::size_t column, const std::string& what, std::size_t lo, std::size_t hi) const {
        const double x = number(column, what, static_cast<double>(lo), static_cast<double>(hi));
        if (x != std::floor(x)) fail(column, what, format_number(x) + " is not a whole number; expected a count");
        return static_cast<std::size_t>(x);
    }
    // A name or a description: required (an error when missing or empty) or optional ("" when missing); UTF-8.
    std::string text(std::size_t column, const std::string& what) const {
        if (column >= row.fields.size() || row.fields[column].empty())
            throw InputError(path + ":" + std::to_string(row.line), "", "missing field " + std::to_string(column + 1) + " (" + what + ")");
        return optional_text(column, what);
    }
    std::string optional_text(std::size_t column, const std::string& what) const {
        if (column >= row.fields.size()) return {};
        check(column, what, utf8_problem(row.fields[column]));
        return row.fields[column];
    }
    // Refuses the field with `problem` unless it is "" (Roster::add, utf8_problem).
    void check(std::size_t column, const std::string& what, const std::string& problem) const {
        if (!problem.empty()) fail(column, what, problem);
    }
};

// The agent of one spatial actor: positions and saliences per dimension (saliences on 0-100).
DraftAgent spatial_agent(const std::string& name, double power, const std::vector<double>& position, const std::vector<double>& salience) {
    DraftAgent a;
    a.name = name;
    a.power = power;
    a.ideal = position;
    double sum = 0.0;
    for (double s : salience) sum += s;
    a.weights = salience;
    a.values.assign(position.size(), DraftValue{});
    a.salience = sum / kScale;
    return a;
}

void require_salience(const DraftAgent& a, const std::string& path, std::size_t line) {
    if (!(a.salience > 0.0)) throw InputError(path + ":" + std::to_string(line), "", "every salience of actor " + quote_text(a.name) + " is 0; at least one must be positive");
}

DraftIssue dimension(const std::string& name, double lo, double hi) {
    DraftIssue issue;
    issue.name = name;
    issue.unit = "position";
    issue.min = lo;
    issue.max = hi;
    return issue;
}

void spatial_notes(Draft& d) {
    d.notes.push_back(d.format + ": one continuous issue per dimension, values linear in the distance from each actor's position; weights are the saliences normalised, "
                                 "agent salience = sum of its saliences / 100; power = capability");
}

}  // namespace

Draft read_ktab_csv(const std::string& path) {
    Draft d;
    d.format = "ktab-csv";
    const auto rows = read_rows(path, ',');
    if (rows.size() < 2) throw InputError(path, "", "expected a line \"name, description, nActors, nDims\", a header line and a line per actor");
    const Place head{path, rows[0]};
    d.name = head.text(0, "scenario name");
    d.description = head.optional_text(1, "description");
    const std::size_t actors = head.count(2, "nActors", 2, kMaxAgents);
    const std::size_t dims = head.count(3, "nDims", 1, kMaxIssues);
    if (rows[0].fields.size() > 4) head.fail(4, "extra", "unexpected field; the first line is name, description, nActors, nDims");
    const Place header{path, rows[1]};
    std::vector<std::string> expected = {"actor", "description", "power"};
    for (std::size_t k = 1; k <= dims; ++k) {
        expected.push_back("pstn" + std::to_string(k));
        expected.push_back("sal" + std::to_string(k));
    }
    if (rows[1].fields.size() != expected.size()) header.fail(std::min(rows[1].fields.size(), expected.size()), "header", "the header has " + std::to_string(rows[1].fields.size()) + " fields; " + std::to_string(dims) + " dimensions need Actor, Description, Power and Pstn, Sal per dimension");
    header.columns(expected);
    for (std::size_t k = 1; k <= dims; ++k) d.issues.push_back(dimension("Dimension " + std::to_string(k), 0.0, kScale));
    if (rows.size() - 2 != actors) throw InputError(path, "", "nActors says " + std::to_string(actors) + " actors but " + std::to_string(rows.size() - 2) + " actor lines follow");
    Roster names(kMaxAgents, "actor");
    for (std::size_t r = 2; r < rows.size(); ++r) {
        const Place p{path, rows[r]};
        if (rows[r].fields.size() != expected.size()) p.fail(std::min(rows[r].fields.size(), expected.size()), "actor line", "has " + std::to_string(rows[r].fields.size()) + " fields; expected " + std::to_string(expected.size()));
        const std::string name = p.text(0, "Actor");
        p.check(0, "Actor", names.add(name));
        std::vector<double> position, salience;
        for (std::size_t k = 0; k < dims; ++k) {
            position.push_back(p.number(3 + 2 * k, "Pstn" + std::to_string(k + 1), 0.0, kScale));
            salience.push_back(p.number(4 + 2 * k, "Sal" + std::to_string(k + 1), 0.0, kScale));
        }
        d.agents.push_back(spatial_agent(name, p.number(2, "Power", 0.0, 1e6), position, salience));
        d.agents.back().notes = p.optional_text(1, "Description");
        require_salience(d.agents.back(), path, rows[r].line);
    }
    spatial_notes(d);
    return d;
}

Draft read_ktab_xml(const std::string& path) {
    Draft d;
    d.format = "ktab-xml";
    const XmlFile xml(path);
    const pugi::xml_node root = xml.root();
    if (std::string(root.name()) != "Scenario") xml.fail(root, "", "is not a KTAB scenario; expected <Scenario>");
    xml.only(root, {}, {"name", "desc", "prngSeed", "ModelParameters", "Dimensions", "Actors", "IdealAdjustment"});
    d.name = xml.content(xml.one(root, "name"));
    if (const auto desc = XmlFile::children(root, "desc"); !desc.empty()) d.description = xml.optional_content(desc[0]);
    if (const auto seed = XmlFile::children(root, "prngSeed"); !seed.empty()) {
        const std::string text = xml.content(seed[0]);
        std::uint64_t value = 0;
        for (char c : text) {
            if (c < '0' || c > '9' || value > (std::numeric_limits<std::uint64_t>::max() - static_cast<std::uint64_t>(c - '0')) / 10)
                xml.fail(seed[0], "", quote_text(text) + " is not a seed; expected a whole number below 2^64");
            value = value * 10 + static_cast<std::uint64_t>(c - '0');
        }
        d.seed = value;
        d.notes.push_back("ktab-xml: prngSeed became the Monte Carlo seed (negsim's generator differs from KTAB's)");
    }
    const std::vector<std::string> parameters = {"VictoryProbModel", "PCEModel", "StateTransitions", "VotingRule", "BigRAdjust", "BigRRange", "ThirdPartyCommit", "InterVecBrgn", "BargnModel"};
    if (const auto model = XmlFile::children(root, "ModelParameters"); !model.empty()) {
        xml.only(model[0], {}, parameters);
        std::string used;
        for (const pugi::xml_node p : model[0].children())
            if (p.type() == pugi::node_element) used += (used.empty() ? "" : ", ") + std::string(p.name()) + " " + xml.content(p);
        d.notes.push_back("ktab-xml: the SMP model parameters (" + used + ") set KTAB's own dynamics and have no negsim counterpart; not used");
    }
    const pugi::xml_node dims = xml.one(root, "Dimensions");
    xml.only(dims, {}, {"dName"});
    for (const pugi::xml_node name : XmlFile::children(dims, "dName")) {
        if (d.issues.size() == kMaxIssues) xml.fail(name, "", past_limit(kMaxIssues, "dimension"));
        d.issues.push_back(dimension(xml.content(name), 0.0, kScale));
    }
    if (d.issues.empty()) xml.fail(dims, "", "has no dimensions; negsim holds 1 to " + std::to_string(kMaxIssues));
    const pugi::xml_node actors = xml.one(root, "Actors");
    xml.only(actors, {}, {"Actor"});
    Roster names(kMaxAgents, "actor");
    for (const pugi::xml_node actor : XmlFile::children(actors, "Actor")) {
        xml.only(actor, {}, {"name", "description", "capability", "Position", "Salience"});
        const std::string name = xml.content(xml.one(actor, "name"));
        if (const std::string problem = names.add(name); !problem.empty()) xml.fail(actor, "", problem);
        std::vector<double> position, salience;
        for (const auto& [tag, item, out] : {std::tuple{"Position", "dCoord", &position}, std::tuple{"Salience", "dSal", &salience}}) {
            const pugi::xml_node list = xml.one(actor, tag);
            xml.only(list, {}, {item});
            for (const pugi::xml_node v : XmlFile::children(list, item)) {
                const double x = xml.number(v, nullptr);
                if (x < 0.0 || x > kScale) xml.fail(v, "", format_number(x) + " is out of range; expected a value in [0, 100]");
                out->push_back(x);
            }
            if (out->size() != d.issues.size()) xml.fail(list, "", "has " + std::to_string(out->size()) + " values; expected one per dimension, " + std::to_string(d.issues.size()));
        }
        const pugi::xml_node capability = xml.one(actor, "capability");
        const double power = xml.number(capability, nullptr);
        if (power < 0.0 || power > 1e6) xml.fail(capability, "", format_number(power) + " is out of range; expected a capability in [0, 1e6]");
        d.agents.push_back(spatial_agent(name, power, position, salience));
        if (const auto desc = XmlFile::children(actor, "description"); !desc.empty()) d.agents.back().notes = trimmed(xml.optional_content(desc[0]));
        if (!(d.agents.back().salience > 0.0)) xml.fail(actor, "", "every salience of this actor is 0; at least one must be positive");
    }
    if (d.agents.size() < 2) xml.fail(actors, "", "has " + std::to_string(d.agents.size()) + " actors; negsim holds 2 to " + std::to_string(kMaxAgents));
    if (const auto adjust = XmlFile::children(root, "IdealAdjustment"); !adjust.empty()) {
        xml.only(adjust[0], {}, {"iaPair"});
        for (const pugi::xml_node pair : XmlFile::children(adjust[0], "iaPair")) {
            xml.only(pair, {}, {"adjustingIdeal", "referencePos", "adjust"});
            for (const char* who : {"adjustingIdeal", "referencePos"}) {
                const std::string name = xml.content(xml.one(pair, who));
                if (names.find(name) == std::string::npos)
                    xml.fail(xml.one(pair, who), "", quote_text(name) + " is not an actor of the scenario");
            }
            (void)xml.number(xml.one(pair, "adjust"), nullptr);
        }
        d.notes.push_back("ktab-xml: IdealAdjustment moves ideals during KTAB's SMP dynamics; negsim's ideals are the actors' initial positions, not adjusted");
    }
    spatial_notes(d);
    return d;
}

Draft read_eu_csv(const std::string& path) {
    Draft d;
    d.format = "eu-csv";
    const auto rows = read_rows(path, ',');
    if (rows.empty()) throw InputError(path, "", "is empty; expected a header Actor, Capability, Position, Salience and a line per actor");
    const Place header{path, rows[0]};
    const std::vector<std::string> expected = {"actor", "capability", "position", "salience"};
    if (rows[0].fields.size() != expected.size()) header.fail(0, "header", "expected the header Actor, Capability, Position, Salience");
    header.columns(expected);
    d.issues.push_back(dimension("Position", 0.0, kScale));
    Roster names(kMaxAgents, "actor");
    for (std::size_t r = 1; r < rows.size(); ++r) {
        const Place p{path, rows[r]};
        if (rows[r].fields.size() != 4) p.fail(std::min<std::size_t>(rows[r].fields.size(), 4), "actor line", "has " + std::to_string(rows[r].fields.size()) + " fields; expected 4");
        const std::string name = p.text(0, "Actor");
        p.check(0, "Actor", names.add(name));
        d.agents.push_back(spatial_agent(name, p.number(1, "Capability", 0.0, 1e6), {p.number(2, "Position", 0.0, kScale)}, {p.number(3, "Salience", 0.0, kScale)}));
        require_salience(d.agents.back(), path, rows[r].line);
    }
    if (d.agents.size() < 2) throw InputError(path, "", "has " + std::to_string(d.agents.size()) + " actors; negsim holds 2 to " + std::to_string(kMaxAgents));
    d.description = "Expected-utility data (Bueno de Mesquita's model as replicated by Scholz et al. 2011), one issue.";
    spatial_notes(d);
    return d;
}

Draft read_decide(const std::string& path) {
    Draft d;
    d.format = "decide";
    const std::string text = read_file(path);
    const char delimiter = text.find('\t') != std::string::npos ? '\t' : text.find(';') != std::string::npos ? ';' : ',';
    const auto rows = read_rows(path, delimiter);
    struct Entry { double position; double salience; double power; std::size_t line; };
    Roster actor_ids(kMaxAgents, "actor"), issue_ids(kMaxIssues, "issue");
    std::vector<std::pair<double, double>> scale;  // per issue: lowest and highest #M point
    std::map<std::pair<std::size_t, std::size_t>, Entry> entries;
    std::vector<std::string> actor_names, actor_notes;
    for (const Row& row : rows) {
        const Place p{path, row};
        const std::string& tag = row.fields[0];
        if (tag == "#A") {
            const std::string id = p.text(1, "actor id");
            p.check(1, "actor id", actor_ids.add(id));
            const std::string name = p.optional_text(2, "actor name");  // #A id, full name, comment
            actor_names.push_back(name.empty() ? id : name);
            actor_notes.push_back(p.optional_text(3, "comment"));
        } else if (tag == "#P") {
            p.check(1, "issue id", issue_ids.add(p.text(1, "issue id")));
            scale.emplace_back(std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity());
        } else if (tag == "#M" || tag == "#D") {
            const bool point = tag == "#M";
            const std::string issue = p.text(point ? 1 : 2, "issue id");
            const std::size_t k = issue_ids.find(issue);
            if (k == std::string::npos) p.fail(point ? 1 : 2, "issue id", unknown_name("issue", issue, issue_ids.names()) + "; define it with #P before this line");
            if (point) {
                const double x = p.number(2, "position", -1e12, 1e12);
                scale[k] = {std::min(scale[k].first, x), std::max(scale[k].second, x)};
                continue;
            }
            const std::string actor = p.text(1, "actor id");
            const std::size_t i = actor_ids.find(actor);
            if (i == std::string::npos) p.fail(1, "actor id", unknown_name("actor", actor, actor_ids.names()) + "; define it with #A before this line");
            if (entries.count({i, k})) p.fail(1, "actor id", "a second #D line for actor " + quote_text(actor) + " on issue " + quote_text(issue));
            entries[{i, k}] = {p.number(3, "position", -1e12, 1e12), p.number(4, "salience", 0.0, kScale), p.number(5, "power", 0.0, kScale), row.line};
        } else if (tag != "#O" && tag != "#/") {
            p.fail(0, "tag", quote_text(tag) + " is not a decide row; expected #A, #P, #M, #D, #O or #/");
        }
    }
    const std::vector<std::string>& actors = actor_ids.names();
    const std::vector<std::string>& issues = issue_ids.names();
    if (actors.size() < 2) throw InputError(path, "", std::to_string(actors.size()) + " actors (#A); negsim holds 2 to " + std::to_string(kMaxAgents));
    if (issues.empty()) throw InputError(path, "", "no issues (#P); negsim holds 1 to " + std::to_string(kMaxIssues));
    for (std::size_t k = 0; k < issues.size(); ++k) {
        if (scale[k].first > scale[k].second) {  // decide's default scale without #M points
            scale[k] = {0.0, kScale};
            d.notes.push_back("decide: issue " + issues[k] + " has no #M scale points; decide's default scale 0-100 is used");
        }
        if (!(scale[k].second > scale[k].first)) throw InputError(path, "", "issue " + quote_text(issues[k]) + " has a single scale point; its #M points must span a range");
        d.issues.push_back(dimension(issues[k], scale[k].first, scale[k].second));
    }
    for (std::size_t i = 0; i < actors.size(); ++i) {
        std::vector<double> position(issues.size()), salience(issues.size(), 0.0);
        double power = -1.0;
        for (std::size_t k = 0; k < issues.size(); ++k) {
            const auto it = entries.find({i, k});
            if (it == entries.end()) {
                position[k] = scale[k].first;
                d.notes.push_back("decide: actor " + actors[i] + " has no #D line on issue " + issues[k] + "; salience 0 there");
                continue;
            }
            const Entry& e = it->second;
            if (e.position < scale[k].first || e.position > scale[k].second)
                throw InputError(path + ":" + std::to_string(e.line), "field 4 (position)", format_number(e.position) + " is outside the issue's scale [" + format_number(scale[k].first) + ", " + format_number(scale[k].second) + "]");
            if (power >= 0.0 && e.power != power)
                throw InputError(path + ":" + std::to_string(e.line), "field 6 (power)", format_number(e.power) + " differs from this actor's power on an earlier issue, " + format_number(power) +
                                                                                     "; negsim's power is one number per agent, so it cannot hold a power per issue");
            power = e.power;
            position[k] = e.position;
            salience[k] = e.salience;
        }
        d.agents.push_back(spatial_agent(actor_names[i], std::max(power, 0.0), position, salience));
        d.agents.back().notes = actor_notes[i];
        if (!(d.agents.back().salience > 0.0)) throw InputError(path, "", "every salience of actor " + quote_text(actors[i]) + " is 0 (or missing); at least one must be positive");
    }
    d.description = "Stokman exchange-model data (decide), " + std::to_string(issues.size()) + " issues.";
    spatial_notes(d);
    return d;
}

}  // namespace negsim::interop
