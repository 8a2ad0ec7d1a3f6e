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
#include "interop/csv_table.hpp"
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

// A column's header, or "<kind> <column>" when its header is empty: the field's name in messages.
std::string column_name(const CsvRow& header, std::size_t column, const char* kind) {
    return header.fields[column].empty() ? std::string(kind) + " " + std::to_string(column + 1) : header.fields[column];
}

void spatial_notes(Draft& d) {
    d.notes.push_back(d.format + ": one continuous issue per dimension, values linear in the distance from each actor's position; weights are the saliences normalised, "
                                 "agent salience = sum of its saliences / 100; power = capability");
}

}  // namespace

Draft read_ktab_csv(const std::string& path) {
    Draft d;
    d.format = "ktab-csv";
    const CsvTable table = read_csv(path);
    const auto& rows = table.rows;
    if (table.delimiter != ',') d.notes.push_back(delimiter_note(d.format, table.delimiter));
    if (rows.size() < 2) throw InputError(path, "", "expected a line \"name, description, nActors, nDims\", a header line and a line per actor");
    const Place head{path, rows[0], table.delimiter};
    d.name = head.text(0, "scenario name");
    d.description = head.optional_text(1, "description");
    const std::size_t actors = head.count(2, "nActors", 2, kMaxAgents);
    const std::size_t dims = head.count(3, "nDims", 1, kMaxIssues);
    if (rows[0].fields.size() > 4) head.fail(4, "extra", "unexpected field; the first line is name, description, nActors, nDims");
    // KTAB's reader (SMPModel::csvRead) skips the first three header fields and takes each dimension's name from the
    // header of its position column; the salience column's header is not read.
    const Place header{path, rows[1], table.delimiter};
    const std::size_t fields = 3 + 2 * dims;
    if (rows[1].fields.size() != fields)
        header.fail(std::min(rows[1].fields.size(), fields), "header", "the header has " + std::to_string(rows[1].fields.size()) + " fields; " + std::to_string(dims) +
                                                                        " dimensions need Actor, Description, Power and a position and a salience column per dimension");
    for (std::size_t k = 0; k < dims; ++k) {
        std::string name = header.optional_text(3 + 2 * k, "dimension name");
        if (name.empty()) name = "Dimension " + std::to_string(k + 1);
        d.issues.push_back(dimension(name, 0.0, kScale));
    }
    if (rows.size() - 2 != actors) throw InputError(path, "", "nActors says " + std::to_string(actors) + " actors but " + std::to_string(rows.size() - 2) + " actor lines follow");
    Roster names(kMaxAgents, "actor");
    const std::string scale = "the format's scale 0 to 100";
    for (std::size_t r = 2; r < rows.size(); ++r) {
        const Place p{path, rows[r], table.delimiter};
        if (rows[r].fields.size() != fields) p.fail(std::min(rows[r].fields.size(), fields), "actor line", "has " + std::to_string(rows[r].fields.size()) + " fields; expected " + std::to_string(fields));
        const std::string name = p.text(0, "Actor");
        p.check(0, "Actor", names.add(name));
        std::vector<double> position, salience;
        for (std::size_t k = 0; k < dims; ++k) {
            position.push_back(p.number(3 + 2 * k, column_name(rows[1], 3 + 2 * k, "position"), 0.0, kScale, scale));
            salience.push_back(p.number(4 + 2 * k, column_name(rows[1], 4 + 2 * k, "salience"), 0.0, kScale, scale));
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

Draft read_eu_csv(const std::string& path, const ImportOptions& options) {
    Draft d;
    d.format = "eu-csv";
    const CsvTable table = read_csv(path);
    const auto& rows = table.rows;
    if (table.delimiter != ',') d.notes.push_back(delimiter_note(d.format, table.delimiter));
    if (rows.empty()) throw InputError(path, "", "is empty; expected a header Actor, Capability, Position, Salience and a line per actor");
    const Place header{path, rows[0], table.delimiter};
    const std::vector<std::string> expected = {"actor", "capability", "position", "salience"};
    if (rows[0].fields.size() != expected.size()) header.fail(0, "header", "expected the header Actor, Capability, Position, Salience");
    header.columns(expected);
    // Positions are on the file's own scale (years, percent, dollars); the reference implementations divide distances
    // by the range of the actors' positions, a stated --scale replaces that range.
    const double lo = options.scale ? options.scale->first : -1e12, hi = options.scale ? options.scale->second : 1e12;
    const std::string stated = options.scale ? "the stated scale " + format_number(lo) + " to " + format_number(hi) + " (--scale)" : "";
    Roster names(kMaxAgents, "actor");
    std::vector<double> positions;
    for (std::size_t r = 1; r < rows.size(); ++r) {
        const Place p{path, rows[r], table.delimiter};
        if (rows[r].fields.size() != 4) p.fail(std::min<std::size_t>(rows[r].fields.size(), 4), "actor line", "has " + std::to_string(rows[r].fields.size()) + " fields; expected 4");
        const std::string name = p.text(0, "Actor");
        p.check(0, "Actor", names.add(name));
        positions.push_back(p.number(2, "Position", lo, hi, stated));
        d.agents.push_back(spatial_agent(name, p.number(1, "Capability", 0.0, 1e6), {positions.back()}, {p.number(3, "Salience", 0.0, kScale, "the format's scale 0 to 100")}));
        require_salience(d.agents.back(), path, rows[r].line);
    }
    if (d.agents.size() < 2) throw InputError(path, "", "has " + std::to_string(d.agents.size()) + " actors; negsim holds 2 to " + std::to_string(kMaxAgents));
    const auto [least, most] = std::minmax_element(positions.begin(), positions.end());
    if (!options.scale && !(*most > *least))
        throw InputError(path, "", "every actor's position is " + format_number(*least) + "; the scale is the range of the positions, so state one with --scale LO:HI");
    d.issues.push_back(dimension("Position", options.scale ? lo : *least, options.scale ? hi : *most));
    d.notes.push_back("eu-csv: positions on " + (options.scale ? stated : "the scale " + format_number(*least) + " to " + format_number(*most) +
                                                                               ", the range of the actors' positions, as the reference implementations divide distances by it (--scale LO:HI states another)"));
    d.description = "Expected-utility data (Bueno de Mesquita's model as replicated by Scholz et al. 2011), one issue.";
    spatial_notes(d);
    return d;
}

Draft read_decide(const std::string& path) {
    Draft d;
    d.format = "decide";
    const std::string text = read_file(path);
    const char delimiter = text.find('\t') != std::string::npos ? '\t' : text.find(';') != std::string::npos ? ';' : ',';
    const CsvTable table = parse_csv(path, text, delimiter);
    const auto& rows = table.rows;
    struct Entry { double position; double salience; double power; std::size_t line; };
    Roster actor_ids(kMaxAgents, "actor"), issue_ids(kMaxIssues, "issue");
    std::vector<std::pair<double, double>> scale;  // per issue: lowest and highest #M point
    std::map<std::pair<std::size_t, std::size_t>, Entry> entries;
    std::vector<std::string> actor_names, actor_notes;
    for (const CsvRow& row : rows) {
        const Place p{path, row, delimiter};
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
